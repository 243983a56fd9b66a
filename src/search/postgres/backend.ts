import type { Entry } from '../../corpus/entry.ts';
import { foldForMatching } from '../../corpus/text.ts';
import type { Logger } from '../../logger.ts';
import { Database } from '../../store/postgres-database.ts';
import { similarityTerms } from '../distinctive-terms.ts';
import { entryFilter } from '../filters.ts';
import { isFilterOnly, type ParsedQuery } from '../query.ts';
import type { EntryIdentifiers, PageRequest, SearchBackend, SearchHit, SearchPage } from '../search-backend.ts';
import { matchedTerms } from './matched-terms.ts';
import { migrateSearch } from './schema.ts';
import { describeCapabilities, type SearchCapabilities } from './capabilities.ts';
import {
  allOf,
  anyPairQuery,
  anyTermQuery,
  authorsQuery,
  coveredQueries,
  notExcludedQuery,
  onlyStopWords,
  phrasesQuery,
  termsOf,
  typoCandidates,
  withoutPositions,
  wordTerms,
  wordsQuery,
  type Corrections,
} from './tsquery.ts';
import { filterOnlyConditions, sqlConditions, type SqlConditions } from './conditions.ts';
import { COUNT_AT_MOST, TEXT_RANK, findMatches, type Candidate } from './candidates.ts';
import { findCorrections } from './typos.ts';
import { withCompletions } from './completions.ts';
import { SearchTableWrites } from './table-writes.ts';

/** Candidates a search returns, best first: every page up to the tenth comes from them. */
const CANDIDATES = 200;
/** Similar entries share two of this many of the entry's most telling words. */
const SIMILAR_PAIR_TERMS = 8;
/** Candidates read at a time to fill a page when exact phrases or author names are checked on each. */
const PAGE_CHECK_CHUNK = 40;
/**
 * Past a thousand matches, how many of those the words index gives first are ranked beside the
 * ones holding every word in their title, for the first pages: more made a common word's search
 * slower, for entries in no better order than the table's (see docs/scaling.md, "Measurements
 * behind the design").
 */
const FEW_FIRST_FOUND = 50;
/**
 * Connections a process searches through at once, unless SEARCH_CONNECTIONS says otherwise. More
 * searches at once than the database server has cores share them, and each takes longer (see
 * docs/scaling.md, "Connections").
 */
export const DEFAULT_SEARCH_CONNECTIONS = 4;
/** Without RUM, how many of the entries sharing words with one are ranked for its similar entries. */
const SIMILAR_FOUND = 1_000;
/** Titles an autocomplete answer is chosen from. */
const SUGGESTION_CANDIDATES = 300;
/** How long a count of the entries is reused: every command shows it, and counting a million rows is not free. */
const COUNT_FRESH_MS = 5_000;

/**
 * Each search connection's settings. JIT compiling a plan whose estimated cost is high (any
 * ranking of many matches) takes longer than running it; RUM sorts every match of a common
 * word by distance in memory, where PostgreSQL's default of 4 MB spills to disk; and a scan
 * that stops at a LIMIT starts at the table's first row, so the same query finds the same rows.
 */
const SEARCH_SETTINGS = { jit: 'off', work_mem: '32MB', synchronize_seqscans: 'off' } as const;

export interface PostgresSearchOptions {
  readonly logger?: Logger;
  /** Connections for searches (SEARCH_CONNECTIONS); several replicas each open this many. */
  readonly maxConnections?: number;
  /**
   * Whether this process writes the shared index now (the owner of the corpus duties); the
   * others only read. Absent: this process always writes.
   */
  readonly isWriter?: () => Promise<boolean>;
}

interface Row {
  readonly key: string;
  readonly entry: Entry;
  readonly score: number;
}

/** Where a ranked query looks, beyond its tsquery. */
interface Scope {
  readonly query: ParsedQuery;
  readonly keys?: readonly string[];
}

/**
 * Search in PostgreSQL, for corpora beyond what one process holds in memory: every replica
 * searches the same table, which the owner of the corpus duties keeps current. A query is one
 * tsquery (words with their typo corrections and completions, phrases, author name parts); its
 * matches are found through the words index and ranked by title coverage and weighted
 * `ts_rank_cd` (findMatches); filters and exact phrases are then checked on each match as the
 * MiniSearch backend checks them.
 */
export class PostgresSearchBackend implements SearchBackend {
  readonly answersElsewhere = true;
  private counted: { value: number; at: number } | undefined;
  private counting: Promise<number> | undefined;
  private readonly table: SearchTableWrites;

