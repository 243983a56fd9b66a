import MiniSearch, { type AsPlainObject, type Query, type SearchResult } from 'minisearch';
import type { Entry } from '../corpus/entry.ts';
import { similarityTerms } from './distinctive-terms.ts';
import { entryFilter } from './filters.ts';
import { queryTerms } from './fields.ts';
import {
  EXACT_SEARCH,
  INDEX_OPTIONS,
  VACUUM_CONDITIONS,
  everyWordPrefix,
  typoEdits,
  wordSearch,
} from './minisearch-options.ts';
import { isFilterOnly, type ParsedQuery } from './query.ts';
import { forEachInChunks } from '../event-loop-yield.ts';
import type { EntryIdentifiers, PageRequest, SearchBackend, SearchHit, SearchPage } from './search-backend.ts';

/**
 * Entries indexed between two turns of the event loop at start-up: a short turn even on a loaded
 * machine (see bench/README.md, "How start-up stays responsive").
 */
const DOCUMENTS_PER_YIELD = 50;
/** Entries remembered (two map writes each) or keys checked between two turns. */
const ENTRIES_PER_YIELD = 5_000;

/**
 * The embedded search backend: a MiniSearch index of the entries, in this process. The
 * entries themselves are kept beside it (MiniSearch stores no fields), for hits, filters
 * and look-ups by key or accession.
 */
export class MiniSearchBackend implements SearchBackend {
  private readonly entries = new Map<string, Entry>();
  private readonly byAccession = new Map<string, string>();

  private constructor(private readonly index: MiniSearch<Entry>) {}

  /** Indexes the entries from scratch, in one go: for small corpora (tests, the console's own). */
  static build(entries: Iterable<Entry>): MiniSearchBackend {
    const backend = new MiniSearchBackend(new MiniSearch<Entry>(INDEX_OPTIONS));
    for (const entry of entries) backend.remember(entry);
    backend.index.addAll([...backend.entries.values()]);
    return backend;
  }

  /**
   * Indexes the entries from scratch with MiniSearch's `addAllAsync`, which gives the event loop a
   * turn after every chunk: a start-up build of 100 000 entries would otherwise hold it for tens of seconds.
   */
  static async buildAsync(entries: Iterable<Entry>): Promise<MiniSearchBackend> {
    const backend = new MiniSearchBackend(new MiniSearch<Entry>(INDEX_OPTIONS));
    await forEachInChunks(entries, ENTRIES_PER_YIELD, (entry) => backend.remember(entry));
    await backend.index.addAllAsync([...backend.entries.values()], { chunkSize: DOCUMENTS_PER_YIELD });
    return backend;
  }

  /**
   * Adopts an index MiniSearch serialised (`snapshot()`), which holds `indexedKeys`, for the
   * current `entries`: keys the index holds without an entry are discarded, and entries it
   * lacks or that changed since (`changed`) are indexed again, so index and entries agree.
   * MiniSearch's `loadJSAsync` and the loops here give the event loop turns as they go.
   */
  static async restore(
    serialised: AsPlainObject,
    indexedKeys: readonly string[],
    entries: Iterable<Entry>,
    changed: ReadonlySet<string>,
  ): Promise<MiniSearchBackend> {
    const backend = new MiniSearchBackend(await MiniSearch.loadJSAsync<Entry>(serialised, INDEX_OPTIONS));
    const current = [...entries];
    await forEachInChunks(current, ENTRIES_PER_YIELD, (entry) => backend.remember(entry));
    await forEachInChunks(indexedKeys, ENTRIES_PER_YIELD, (key) => {
      if (!backend.entries.has(key) && backend.index.has(key)) backend.index.discard(key);
    });
    // Indexing costs about as much per entry as a build does: the same chunk size.
    await forEachInChunks(current, DOCUMENTS_PER_YIELD, (entry) => {
      if (!backend.index.has(entry.key)) backend.index.add(entry);
      else if (changed.has(entry.key)) backend.index.replace(entry);
    });
    return backend;
  }

