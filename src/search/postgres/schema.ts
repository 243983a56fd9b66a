import type { Sql } from '../../store/postgres-database.ts';
import { describeError } from '../../store/postgres-database.ts';
import { applySteps, type PostgresStep } from '../../store/postgres-steps.ts';

/**
 * The search tables, as numbered steps of their own (`paperbot_search_schema`), apart from the
 * store's: a deployment may keep the store on PostgreSQL and search in MiniSearch, and the
 * search tables can be dropped and rebuilt from the corpus at any time.
 *
 * Text is split into words by paperbot (`fields.ts`) before PostgreSQL sees it, so both
 * backends agree on what a word is (`COVID-19` is `covid 19`, `A/B` is `a b`; PostgreSQL's own
 * parser would read `-19` as a signed number and `A/B` as a file path). The `paperbot`
 * configuration then folds accents and drops English stop words without stemming, as the
 * MiniSearch backend does, so a half-typed last word still matches as a prefix.
 */
/**
 * The text indexes of `search_entries`. A first write of a whole corpus into the empty table
 * drops them and builds them once afterwards: building a RUM index in one pass is many
 * times faster than keeping it up to date row by row.
 */
const FIRST_TEXT_INDEXES: readonly TextIndex[] = [
  {
    name: 'search_entries_rum',
    create: 'CREATE INDEX search_entries_rum ON search_entries USING rum (tsv rum_tsvector_ops)',
  },
  {
    name: 'search_entries_title_all',
    create: 'CREATE INDEX search_entries_title_all ON search_entries USING gin (title_tsv)',
  },
];
/**
 * Which entries hold which words, without positions or weights: it finds the matches of a
 * query several times faster than RUM does when they need no order, and only a query written
 * on `strip(tsv)` can use it (RUM answers the queries on `tsv`).
 */
const WORDS_INDEX: TextIndex = {
  name: 'search_entries_words',
  create: 'CREATE INDEX search_entries_words ON search_entries USING gin (strip(tsv))',
};
export const TEXT_INDEXES: readonly TextIndex[] = [...FIRST_TEXT_INDEXES, WORDS_INDEX];

interface TextIndex {
  readonly name: string;
  readonly create: string;
}

export const SEARCH_MIGRATIONS: readonly PostgresStep[] = [
  {
    version: 1,
    name: 'entries with a weighted tsvector under a RUM index, and the corpus words for typos and prefixes',
    sql: `
      CREATE TEXT SEARCH DICTIONARY paperbot_words (TEMPLATE = pg_catalog.simple, STOPWORDS = english);
      CREATE TEXT SEARCH CONFIGURATION paperbot (COPY = pg_catalog.simple);
      ALTER TEXT SEARCH CONFIGURATION paperbot
        ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
        WITH unaccent, paperbot_words;
      -- Every word, stop words too: a query of stop words alone ("The Who") is looked for in titles.
      CREATE TEXT SEARCH CONFIGURATION paperbot_all (COPY = pg_catalog.simple);
      ALTER TEXT SEARCH CONFIGURATION paperbot_all
        ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
        WITH unaccent, simple;
      CREATE TABLE search_entries (
        key          text PRIMARY KEY,
        entry        jsonb NOT NULL,
        -- what the entry looked like when written: a start re-writes only entries that changed
        digest       text NOT NULL,
        kind         text NOT NULL,
        year         integer,
        accession    text,
        title        text NOT NULL,
        -- title A, authors B, summary, abstract and journal C, accession and DOI D (written by the insert)
        tsv          tsvector NOT NULL,
        title_tsv    tsvector NOT NULL
      );
      ${FIRST_TEXT_INDEXES.map((index) => index.create).join(';\n      ')};
      CREATE INDEX search_entries_accession ON search_entries (accession) WHERE accession IS NOT NULL;
      CREATE INDEX search_entries_newest ON search_entries (year DESC NULLS LAST, title);
      -- every indexed word: what typos are corrected to and prefixes completed with (most common first)
      CREATE TABLE search_words (word text PRIMARY KEY, entries integer NOT NULL DEFAULT 1);
      CREATE INDEX search_words_trigrams ON search_words USING gin (word gin_trgm_ops);
      CREATE INDEX search_words_prefix ON search_words (word text_pattern_ops);
    `,
  },
  {
    version: 2,
    name: 'the entries holding each word, for finding matches without ordering them',
    sql: WORDS_INDEX.create.replace('CREATE INDEX', 'CREATE INDEX IF NOT EXISTS'),
  },
];

const EXTENSIONS = ['rum', 'pg_trgm', 'fuzzystrmatch', 'unaccent'] as const;
/** Any fixed number, apart from the store's: processes starting together create the tables once. */
const SEARCH_MIGRATION_LOCK = 7_305_210_003;

/** Creates the extensions and applies the missing steps, once across processes. */
export async function migrateSearch(database: Sql): Promise<void> {
  // Extensions under the lock too: two processes creating one extension at once collide in pg_extension.
  await applySteps(database, {
    table: 'paperbot_search_schema',
    lock: SEARCH_MIGRATION_LOCK,
    steps: SEARCH_MIGRATIONS,
    describe: 'search tables are version',
    first: ensureExtensions,
  });
}

/**
 * The extensions the search needs. `rum` is not a trusted extension, so on a managed server a
 * superuser creates it once; the message says exactly that rather than PostgreSQL's own words.
 */
async function ensureExtensions(database: Sql): Promise<void> {
  const present = new Set(
    (await database.query<{ extname: string }>('SELECT extname FROM pg_extension')).map((row) => row.extname),
  );
  const missing = EXTENSIONS.filter((name) => !present.has(name));
  const available = new Set(
    (
      await database.query<{ name: string }>('SELECT name FROM pg_available_extensions WHERE name = ANY($1)', [missing])
    ).map((row) => row.name),
  );
  const absent = missing.filter((name) => !available.has(name));
  if (absent.length) {
    throw new Error(
      `SEARCH_BACKEND=postgres needs the PostgreSQL extension${absent.length > 1 ? 's' : ''} ${absent.join(', ')} installed on the server (Debian: postgresql-contrib and postgresql-<version>-rum)`,
    );
  }
  for (const name of missing) {
    try {
      await database.query(`CREATE EXTENSION IF NOT EXISTS ${name}`);
    } catch (error) {
      throw new Error(
        `SEARCH_BACKEND=postgres could not create the extension ${name} (${describeError(error)}); a superuser can run "CREATE EXTENSION ${name};" in this database once`,
      );
    }
  }
}