  private constructor(
    private readonly database: Database,
    private readonly options: PostgresSearchOptions,
    /** The extensions this database offers the search (capabilities.ts). */
    readonly capabilities: SearchCapabilities,
  ) {
    this.table = new SearchTableWrites(database, capabilities);
  }

  static async open(url: string, options: PostgresSearchOptions = {}): Promise<PostgresSearchBackend> {
    const database = await Database.connect(url, {
      maxConnections: options.maxConnections ?? DEFAULT_SEARCH_CONNECTIONS,
      logger: options.logger,
      settings: SEARCH_SETTINGS,
      keepIdleConnections: true,
    });
    let capabilities: SearchCapabilities;
    try {
      capabilities = await migrateSearch(database);
    } catch (error) {
      await database.close();
      throw error;
    }
    options.logger?.info(describeCapabilities(capabilities));
    return new PostgresSearchBackend(database, options, capabilities);
  }

  async count(): Promise<number> {
    if (this.counted && performance.now() - this.counted.at < COUNT_FRESH_MS) return this.counted.value;
    // Every command asks: a stale count is answered at once and refreshed behind it, so no search
    // waits for a count of the whole table; after a write (no count kept) the count is awaited.
    this.counting ??= this.countRows().finally(() => {
      this.counting = undefined;
    });
    const counting = this.counting;
    if (!this.counted) return counting;
    counting.catch((error: unknown) =>
      this.options.logger?.warn(
        { err: { message: error instanceof Error ? error.message : String(error) } },
        'counting the search entries failed',
      ),
    );
    return this.counted.value;
  }

  private async countRows(): Promise<number> {
    const [row] = await this.database.query<{ count: string }>('SELECT count(*) AS count FROM search_entries');
    this.counted = { value: Number(row?.count ?? 0), at: performance.now() };
    return this.counted.value;
  }

  async search(query: ParsedQuery, page: PageRequest): Promise<SearchPage> {
    const window = Math.max(CANDIDATES, page.offset + page.limit);
    if (isFilterOnly(query)) return this.filtersAlone(query, page);
    // Past a thousand matches the first the words index gives are in the table's order: a page
    // among the first few needs few of them, and every one is read and ranked.
    const firstFound = page.offset + page.limit <= FEW_FIRST_FOUND ? FEW_FIRST_FOUND : window;
    const strict = await this.ranked({ query }, '&', window, firstFound);
    let found = strict;
    if (!strict.rows.length && query.words.length + query.phrases.length >= 2)
      found = await this.ranked({ query }, '|', window, firstFound);
    if (!found.rows.length) found = await this.titlesWhenStopWords({ query }, window);
    const hits = (await this.page(found.rows, query, page)).map((row) => this.hit(row, found.terms));
    // Up to the window, every match is among the rows, checked for exact phrases and author names as well.
    if (found.matches <= window) return { total: found.rows.length, hits };
    const most = window + COUNT_AT_MOST;
    return found.matches > most ? { total: most, totalIsLowerBound: true, hits } : { total: found.matches, hits };
  }

  async matching(query: ParsedQuery, keys: readonly string[]): Promise<ReadonlySet<string>> {
    if (!keys.length) return new Set();
    if (isFilterOnly(query)) {
      const rows = await this.filtered(query, { keys, offset: 0, limit: keys.length });
      return new Set(rows.map((row) => row.key));
    }
    let found = await this.ranked({ query, keys }, '&', keys.length);
    if (!found.rows.length) found = await this.titlesWhenStopWords({ query, keys }, keys.length);
    return new Set(found.rows.map((row) => row.key));
  }

