import type { Entry } from '../corpus/entry.ts';

/** The fields of an entry the index reads, in a fixed order: a field's number is its position here. */
export const INDEXED_FIELDS = ['title', 'authors', 'summary', 'abstract', 'journal', 'accession', 'doi'] as const;
export type IndexedField = (typeof INDEXED_FIELDS)[number];
export const FIELD_COUNT = INDEXED_FIELDS.length;

/** Title and author words say more about what an entry is than a word deep in its abstract. */
export const FIELD_BOOSTS: Readonly<Record<IndexedField, number>> = { title: 3, authors: 2.5, accession: 4, doi: 4, summary: 1.2, journal: 1, abstract: 1 };

/** Words that match nearly every entry and only slow searches down. */
const STOP_WORDS = new Set(
  'a an and are as at be by for from has have in into is it its of on or that the their this to was were which with we our these those than via'.split(' '),
);

/** Spaces and punctuation separate terms; symbols such as `+` stay inside them (`CD4+`). */
export const TERM_SEPARATOR = /[\n\r\p{Z}\p{P}]+/u;

/** Case- and accent-insensitive terms; stop words dropped. Shared by indexing and querying. */
export function processTerm(term: string): string | null {
  const folded = isAscii(term) ? term.toLowerCase() : term.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  if (!folded || STOP_WORDS.has(folded)) return null;
  return folded;
}

/** Raw tokens of a field, before processing: what the field length counts. */
export function tokenize(text: string): string[] {
  return text.split(TERM_SEPARATOR);
}

/** The index terms a piece of query text stands for, in order. */
export function queryTerms(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term) terms.push(term);
  }
  return terms;
}

export function fieldText(entry: Entry, field: IndexedField): string {
  switch (field) {
    case 'title': return entry.title;
    case 'authors': return entry.authors.join(' ; ');
    case 'summary': return entry.summary ?? '';
    case 'abstract': return entry.abstract ?? '';
    case 'journal': return entry.journal ?? '';
    case 'accession': return entry.accession ?? '';
    case 'doi': return entry.doi ?? '';
  }
}

/** One entry as the index stores it: term counts and length per field. */
export interface AnalysedEntry {
  readonly key: string;
  /** Per field, in INDEXED_FIELDS order: term -> occurrences. */
  readonly terms: readonly ReadonlyMap<string, number>[];
  /** Per field: distinct raw tokens, the length BM25 normalises by. */
  readonly lengths: readonly number[];
}

export function analyseEntry(entry: Entry): AnalysedEntry {
  const terms: Map<string, number>[] = [];
  const lengths: number[] = [];
  for (const field of INDEXED_FIELDS) {
    const tokens = tokenize(fieldText(entry, field));
    const counts = new Map<string, number>();
    for (const token of tokens) {
      const term = processTerm(token);
      if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    terms.push(counts);
    lengths.push(new Set(tokens).size);
  }
  return { key: entry.key, terms, lengths };
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
