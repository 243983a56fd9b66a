import type { Entry } from '../corpus/entry.ts';
import type { ParsedQuery } from './query.ts';

/**
 * The one search interface the commands, autocomplete, the notifier and the bench use.
 *
 * Every method is asynchronous, so a backend may answer from another thread or another
 * process (a worker holding the index, a database) without its callers changing. Nothing here
 * names a library: a backend translates a ParsedQuery (query.ts) into its own engine's terms
 * and answers with corpus entries.
 *
 * What every backend must honour, whatever its engine:
 * - words: every word must match (AND); when no entry has them all and there are two or more
 *   words or phrases, any word may match (OR) rather than answer with nothing;
 * - the last word also matches as a prefix; long words tolerate a typo;
 * - `phrases` match exactly, as written, in title, summary, abstract or journal;
 * - `excluded` words drop every entry holding them (exactly: `-covid` keeps `covidien`);
 * - `authors` match at the start of a word of an author name; `years` and `kind` exactly;
 * - a query with filters but no words or phrases lists what passes, newest first.
 */
export interface SearchBackend {
  /**
   * True when the backend's work runs outside this process (a database): concurrent calls do
   * not hold the event loop, so they run side by side and skip the turns users take
   * (fair-search.ts). Unset for an index in this process, whose calls take turns.
   */
  readonly answersElsewhere?: boolean;

  /** Entries in the index now. */
  count(): Promise<number>;

  /** One page of the entries the query finds, best first, and how many it finds in all. */
  search(query: ParsedQuery, page: PageRequest): Promise<SearchPage>;

  /**
   * Which of `keys` the query finds, the way `search` does before it relaxes to any word:
   * what decides whether a new entry is announced to a subscription.
   */
  matching(query: ParsedQuery, keys: readonly string[]): Promise<ReadonlySet<string>>;

  /** Entries for an autocomplete box: best matches for what is typed (every word a prefix), newest when nothing is. */
  suggest(partial: string, limit: number): Promise<readonly Entry[]>;

  /** Entries most like this one by their words, best first, never the entry itself. */
  similar(entry: Entry, limit: number): Promise<readonly SearchHit[]>;

  /** The entry with the first of `keys` that is indexed, else the one carrying `accession`. */
  find(identifiers: EntryIdentifiers): Promise<Entry | undefined>;

  /** Adds entries, replacing any already indexed under the same key. */
  upsert(entries: readonly Entry[]): Promise<void>;

  /** Removes entries by key; unknown keys are ignored. */
  remove(keys: readonly string[]): Promise<void>;

  /**
   * The index serialised by the backend's own engine, for a backend that keeps its index in
   * this process; absent where the index persists itself (a database).
   */
  snapshot?(): Promise<string>;

  /** Releases threads, connections or timers the backend holds. */
  close?(): Promise<void>;
}

export interface PageRequest {
  readonly offset: number;
  readonly limit: number;
}

export interface SearchHit {
  readonly entry: Entry;
  readonly score: number;
  /** Indexed words that matched (after prefix and typo expansion), for the snippet's highlighting. */
  readonly terms: readonly string[];
}

export interface SearchPage {
  readonly hits: readonly SearchHit[];
  /** Matches in all, for paging. */
  readonly total: number;
  /**
   * True when the backend stopped counting at `total` and there are more: counting every match
   * of a common word in a large database costs more than the search itself.
   */
  readonly totalIsLowerBound?: boolean;
}

export interface EntryIdentifiers {
  /** Entry keys (`doi:…`, `biostudies:…`, `title:…`), most specific first. */
  readonly keys: readonly string[];
  /** An accession such as `S-EPMC8546390`, upper-case, which a DOI-keyed entry may also carry. */
  readonly accession?: string;
}