  async suggest(partial: string, limit: number): Promise<readonly Entry[]> {
    const words = wordTerms(partial.trim().split(/\s+/).filter(Boolean), false).map((word) => ({
      ...word,
      prefix: (word.parts.at(-1) as string).length >= 2,
    }));
    if (!words.length) {
      const rows = await this.database.query<{ entry: Entry }>(
        'SELECT entry FROM search_entries ORDER BY year DESC NULLS LAST, title LIMIT $1',
        [limit],
      );
      return rows.map((row) => row.entry);
    }
    const corrections = await findCorrections(this.database, typoCandidates(words), this.capabilities.trigrams);
    const tsquery = wordsQuery(words, '&', corrections, { prefixOperator: true }) as string;
    // An autocomplete box asks at every key press, and two typed letters match most of a large
    // corpus: titles holding the words come from the title index without ranking every match,
    // and the closest of a few hundred are shown (those starting with what is typed, then the shortest).
    // Titles alone are read to choose; whole entries only for those shown.
    const titled = await this.database.query<{ key: string; title: string }>(
      `SELECT key, title FROM search_entries WHERE title_tsv @@ to_tsquery('paperbot_all', $1) LIMIT $2`,
      [tsquery, SUGGESTION_CANDIDATES],
    );
    if (titled.length) {
      const typed = foldForMatching(partial);
      const rank = (title: string): number => (foldForMatching(title).startsWith(typed) ? 0 : 1);
      const chosen = titled
        .sort(
          (a, b) => rank(a.title) - rank(b.title) || a.title.length - b.title.length || (a.title < b.title ? -1 : 1),
        )
        .slice(0, limit);
      const byKey = await this.entriesByKey(chosen.map((row) => row.key));
      return chosen.flatMap((row) => byKey.get(row.key) ?? []);
    }
    return [];
  }

  async similar(entry: Entry, limit: number): Promise<readonly SearchHit[]> {
    const terms = [...new Set(similarityTerms(entry).flatMap(termsOf))];
    const anyTerm = anyTermQuery(terms);
    if (!anyTerm) return [];
    const notItself = { conditions: ['key <> $3'], values: [entry.key] };
    // Any of two dozen words matches most of a large corpus, and the RUM index ranks every match:
    // entries sharing two of the most telling words first, any one word only when too few do.
    const pairs = anyPairQuery(terms.slice(0, SIMILAR_PAIR_TERMS));
    let rows = pairs ? await this.rankedRows(pairs, notItself, CANDIDATES) : [];
    if (rows.length < limit) rows = await this.rankedRows(anyTerm, notItself, CANDIDATES);
    return rows.slice(0, limit).map((row) => this.hit(row, { exact: terms, prefixes: [] }));
  }

  async find(identifiers: EntryIdentifiers): Promise<Entry | undefined> {
    const byKey = await this.entriesByKey(identifiers.keys);
    for (const key of identifiers.keys) {
      const entry = byKey.get(key);
      if (entry) return entry;
    }
    if (!identifiers.accession) return undefined;
    const [row] = await this.database.query<{ entry: Entry }>(
      'SELECT entry FROM search_entries WHERE accession = $1 ORDER BY key LIMIT 1',
      [identifiers.accession],
    );
    return row?.entry;
  }

  async upsert(entries: readonly Entry[]): Promise<void> {
    if (!entries.length || !(await this.writes())) return;
    await this.table.write(entries);
    this.counted = undefined;
  }

  async remove(keys: readonly string[]): Promise<void> {
    if (!keys.length || !(await this.writes())) return;
    await this.table.remove(keys);
    this.counted = undefined;
  }

  /**
   * Makes the table hold exactly these entries, writing only what differs: what the owner does
   * when it starts or takes over, since the last owner may have died between a change and its write.
   */
  async sync(entries: readonly Entry[]): Promise<{ written: number; removed: number }> {
    const outcome = await this.table.sync(entries);
    this.counted = undefined;
    return outcome;
  }

  /** Disk the search tables and their indexes take, and the whole database. */
  async storageBytes(): Promise<{ tableBytes: number; databaseBytes: number }> {
    const [row] = await this.database.query<{ table_bytes: string; database_bytes: string }>(
      "SELECT pg_total_relation_size('search_entries') + pg_total_relation_size('search_words') AS table_bytes, pg_database_size(current_database()) AS database_bytes",
    );
    return { tableBytes: Number(row?.table_bytes ?? 0), databaseBytes: Number(row?.database_bytes ?? 0) };
  }

  async close(): Promise<void> {
    await this.database.close();
  }

  private async writes(): Promise<boolean> {
    return this.options.isWriter ? this.options.isWriter() : true;
  }

