import type { Sql } from './postgres-database.ts';
import { applySteps, type PostgresStep } from './postgres-steps.ts';

/**
 * The PostgreSQL schema, as numbered steps (the same idea as the SQLite steps in
 * `migrations.ts`, in PostgreSQL's dialect). The table `paperbot_schema` lists the steps
 * applied. Steps are only ever appended: a released step is never edited.
 */
export type PostgresMigration = PostgresStep;

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'subscriptions and meta',
    sql: `
      CREATE TABLE subscriptions (
        id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        platform      text NOT NULL,
        channel_id    text NOT NULL,
        query         text NOT NULL,
        -- what makes two subscriptions the same: a retried request must not add a second row
        query_key     text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        broken_reason text,
        broken_at     timestamptz,
        post_style    text NOT NULL DEFAULT 'message' CHECK (post_style IN ('message', 'entry-threads')),
        mention_id    text,
        mention_label text,
        UNIQUE (platform, channel_id, query_key)
      );
      CREATE TABLE meta (
        name  text PRIMARY KEY,
        value text NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'ledger of seen entries, deliveries and discussion threads',
    sql: `
      CREATE TABLE seen_entries (
        entry_key text PRIMARY KEY,
        seen_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE deliveries (
        id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        platform           text NOT NULL,
        channel_id         text NOT NULL,
        entry_keys         jsonb NOT NULL,
        reply              jsonb NOT NULL,
        status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed', 'cancelled')),
        attempts           integer NOT NULL DEFAULT 0,
        permanent_failures integer NOT NULL DEFAULT 0,
        last_error         text,
        retry_at           timestamptz,
        -- a DeliveryPosting: a thread per entry, a mention; NULL for a plain message
        posting            jsonb,
        created_at         timestamptz NOT NULL DEFAULT now(),
        finished_at        timestamptz
      );
      CREATE INDEX deliveries_pending ON deliveries (id) WHERE status = 'pending';
      CREATE INDEX deliveries_pending_channel ON deliveries (platform, channel_id) WHERE status = 'pending';
      CREATE TABLE discussion_threads (
        platform   text NOT NULL,
        channel_id text NOT NULL,
        entry_key  text NOT NULL,
        thread_id  text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (platform, channel_id, entry_key)
      );
    `,
  },
  {
    version: 3,
    name: 'requests taken, so that none runs twice on any replica',
    sql: `
      CREATE TABLE taken_requests (
        request_key text PRIMARY KEY,
        expires_at  timestamptz NOT NULL
      );
      CREATE INDEX taken_requests_expiry ON taken_requests (expires_at);
    `,
  },
  {
    version: 4,
    name: 'discussion claims, so that one replica at a time opens an entry thread',
    sql: `
      CREATE TABLE discussion_claims (
        platform   text NOT NULL,
        channel_id text NOT NULL,
        entry_key  text NOT NULL,
        claimant   text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (platform, channel_id, entry_key)
      );
    `,
  },
];

export const LATEST_POSTGRES_VERSION = POSTGRES_MIGRATIONS.at(-1)?.version ?? 0;

/** Any fixed number; processes migrating at once queue on it, so each step runs once. */
const MIGRATION_LOCK = 7_305_210_001;

/**
 * Applies the missing steps up to `target` in one transaction, under an advisory lock: several
 * processes starting together on an empty database create the schema once. Returns the versions applied.
 */
export async function migratePostgres(database: Sql, target = LATEST_POSTGRES_VERSION): Promise<number[]> {
  return applySteps(database, {
    table: 'paperbot_schema',
    lock: MIGRATION_LOCK,
    steps: POSTGRES_MIGRATIONS,
    target,
    describe: 'schema is version',
  });
}

export async function postgresSchemaVersion(database: Sql): Promise<number> {
  const [exists] = await database.query<{ present: boolean }>(
    "SELECT to_regclass('paperbot_schema') IS NOT NULL AS present",
  );
  if (!exists?.present) return 0;
  const [row] = await database.query<{ version: number | null }>('SELECT max(version) AS version FROM paperbot_schema');
  return row?.version ?? 0;
}
