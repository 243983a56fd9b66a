import { createHash } from 'node:crypto';
import type { Entry } from '../../corpus/entry.ts';
import { INDEXED_FIELDS, fieldText, tokenize } from '../fields.ts';
import { termsOf } from './tsquery.ts';

/** An entry as the columns of `search_entries` (arrays, one per column, for an `unnest` insert). */
export interface EntryColumns {
  readonly key: string[];
  readonly entry: string[];
  readonly digest: string[];
  readonly kind: string[];
  readonly year: (number | null)[];
  readonly accession: (string | null)[];
  readonly title: string[];
  readonly titleWords: string[];
  readonly authorWords: string[];
  readonly bodyWords: string[];
  readonly idWords: string[];
}

export function entryColumns(entries: readonly Entry[]): EntryColumns {
  const columns: EntryColumns = {
    key: [],
    entry: [],
    digest: [],
    kind: [],
    year: [],
    accession: [],
    title: [],
    titleWords: [],
    authorWords: [],
    bodyWords: [],
    idWords: [],
  };
  for (const entry of entries) {
    const json = JSON.stringify(entry);
    columns.key.push(entry.key);
    columns.entry.push(json);
    columns.digest.push(entryDigest(json));
    columns.kind.push(entry.kind);
    columns.year.push(entry.year ?? null);
    columns.accession.push(entry.accession ?? null);
    columns.title.push(entry.title);
    columns.titleWords.push(words(fieldText(entry, 'title')));
    columns.authorWords.push(words(fieldText(entry, 'authors')));
    columns.bodyWords.push(
      words([fieldText(entry, 'summary'), fieldText(entry, 'abstract'), fieldText(entry, 'journal')].join(' ')),
    );
    columns.idWords.push(words([fieldText(entry, 'accession'), fieldText(entry, 'doi')].join(' ')));
  }
  return columns;
}

/** What decides whether a stored row is still the entry: a hash of the entry as JSON. */
export function entryDigest(json: string): string {
  return createHash('sha1').update(json).digest('base64url');
}

/** Each entry's distinct terms, one after another: the vocabulary typos are corrected against and prefixes completed from. */
export function entryTerms(entries: readonly Entry[]): string[] {
  return entries.flatMap((entry) => [...new Set(INDEXED_FIELDS.flatMap((field) => termsOf(fieldText(entry, field))))]);
}

/**
 * Text split into words the way both backends split it, accents folded as the query's terms are
 * (processTerm), joined by spaces for PostgreSQL's parser: a server without unaccent then matches
 * `Müller` as `muller` all the same.
 */
function words(text: string): string {
  const joined = tokenize(text).filter(Boolean).join(' ');
  return /^[\x00-\x7f]*$/.test(joined) ? joined : joined.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}
