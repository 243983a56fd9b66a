import type { Entry } from '../../corpus/entry.ts';
import { fieldText, INDEXED_FIELDS } from '../fields.ts';
import { termsOf } from './tsquery.ts';

/**
 * The entry's own terms a query matched, for the snippet's highlighting: the exact terms it
 * holds, and its words that a prefix (the half-typed last word) expanded to.
 */
export function matchedTerms(entry: Entry, exact: readonly string[], prefixes: readonly string[]): string[] {
  const own = new Set(INDEXED_FIELDS.flatMap((field) => termsOf(fieldText(entry, field))));
  const matched = new Set(exact.filter((term) => own.has(term)));
  if (prefixes.length)
    for (const term of own) if (prefixes.some((prefix) => term.startsWith(prefix))) matched.add(term);
  return [...matched];
}
