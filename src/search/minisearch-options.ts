import type { Options, SearchOptions } from 'minisearch';
import type { Entry } from '../corpus/entry.ts';
import { FIELD_BOOSTS, INDEXED_FIELDS, fieldText, processTerm, tokenize, type IndexedField } from './fields.ts';

/**
 * How paperbot configures MiniSearch. Every choice below was measured on the bench's 520
 * queries (bench/README.md, "How the MiniSearch index is set up"): MiniSearch scores every
 * document of every term a query expands
 * to before AND narrows the set, so the cost of a query is the number of postings its
 * expansions touch. Prefix and typo expansion are therefore kept to where they help.
 */

/** A prefix this short expands to thousands of terms and says little: the last word matches as a prefix from 3 letters. */
export const MIN_PREFIX_LENGTH = 3;

/**
 * Words this long tolerate typos; shorter ones (`MSC`, `T cell`, `lung`) match exactly, since
 * one edit on a short word finds a different word.
 */
export const MIN_FUZZY_LENGTH = 6;

/** Edits a word of MIN_FUZZY_LENGTH letters or more may be off by. */
export const TYPO_EDITS = 1;

/** Words this long may be off by two edits: a swapped pair of letters is two edits. */
export const MIN_TWO_EDIT_LENGTH = 9;

/** Index options: shared by building, loading a snapshot and every search. */
export const INDEX_OPTIONS: Options<Entry> = {
  idField: 'key',
  fields: [...INDEXED_FIELDS],
  // Entries are kept beside the index, so MiniSearch stores nothing itself.
  storeFields: [],
  extractField: (entry, field) => (field === 'key' ? entry.key : fieldText(entry, field as IndexedField)),
  tokenize,
  processTerm,
  searchOptions: { boost: { ...FIELD_BOOSTS } },
  // MiniSearch's own background vacuum walks the term tree across timer ticks, and an `add` landing
  // between two of its batches made it throw ("fieldsData is not iterable") as an unhandled
  // rejection; the backend vacuums itself, between changes, instead.
  autoVacuum: false,
};

/** When the backend vacuums discarded documents: MiniSearch's own default conditions. */
export const VACUUM_CONDITIONS = { minDirtCount: 20, minDirtFactor: 0.1 } as const;

/** Only the last word of the query matches as a prefix, and only from MIN_PREFIX_LENGTH letters. */
export function lastWordPrefix(term: string, index: number, terms: readonly string[]): boolean {
  return index === terms.length - 1 && term.length >= MIN_PREFIX_LENGTH;
}

/** Every word matches as a prefix: what an autocomplete box needs while the user types. */
export function everyWordPrefix(term: string): boolean {
  return term.length >= MIN_PREFIX_LENGTH - 1;
}

/** Absolute edits for a word (MiniSearch reads a number of 1 or more as edits, not a fraction). */
export function typoEdits(term: string): number | false {
  if (term.length >= MIN_TWO_EDIT_LENGTH) return TYPO_EDITS + 1;
  return term.length >= MIN_FUZZY_LENGTH ? TYPO_EDITS : false;
}

/** What a search for a user's words uses: AND, boosts, last-word prefix, typos on long words. */
export function wordSearch(combineWith: 'AND' | 'OR'): SearchOptions {
  return { combineWith, boost: { ...FIELD_BOOSTS }, prefix: lastWordPrefix, fuzzy: typoEdits };
}

/** Exact terms only: excluded words, similar-entry terms. */
export const EXACT_SEARCH: SearchOptions = { prefix: false, fuzzy: false };
