import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import type { Entry } from '../corpus/entry.ts';
import { FIELD_BOOSTS, MINISEARCH_OPTIONS, toIndexedDocument, type IndexedDocument } from './fields.ts';
import { entryFilter } from './filters.ts';
import { isFilterOnly, type ParsedQuery } from './query.ts';
import { parseReference } from './references.ts';

export interface Hit {
  readonly entry: Entry;
  readonly score: number;
  /** Index terms that matched (after prefix and typo expansion), for highlighting. */
  readonly terms: readonly string[];
}

export interface SearchPage {
  readonly hits: readonly Hit[];
  readonly total: number;
}

/** Words shorter than this are matched exactly: a typo allowance on `MSC` would match half the corpus. */
const MIN_FUZZY_LENGTH = 5;
const FUZZINESS = 0.2;
const MAX_FUZZY_EDITS = 2;
/** A prefix of one letter expands to thousands of terms and says little. */
const MIN_PREFIX_LENGTH = 2;
const SIMILAR_QUERY_TERMS = 24;

const rankedSearch: SearchOptions = {
  boost: FIELD_BOOSTS,
  combineWith: 'AND',
  prefix: (term, index, terms) => index === terms.length - 1 && term.length >= MIN_PREFIX_LENGTH,
  fuzzy: (term) => (term.length >= MIN_FUZZY_LENGTH ? FUZZINESS : false),
  maxFuzzy: MAX_FUZZY_EDITS,
};

/** The corpus as MiniSearch sees it, plus the lookups commands need: refs, filters, similar. */
export class CorpusIndex {
  private readonly search_: MiniSearch<IndexedDocument>;
  private readonly entries = new Map<string, Entry>();
  private readonly byAccession = new Map<string, string>();

  constructor(entries: Iterable<Entry> = [], snapshot?: MiniSearch<IndexedDocument>) {
    this.search_ = snapshot ?? new MiniSearch<IndexedDocument>({ ...MINISEARCH_OPTIONS, idField: 'id' });
    const documents: IndexedDocument[] = [];
    for (const entry of entries) {
      this.remember(entry);
      if (!snapshot) documents.push(toIndexedDocument(entry));
    }
    if (documents.length) this.search_.addAll(documents);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  all(): IterableIterator<Entry> {
    return this.entries.values();
  }

  /** The MiniSearch index itself, for snapshots. */
  get engine(): MiniSearch<IndexedDocument> {
    return this.search_;
  }

  upsert(entry: Entry): void {
    if (this.entries.has(entry.key)) this.remove(entry.key);
    this.remember(entry);
    this.search_.add(toIndexedDocument(entry));
  }

  remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (entry.accession && this.byAccession.get(entry.accession) === key) this.byAccession.delete(entry.accession);
    this.search_.discard(key);
  }

  search(query: ParsedQuery, page: { offset: number; limit: number }): SearchPage {
    const results = this.rank(query);
    return {
      total: results.length,
      hits: results.slice(page.offset, page.offset + page.limit).flatMap((result) => {
        const entry = this.entries.get(String(result.id));
        return entry ? [{ entry, score: result.score, terms: result.terms }] : [];
      }),
    };
  }

  /** Finds the one entry a user named by key, accession, DOI, link or words. */
  resolve(input: string): Entry | undefined {
    const reference = parseReference(input);
    if (reference.kind === 'keys') {
      for (const key of reference.keys) {
        const entry = this.entries.get(key);
        if (entry) return entry;
      }
      const viaAccession = reference.accession ? this.byAccession.get(reference.accession) : undefined;
      return viaAccession ? this.entries.get(viaAccession) : undefined;
    }
    const words = reference.text.trim();
    if (!words) return undefined;
    const [best] = this.search_.search(words, { ...rankedSearch, combineWith: 'AND' });
    const fallback = best ?? this.search_.search(words, { ...rankedSearch, combineWith: 'OR' })[0];
    return fallback ? this.entries.get(String(fallback.id)) : undefined;
  }

