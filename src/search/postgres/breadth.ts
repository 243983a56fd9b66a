import type { Sql } from '../../store/postgres-database.ts';
import type { Corrections, WordTerms } from './tsquery.ts';
import { termsOf } from './tsquery.ts';

/**
 * About how many entries a query matches, from how many entries hold each of its terms
 * (`search_words`), as if the words were independent: what decides whether the RUM index
 * orders the matches. RUM computes a distance for every match before it returns the first, so
 * a query of common words (a prefix completed to "data", "date", "database", …) costs time in
 * proportion to a large part of the table.
 */
export async function estimateMatches(sql: Sql, query: { words: readonly WordTerms[]; corrections: Corrections; phrases: readonly string[]; combine: '&' | '|' }, entries: number): Promise<number> {
  if (entries <= 0) return 0;
  const alternatives = (part: string): string[] => [part, ...(query.corrections.get(part) ?? [])];
  const groups = [...query.words.map((word) => word.parts.map(alternatives)), ...query.phrases.map((phrase) => termsOf(phrase).map((part) => [part]))].filter((group) => group.length);
  if (!groups.length) return 0;
  // A stop word is no part of the tsquery, however many entries hold it.
  const rows = await sql.query<{ word: string; entries: number }>(
    "SELECT word, entries FROM search_words WHERE word = ANY($1) AND to_tsvector('paperbot', word) <> ''::tsvector",
    [[...new Set(groups.flat(2))]],
  );
  const held = new Map(rows.map((row) => [row.word, Number(row.entries)]));
  // A word of several parts (`covid-19`) matches at most as often as its rarest part; a word with
  // alternatives at most as often as all of them together.
  // A part that is a stop word drops out of the query: it narrows nothing.
  const share = (group: readonly string[][]): number => Math.min(1, ...group.map((part) => Math.min(1, part.reduce((sum, term) => sum + (held.get(term) ?? 0), 0) / entries)));
  const shares = groups.map(share);
  const matched = query.combine === '&' ? shares.reduce((product, value) => product * value, 1) : 1 - shares.reduce((product, value) => product * (1 - value), 1);
  return Math.round(matched * entries);
}
