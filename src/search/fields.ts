import type { Entry } from '../corpus/entry.ts';

/** The fields of an entry the index reads, in a fixed order: a field's number is its position here. */
export const INDEXED_FIELDS = ['title', 'authors', 'summary', 'abstract', 'journal', 'accession', 'doi'] as const;
export type IndexedField = (typeof INDEXED_FIELDS)[number];
export const FIELD_COUNT = INDEXED_FIELDS.length;

/** Title and author words say more about what an entry is than a word deep in its abstract. */
export const FIELD_BOOSTS: Readonly<Record<IndexedField, number>> = { title: 3, authors: 2.5, accession: 4, doi: 4, summary: 1.2, journal: 1, abstract: 1 };

/** Words that match nearly every entry and only slow searches down. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be by for from has have in into is it its of on or that the their this to was were which with we our these those than via'.split(' '),
);

/** Spaces and punctuation separate terms; symbols such as `+` stay inside them (`CD4+`). */
const TERM_SEPARATOR = /[\n\r\p{Z}\p{P}]+/u;

/** Case- and accent-insensitive terms; stop words dropped. Shared by indexing and querying. */
export function processTerm(term: string): string | null {
  const folded = isAscii(term) ? term.toLowerCase() : term.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  if (!folded || STOP_WORDS.has(folded)) return null;
  return folded;
}

/** Raw tokens of a text, before processing; the same as `text.split(TERM_SEPARATOR)`. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const width = separatorWidth(text, i);
    if (!width) {
      i++;
      continue;
    }
    tokens.push(text.slice(start, i));
    i += width;
    while (i < text.length) {
      const next = separatorWidth(text, i);
      if (!next) break;
      i += next;
    }
    start = i;
  }
  tokens.push(text.slice(start));
  return tokens;
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

/**
 * Visits the terms `tokenize` + `processTerm` would give, without making strings for plain
 * ones: an all-ASCII token comes as its range of `text` (not yet lower-cased, stop words
 * included: the caller's TermTable does both), any other as its processed term.
 */
export function scanTerms(text: string, onAsciiToken: (start: number, end: number) => void, onTerm: (term: string) => void): void {
  let start = 0;
  let ascii = true;
  let i = 0;
  const emit = (end: number): void => {
    if (end > start) {
      if (ascii) onAsciiToken(start, end);
      else {
        const term = processTerm(text.slice(start, end));
        if (term) onTerm(term);
      }
    }
    ascii = true;
  };
  while (i < text.length) {
    const width = separatorWidth(text, i);
    if (!width) {
      if (text.charCodeAt(i) > 0x7f) ascii = false;
      i++;
      continue;
    }
    emit(i);
    i += width;
    start = i;
  }
  emit(text.length);
}

/**
 * Counts a field's terms into `counts` (cleared first) and returns the field's length for
 * BM25: its number of distinct terms. `counts` is passed in so bulk indexing reuses one map.
 */
function analyseField(text: string, counts: Map<string, number>): number {
  counts.clear();
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts.size;
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
  /** Per field: distinct terms, the length BM25 normalises by. */
  readonly lengths: readonly number[];
}

export function analyseEntry(entry: Entry): AnalysedEntry {
  const terms: Map<string, number>[] = [];
  const lengths: number[] = [];
  for (const field of INDEXED_FIELDS) {
    const counts = new Map<string, number>();
    lengths.push(analyseField(fieldText(entry, field), counts));
    terms.push(counts);
  }
  return { key: entry.key, terms, lengths };
}

/** ASCII characters that separate terms, worked out from TERM_SEPARATOR itself so the two never disagree. */
const ASCII_SEPARATORS = Uint8Array.from({ length: 128 }, (_, code) => (TERM_SEPARATOR.test(String.fromCharCode(code)) ? 1 : 0));
const SINGLE_SEPARATOR = new RegExp(`^(?:${TERM_SEPARATOR.source})$`, 'u');
const otherSeparators = new Map<number, boolean>();

/** Length in UTF-16 units of the separator character at `i`, or 0 when it is not one. */
function separatorWidth(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) return ASCII_SEPARATORS[code] as number;
  const point = text.codePointAt(i) as number;
  let separates = otherSeparators.get(point);
  if (separates === undefined) {
    separates = SINGLE_SEPARATOR.test(String.fromCodePoint(point));
    otherSeparators.set(point, separates);
  }
  return separates ? (point > 0xffff ? 2 : 1) : 0;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