  /** Entries most like this one by their words, never the entry itself. */
  similarTo(entry: Entry, limit: number): Hit[] {
    const text = [entry.title, entry.title, entry.summary ?? '', entry.abstract ?? ''].join(' ');
    const terms = distinctiveTerms(text, SIMILAR_QUERY_TERMS);
    if (!terms.length) return [];
    const results = this.search_.search(terms.join(' '), {
      boost: FIELD_BOOSTS,
      combineWith: 'OR',
      filter: (result) => result.id !== entry.key,
    });
    return results.slice(0, limit).flatMap((result) => {
      const found = this.entries.get(String(result.id));
      return found ? [{ entry: found, score: result.score, terms: result.terms }] : [];
    });
  }

  /** Titles for an autocomplete box: best matches for what is typed, newest entries when nothing is. */
  suggest(partial: string, limit: number): Entry[] {
    const text = partial.trim();
    if (!text) {
      return [...this.entries.values()].sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || a.title.localeCompare(b.title)).slice(0, limit);
    }
    const direct = this.resolve(text);
    const ranked = this.search_
      .search(text, { ...rankedSearch, combineWith: 'AND', prefix: (term) => term.length >= MIN_PREFIX_LENGTH })
      .slice(0, limit)
      .flatMap((result) => this.entries.get(String(result.id)) ?? []);
    return [...new Set([...(direct && parseReference(text).kind === 'keys' ? [direct] : []), ...ranked])].slice(0, limit);
  }

  /**
   * Which of the given entries the query finds, the way a search does before it relaxes to
   * any-word matching: what decides whether a new entry is announced to a subscription.
   */
  matchingKeys(query: ParsedQuery, keys: Iterable<string>): Set<string> {
    const wanted = new Set(keys);
    const filter = entryFilter(query);
    const excluded = this.excludedKeys(query.excluded);
    const accept = (id: string): boolean => {
      const entry = wanted.has(id) && !excluded.has(id) ? this.entries.get(id) : undefined;
      return entry !== undefined && (!filter || filter(entry));
    };
    const results = isFilterOnly(query)
      ? this.search_.search(MiniSearch.wildcard, { filter: (result) => accept(String(result.id)) })
      : this.search_.search([...query.words, ...query.phrases].join(' '), { ...rankedSearch, filter: (result) => accept(String(result.id)) });
    return new Set(results.map((result) => String(result.id)));
  }

  private rank(query: ParsedQuery): SearchResult[] {
    const filter = entryFilter(query);
    const excluded = this.excludedKeys(query.excluded);
    const accept = (id: string): boolean => {
      if (excluded.has(id)) return false;
      const entry = this.entries.get(id);
      return entry !== undefined && (!filter || filter(entry));
    };
    if (isFilterOnly(query)) {
      return this.search_
        .search(MiniSearch.wildcard, { filter: (result) => accept(String(result.id)) })
        .map((result) => ({ ...result, score: this.entries.get(String(result.id))?.year ?? 0 }))
        .sort((a, b) => b.score - a.score);
    }
    const text = [...query.words, ...query.phrases].join(' ');
    const options: SearchOptions = { ...rankedSearch, filter: (result) => accept(String(result.id)) };
    const strict = this.search_.search(text, options);
    if (strict.length || query.words.length + query.phrases.length < 2) return strict;
    // Nothing has every word: rank by any of them rather than answer with nothing.
    return this.search_.search(text, { ...options, combineWith: 'OR' });
  }

  private excludedKeys(words: readonly string[]): Set<string> {
    const keys = new Set<string>();
    for (const word of words) {
      for (const result of this.search_.search(word, { prefix: false, fuzzy: false })) keys.add(String(result.id));
    }
    return keys;
  }

  private remember(entry: Entry): void {
    this.entries.set(entry.key, entry);
    if (entry.accession) this.byAccession.set(entry.accession, entry.key);
  }
}

/** The words of a text that say most about it: frequent in it, long, not stop words. */
function distinctiveTerms(text: string, count: number): string[] {
  const frequency = new Map<string, number>();
  for (const match of text.toLowerCase().matchAll(/[\p{L}][\p{L}\p{N}]{3,}/gu)) {
    frequency.set(match[0], (frequency.get(match[0]) ?? 0) + 1);
  }
  return [...frequency]
    .sort((a, b) => b[1] * Math.log(b[0].length) - a[1] * Math.log(a[0].length) || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([term]) => term);
}