  async count(): Promise<number> {
    return this.entries.size;
  }

  async search(query: ParsedQuery, page: PageRequest): Promise<SearchPage> {
    const results = this.ranked(query);
    return { total: results.length, hits: this.hits(results.slice(page.offset, page.offset + page.limit)) };
  }

  async matching(query: ParsedQuery, keys: readonly string[]): Promise<ReadonlySet<string>> {
    const wanted = new Set(keys.filter((key) => this.entries.has(key)));
    if (!wanted.size) return new Set();
    const results = this.ranked(query, (key) => wanted.has(key), false);
    return new Set(results.map((result) => result.id as string));
  }

  async suggest(partial: string, limit: number): Promise<readonly Entry[]> {
    const text = partial.trim();
    if (!text) return this.newestFirst([...this.entries.values()]).slice(0, limit);
    const found = this.index.search(text, { combineWith: 'AND', prefix: everyWordPrefix, fuzzy: typoEdits });
    return found.slice(0, limit).flatMap((result) => this.entries.get(result.id as string) ?? []);
  }

  async similar(entry: Entry, limit: number): Promise<readonly SearchHit[]> {
    const terms = similarityTerms(entry);
    if (!terms.length) return [];
    const results = this.index.search(terms.join(' '), {
      ...EXACT_SEARCH,
      combineWith: 'OR',
      filter: (result) => result.id !== entry.key,
    });
    return this.hits(results.slice(0, limit));
  }

  async find(identifiers: EntryIdentifiers): Promise<Entry | undefined> {
    for (const key of identifiers.keys) {
      const entry = this.entries.get(key);
      if (entry) return entry;
    }
    const viaAccession = identifiers.accession ? this.byAccession.get(identifiers.accession) : undefined;
    return viaAccession ? this.entries.get(viaAccession) : undefined;
  }

  async upsert(entries: readonly Entry[]): Promise<void> {
    for (const entry of entries) {
      const before = this.entries.get(entry.key);
      if (before?.accession && this.byAccession.get(before.accession) === entry.key)
        this.byAccession.delete(before.accession);
      this.remember(entry);
      if (this.index.has(entry.key)) this.index.replace(entry);
      else this.index.add(entry);
    }
    await this.vacuumWhenDirty();
  }

