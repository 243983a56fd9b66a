import type { Entry } from '../corpus/entry.ts';

/** The fields of an entry the index reads. */
export const INDEXED_FIELDS = ['title', 'authors', 'summary', 'abstract', 'journal', 'accession', 'doi'] as const;
export type IndexedField = (typeof INDEXED_FIELDS)[number];

/**
 * Title and author words say more about what an entry is than a word deep in its abstract;
 * an accession or DOI typed as words names one entry. Measured: boosts cost no search time.
 */
export const FIELD_BOOSTS: Readonly<Record<IndexedField, number>> = {
  title: 3,
  authors: 2.5,
  accession: 4,
  doi: 4,
  summary: 1.2,
  journal: 1,
  abstract: 1,
};

/** Words that match nearly every entry: they say nothing and cost the most to score. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be by for from has have in into is it its of on or that the their this to was were which with we our these those than via'.split(
    ' ',
  ),
);

/**
 * Spaces, punctuation (every Unicode dash among it) and the dash-like symbols outside it
 * (minus sign, small and full-width hyphen-minus) separate terms, so `COVID‑19` and
 * `COVID-19` are the same two terms; other symbols stay inside a term (`CD4+`).
 */
const TERM_SEPARATOR = /[\n\r\p{Z}\p{P}\u2212\ufe63\uff0d]+/u;

/** Raw tokens of a text, before processing (MiniSearch's `tokenize`, for documents and queries). */
export function tokenize(text: string): string[] {
  return text.split(TERM_SEPARATOR);
}

/** Case- and accent-insensitive terms, stop words dropped (MiniSearch's `processTerm`). */
export function processTerm(term: string): string | null {
  const folded = isAscii(term)
    ? term.toLowerCase()
    : term
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase();
  if (!folded || STOP_WORDS.has(folded)) return null;
  return folded;
}

/** The index terms a piece of text stands for, in order. */
export function queryTerms(text: string): string[] {
  return tokenize(text).flatMap((token) => processTerm(token) ?? []);
}

export function fieldText(entry: Entry, field: IndexedField): string {
  switch (field) {
    case 'title':
      return entry.title;
    case 'authors':
      return entry.authors.join(' ; ');
    case 'summary':
      return entry.summary ?? '';
    case 'abstract':
      return entry.abstract ?? '';
    case 'journal':
      return entry.journal ?? '';
    case 'accession':
      return entry.accession ?? '';
    case 'doi':
      return entry.doi ?? '';
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
