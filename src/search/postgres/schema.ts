import type { Sql } from '../../store/postgres-database.ts';
import { applySteps, type PostgresStep } from '../../store/postgres-steps.ts';
import { ensureExtensions, type SearchCapabilities } from './capabilities.ts';

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
 * The text indexes of `search_entries`, those of RUM only where it is installed. A first write of a
 * whole corpus into the empty table drops them and builds them once afterwards: building an
 * index in one pass is many times faster than keeping it up to date row by row.
 */
const RUM_INDEX: TextIndex = {
  name: 'search_entries_rum',
  create: 'CREATE INDEX search_entries_rum ON search_entries USING rum (tsv rum_tsvector_ops)',
};
const TITLE_INDEX: TextIndex = {
  name: 'search_entries_title_all',
  create: 'CREATE INDEX search_entries_title_all ON search_entries USING gin (title_tsv)',
};
/**
 * Which entries hold which words, without positions or weights: PostgreSQL's built-in GIN index,
 * which finds the matches of a query several times faster than RUM does when they need no order;
 * only a query written on `strip(tsv)` can use it. Without RUM it is the one index of the words:
 * a phrase or weight is then checked on each row it finds.
 */
const WORDS_INDEX: TextIndex = {
  name: 'search_entries_words',
  create: 'CREATE INDEX search_entries_words ON search_entries USING gin (strip(tsv))',
};
/** The corpus words by trigrams, for typo candidates (pg_trgm only). */
const TRIGRAM_INDEX = 'CREATE INDEX IF NOT EXISTS search_words_trigrams ON search_words USING gin (word gin_trgm_ops)';

export function textIndexes(capabilities: SearchCapabilities): readonly TextIndex[] {
  return capabilities.rum ? [RUM_INDEX, TITLE_INDEX, WORDS_INDEX] : [TITLE_INDEX, WORDS_INDEX];
}

interface TextIndex {
  readonly name: string;
  readonly create: string;
}

/**
 * The steps of the search tables. What depends on an extension is not in them but made by
 * capabilityIndexes, so one schema serves every server; the text search configuration maps words
 * through unaccent where it was there when the tables were first made (paperbot folds accents
 * itself as well, see entry-rows.ts).
 */
export function searchMigrations(capabilities: SearchCapabilities): readonly PostgresStep[] {
  return [
    {
      version: 1,
      name: 'entries with a weighted tsvector under a RUM index, and the corpus words for typos and prefixes',
      sql: `
      CREATE TEXT SEARCH DICTIONARY paperbot_words (TEMPLATE = pg_catalog.simple, STOPWORDS = english);
      CREATE TEXT SEARCH CONFIGURATION paperbot (COPY = pg_catalog.simple);
      ALTER TEXT SEARCH CONFIGURATION paperbot
        ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
        WITH ${capabilities.unaccent ? 'unaccent, ' : ''}paperbot_words;
      -- Every word, stop words too: a query of stop words alone ("The Who") is looked for in titles.
      CREATE TEXT SEARCH CONFIGURATION paperbot_all (COPY = pg_catalog.simple);
      ALTER TEXT SEARCH CONFIGURATION paperbot_all
        ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
        WITH ${capabilities.unaccent ? 'unaccent, ' : ''}simple;
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
      ${TITLE_INDEX.create};
      CREATE INDEX search_entries_accession ON search_entries (accession) WHERE accession IS NOT NULL;
      CREATE INDEX search_entries_newest ON search_entries (year DESC NULLS LAST, title);
      -- every indexed word: what typos are corrected to and prefixes completed with (most common first)
      CREATE TABLE search_words (word text PRIMARY KEY, entries integer NOT NULL DEFAULT 1);
      CREATE INDEX search_words_prefix ON search_words (word text_pattern_ops);
    `,
    },
    {
      version: 2,
      name: 'the entries holding each word, for finding matches without ordering them',
      sql: WORDS_INDEX.create.replace('CREATE INDEX', 'CREATE INDEX IF NOT EXISTS'),
    },
  ];
}

/** Any fixed number, apart from the store's: processes starting together create the tables once. */
const SEARCH_MIGRATION_LOCK = 7_305_210_003;

/**
 * Creates the extensions this role may, applies the missing steps and the indexes of the
 * extensions present, once across processes; returns what the search runs on.
 */
export async function migrateSearch(database: Sql): Promise<SearchCapabilities> {
  return database.transaction(async (sql) => {
    // Extensions under the lock too: two processes creating one extension at once collide in
    // pg_extension. (applySteps takes the same lock again, which this transaction already holds.)
    await sql.query('SELECT pg_advisory_xact_lock($1)', [SEARCH_MIGRATION_LOCK]);
    const capabilities = await ensureExtensions(sql);
    await applySteps(sql, {
      table: 'paperbot_search_schema',
      lock: SEARCH_MIGRATION_LOCK,
      steps: searchMigrations(capabilities),
      describe: 'search tables are version',
    });
    await capabilityIndexes(sql, capabilities);
    return capabilities;
  });
}

/**
 * The indexes of the extensions present, made when missing: on the first start, or once an
 * administrator has created an extension later (a RUM index over a large table takes minutes).
 */
async function capabilityIndexes(sql: Sql, capabilities: SearchCapabilities): Promise<void> {
  if (capabilities.trigrams) await sql.query(TRIGRAM_INDEX);
  if (capabilities.rum) await sql.query(RUM_INDEX.create.replace('CREATE INDEX', 'CREATE INDEX IF NOT EXISTS'));
}