  /** The query's words combined with `combine`, phrases and author name parts, ranked; filters and exclusions applied. */
  private async ranked(scope: Scope, combine: '&' | '|', window: number, firstFound = window): Promise<Found> {
    const words = wordTerms(scope.query.words);
    const corrections: Corrections = await withCompletions(
      this.database,
      words,
      await findCorrections(this.database, typoCandidates(words), this.capabilities.trigrams),
    );
    const excluded = notExcludedQuery(scope.query.excluded);
    const tsquery = allOf(
      wordsQuery(words, combine, corrections),
      phrasesQuery(scope.query.phrases),
      authorsQuery(scope.query.authors),
      excluded,
    );
    const terms = {
      exact: [
        ...words.flatMap((word) => (word.prefix ? word.parts.slice(0, -1) : word.parts)),
        ...[...corrections.values()].flat(),
        ...scope.query.phrases.flatMap(termsOf),
      ],
      prefixes: words.filter((word) => word.prefix).map((word) => word.parts.at(-1) as string),
    };
    if (!tsquery || (!wordsQuery(words, combine) && !phrasesQuery(scope.query.phrases)))
      return { rows: [], matches: 0, terms };
    const filters = (first: number): SqlConditions => sqlConditions(scope, first, { excludedInQuery: true });
    // A title holding the words holds no author name or excluded word for certain: those queries skip the titles.
    const titleWords =
      !scope.query.authors.length && !excluded
        ? allOf(wordsQuery(words, combine, corrections), phrasesQuery(scope.query.phrases))
        : undefined;
    // Phrases (and dashed words) need positions and author names weights, which the words index has not.
    const loose = withoutPositions(tsquery);
    const withEntries = scope.query.phrases.length > 0 || scope.query.authors.length > 0;
    const found = await findMatches(this.database, {
      tsquery,
      loose: loose === tsquery ? undefined : loose,
      titleWords,
      coveredQueries: coveredQueries(words, corrections, scope.query.phrases),
      filters: filters(8),
      window,
      firstFound,
      withEntries,
    });
    const rows = this.passingCandidates(found.rows, scope.query).sort(
      (a, b) => b.score - a.score || (a.key < b.key ? -1 : 1),
    );
    return { rows, matches: found.matches, terms };
  }

  /** A query whose words PostgreSQL drops as stop words ("The Who", "of the"): looked for as a phrase in titles, stop words and all. */
  private async titlesWhenStopWords(scope: Scope, window: number): Promise<Found> {
    const text = [...scope.query.words, ...scope.query.phrases].join(' ');
    const terms = { exact: text.toLowerCase().split(/\s+/), prefixes: [] };
    if (!onlyStopWords(scope.query)) {
      const words = wordsQuery(wordTerms(scope.query.words), '&');
      const [row] = await this.database.query<{ nodes: number }>(
        "SELECT numnode(to_tsquery('paperbot', $1)) AS nodes",
        [words ?? ''],
      );
      if ((row?.nodes ?? 0) > 0) return { rows: [], matches: 0, terms };
    }
    const { conditions, values } = sqlConditions(scope, 3);
    const rows = await this.database.query<Row>(
      `SELECT key, entry, ts_rank_cd(title_tsv, phraseto_tsquery('paperbot_all', $1)) AS score FROM search_entries
       WHERE title_tsv @@ phraseto_tsquery('paperbot_all', $1) ${conditions.map((condition) => `AND ${condition}`).join(' ')}
       ORDER BY score DESC, key LIMIT $2`,
      [text, window, ...values],
    );
    const passing = this.passing(rows, scope.query).map((row) => ({
      key: row.key,
      score: row.score,
      entry: row.entry,
    }));
    return { rows: passing, matches: passing.length, terms };
  }

  /**
   * The nearest `window` matches of a tsquery, best text rank first; the filters' conditions are
   * numbered from $3. With RUM its index orders them by distance; without, the first
   * SIMILAR_FOUND the words index gives are ranked. (Kind and years as filter words in each row's
   * tsvector, joined to the query so the index applied them, made RUM 1.3 crash the server on
   * the bench: they are columns.)
   */
  private async rankedRows(
    tsquery: string,
    filters: { conditions: readonly string[]; values: readonly unknown[] },
    window: number,
  ): Promise<Row[]> {
    const query = `to_tsquery('paperbot', $1)`;
    const where = `${filters.conditions.map((condition) => `AND ${condition}`).join(' ')}`;
    const nearest = this.capabilities.rum
      ? `SELECT key, entry, tsv FROM search_entries WHERE tsv @@ ${query} ${where} ORDER BY tsv <=> ${query} LIMIT $2`
      : `SELECT key, entry, tsv FROM search_entries WHERE strip(tsv) @@ ${query} ${where} LIMIT ${SIMILAR_FOUND}`;
    return this.database.query<Row>(
      `SELECT key, entry, ${TEXT_RANK} AS score FROM (${nearest}) nearest ORDER BY score DESC, key LIMIT $2`,
      [tsquery, window, ...filters.values],
    );
  }