  async remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      this.entries.delete(key);
      if (entry.accession && this.byAccession.get(entry.accession) === key) this.byAccession.delete(entry.accession);
      if (this.index.has(key)) this.index.discard(key);
    }
    await this.vacuumWhenDirty();
  }

  /**
   * Clears discarded documents (`replace` and `discard` leave them behind) once enough have piled
   * up. Awaited inside the change, and changes reach the backend one at a time, so no `add`
   * lands while MiniSearch walks its terms; searches may run meanwhile.
   */
  private async vacuumWhenDirty(): Promise<void> {
    // `vacuum()` itself always runs; the conditions are MiniSearch's auto-vacuum defaults, checked here.
    if (
      this.index.dirtCount >= VACUUM_CONDITIONS.minDirtCount &&
      this.index.dirtFactor >= VACUUM_CONDITIONS.minDirtFactor
    )
      await this.index.vacuum();
  }

  async snapshot(): Promise<string> {
    return JSON.stringify(this.serialise());
  }

  /**
   * MiniSearch's own serialisation (`toJSON`, a plain object copied out of the index), synchronous
   * so it agrees with the entries taken in the same tick; the snapshot writes it out in pieces.
   */
  serialise(): AsPlainObject {
    return this.index.toJSON();
  }

  /** Keys in the index now, for the snapshot's record of what its index holds. */
  indexedKeys(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * Every match, best first: AND over the words, relaxed to OR when AND finds nothing and
   * there are two words or more; `-words` through AND_NOT; filters and phrases checked on
   * each match. `restrict` limits matches to some keys (subscription matching).
   */
  private ranked(query: ParsedQuery, restrict?: (key: string) => boolean, relax = true): SearchResult[] {
    const passes = entryFilter(query);
    const filter = (result: SearchResult): boolean => {
      const key = result.id as string;
      if (restrict && !restrict(key)) return false;
      const entry = this.entries.get(key);
      return entry !== undefined && (!passes || passes(entry));
    };
    if (isFilterOnly(query)) return this.filtersAlone(query, filter);
    const run = (combineWith: 'AND' | 'OR'): SearchResult[] =>
      this.index.search(this.withExclusions(this.wordsAndPhrases(query, combineWith), query), { filter });
    const strict = run('AND');
    if (strict.length || !relax || query.words.length + query.phrases.length < 2) return strict;
    return run('OR');
  }

  /**
   * The free words (last one a prefix, long ones typo-tolerant) and the phrases' words, which
   * are matched exactly: the phrase itself is checked on each match by the filter.
   */
  private wordsAndPhrases(query: ParsedQuery, combineWith: 'AND' | 'OR'): Query {
    const words: Query = { ...wordSearch(combineWith), queries: [query.words.join(' ')] };
    const phraseText = query.phrases.join(' ');
    // A phrase of stop words only (`"of the"`) has no terms to search: the filter checks it alone.
    if (!queryTerms(phraseText).length) return words;
    const phrases: Query = { ...EXACT_SEARCH, combineWith, queries: [phraseText] };
    if (!queryTerms(query.words.join(' ')).length) return phrases;
    return { combineWith, queries: [words, phrases] };
  }

  /** `-word` drops every entry holding the exact word, whatever field it is in. */
  private withExclusions(main: Query, query: ParsedQuery): Query {
    const excluded = query.excluded.join(' ');
    if (!queryTerms(excluded).length) return main;
    return { combineWith: 'AND_NOT', queries: [main, { ...EXACT_SEARCH, combineWith: 'OR', queries: [excluded] }] };
  }

  /** Filters without words: every entry that passes, newest first. */
  private filtersAlone(query: ParsedQuery, filter: (result: SearchResult) => boolean): SearchResult[] {
    const excluded = queryTerms(query.excluded.join(' ')).length
      ? new Set(
          this.index
            .search(query.excluded.join(' '), { ...EXACT_SEARCH, combineWith: 'OR' })
            .map((result) => result.id as string),
        )
      : undefined;
    const candidates = this.authorCandidates(query) ?? this.entries.keys();
    const passing: Entry[] = [];
    for (const key of candidates) {
      const entry = this.entries.get(key);
      if (entry && !excluded?.has(key) && filter(asResult(key))) passing.push(entry);
    }
    return this.newestFirst(passing).map((entry) => ({ ...asResult(entry.key), score: entry.year ?? 0 }));
  }

  /** `author:` alone: MiniSearch finds the candidates in the authors field; the filter then checks each name. */
  private authorCandidates(query: ParsedQuery): string[] | undefined {
    const names = query.authors.filter((author) => queryTerms(author).length);
    if (!names.length) return undefined;
    const byName: Query[] = names.map((name) => ({
      combineWith: 'AND',
      fields: ['authors'],
      prefix: true,
      fuzzy: false,
      queries: [name],
    }));
    return this.index.search({ combineWith: 'AND', queries: byName }).map((result) => result.id as string);
  }

  private newestFirst(entries: Entry[]): Entry[] {
    // Plain comparison, not localeCompare: this sorts every entry a filter passes.
    return entries.sort(
      (a, b) => (b.year ?? 0) - (a.year ?? 0) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0),
    );
  }

  private hits(results: readonly SearchResult[]): SearchHit[] {
    return results.flatMap((result) => {
      const entry = this.entries.get(result.id as string);
      return entry ? [{ entry, score: result.score, terms: result.terms }] : [];
    });
  }

  private remember(entry: Entry): void {
    this.entries.set(entry.key, entry);
    if (entry.accession) this.byAccession.set(entry.accession, entry.key);
  }
}

function asResult(key: string): SearchResult {
  return { id: key, terms: [], queryTerms: [], score: 0, match: {} };
}
