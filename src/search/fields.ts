import type { Options } from 'minisearch';
import type { Entry } from '../corpus/entry.ts';

/** One entry as MiniSearch indexes it. */
export interface IndexedDocument {
  readonly id: string;
  readonly title: string;
  readonly authors: string;
  readonly summary: string;
  readonly abstract: string;
  readonly journal: string;
  readonly accession: string;
  readonly doi: string;
}

export const INDEXED_FIELDS = ['title', 'authors', 'summary', 'abstract', 'journal', 'accession', 'doi'] as const;

/** Title and author words say more about what an entry is than a word deep in its abstract. */
export const FIELD_BOOSTS: Readonly<Record<string, number>> = { title: 3, authors: 2.5, accession: 4, doi: 4, summary: 1.2, journal: 1, abstract: 1 };

/** Words that match nearly every entry and only slow searches down. */
const STOP_WORDS = new Set(
  'a an and are as at be by for from has have in into is it its of on or that the their this to was were which with we our these those than via'.split(' '),
);

/** Case- and accent-insensitive terms; stop words dropped. Shared by indexing and querying. */
export function processTerm(term: string): string | null {
  const folded = term.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  if (!folded || STOP_WORDS.has(folded)) return null;
  return folded;
}

export function toIndexedDocument(entry: Entry): IndexedDocument {
  return {
    id: entry.key,
    title: entry.title,
    authors: entry.authors.join(' ; '),
    summary: entry.summary ?? '',
    abstract: entry.abstract ?? '',
    journal: entry.journal ?? '',
    accession: entry.accession ?? '',
    doi: entry.doi ?? '',
  };
}

export const MINISEARCH_OPTIONS: Options<IndexedDocument> = {
  fields: [...INDEXED_FIELDS],
  storeFields: [],
  processTerm,
};