  /** Filters without words: every entry that passes, newest first. */
  private async filtersAlone(query: ParsedQuery, page: PageRequest): Promise<SearchPage> {
    const rows = await this.filtered(query, { offset: page.offset, limit: page.limit });
    const { conditions, values } = filterOnlyConditions(query, {}, 2);
    const most = Math.max(CANDIDATES, page.offset + page.limit) + COUNT_AT_MOST;
    const [row] = await this.database.query<{ count: string }>(
      `SELECT count(*) AS count FROM (SELECT 1 FROM search_entries WHERE ${conditions.join(' AND ') || 'true'} LIMIT $1) matches`,
      [most + 1, ...values],
    );
    const count = Number(row?.count ?? 0);
    const hits = rows.map((found) => this.hit(found, { exact: [], prefixes: [] }));
    return count > most ? { total: most, totalIsLowerBound: true, hits } : { total: count, hits };
  }

  private async filtered(
    query: ParsedQuery,
    range: { keys?: readonly string[]; offset: number; limit: number },
  ): Promise<Row[]> {
    const { conditions, values } = filterOnlyConditions(query, { keys: range.keys }, 3);
    const rows = await this.database.query<Row>(
      `SELECT key, entry, coalesce(year, 0) AS score FROM search_entries WHERE ${conditions.join(' AND ') || 'true'}
       ORDER BY year DESC NULLS LAST, title, key OFFSET $1 LIMIT $2`,
      [range.offset, range.limit, ...values],
    );
    return this.passing(rows, query);
  }

  /** Exact phrases and author names, checked as the MiniSearch backend checks them. */
  private passing(rows: readonly Row[], query: ParsedQuery): Row[] {
    const passes = entryFilter(query);
    return passes ? rows.filter((row) => passes(row.entry)) : [...rows];
  }

  /**
   * Candidates checked for exact phrases and author names where they came with their entries;
   * the others are checked for the page shown (page). Kind and years the SQL conditions checked.
   */
  private passingCandidates(rows: readonly Candidate[], query: ParsedQuery): Candidate[] {
    const passes = entryFilter(query);
    return passes ? rows.filter((row) => !row.entry || passes(row.entry)) : [...rows];
  }

  /**
   * The entries of a page of ranked candidates. Those read without their entries are checked
   * for exact phrases and author names here, a chunk at a time until the page is full: of a
   * thousand matches, the few best that pass are shown.
   */
  private async page(rows: readonly Candidate[], query: ParsedQuery, page: PageRequest): Promise<Row[]> {
    const end = page.offset + page.limit;
    const passes = entryFilter(query);
    if (!passes || rows.every((row) => row.entry)) return this.shown(rows.slice(page.offset, end));
    const passing: Row[] = [];
    for (let start = 0; start < rows.length && passing.length < end; start += PAGE_CHECK_CHUNK) {
      for (const row of await this.shown(rows.slice(start, start + PAGE_CHECK_CHUNK)))
        if (passes(row.entry)) passing.push(row);
    }
    return passing.slice(page.offset, end);
  }

  /** The whole entries of the candidates shown, read for those ranked without them. */
  private async shown(rows: readonly Candidate[]): Promise<Row[]> {
    const entries = await this.entriesByKey(rows.filter((row) => !row.entry).map((row) => row.key));
    return rows.flatMap((row) => {
      const entry = row.entry ?? entries.get(row.key);
      return entry ? [{ key: row.key, entry, score: row.score }] : [];
    });
  }

  private async entriesByKey(keys: readonly string[]): Promise<Map<string, Entry>> {
    if (!keys.length) return new Map();
    const rows = await this.database.query<{ key: string; entry: Entry }>(
      'SELECT key, entry FROM search_entries WHERE key = ANY($1)',
      [keys],
    );
    return new Map(rows.map((row) => [row.key, row.entry]));
  }

  private hit(row: Row, terms: QueryTerms): SearchHit {
    return { entry: row.entry, score: Number(row.score), terms: matchedTerms(row.entry, terms.exact, terms.prefixes) };
  }
}

interface QueryTerms {
  readonly exact: readonly string[];
  readonly prefixes: readonly string[];
}

interface Found {
  readonly rows: readonly Candidate[];
  /** How many entries the query matches, counted up to COUNT_AT_MOST past the window. */
  readonly matches: number;
  readonly terms: QueryTerms;
}
