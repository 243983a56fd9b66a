import type { Entry } from '../../corpus/entry.ts';
import type { Corrections, WordTerms } from './tsquery.ts';
import { termsOf } from './tsquery.ts';

/**
 * How many of the query's words an entry's title or author names hold: what decides the order
 * of the nearest matches before their text rank does. Someone who types three words of a
 * title means the entry with all three in its title, above one that repeats two of them
 * through its abstract; PostgreSQL's cover density alone ranks the second higher. (Preferring
 * the shorter of two titles that hold as many words, as a field-length norm would, lost more
 * known items on the bench than it found: real titles are long.)
 */
export function titleCoverage(entry: Pick<Entry, 'title' | 'authors'>, words: readonly WordTerms[], corrections: Corrections, phrases: readonly string[]): number {
  const own = new Set([...termsOf(entry.title), ...entry.authors.flatMap(termsOf)]);
  const holds = (part: string, prefix: boolean): boolean =>
    own.has(part) || (corrections.get(part) ?? []).some((near) => own.has(near)) || (prefix && [...own].some((term) => term.startsWith(part)));
  let covered = 0;
  for (const word of words) if (word.parts.every((part, index) => holds(part, word.prefix && index === word.parts.length - 1))) covered += 1;
  for (const phrase of phrases) {
    const parts = termsOf(phrase);
    if (parts.length && parts.every((part) => own.has(part))) covered += 1;
  }
  return covered;
}
