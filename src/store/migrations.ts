import type Database from 'better-sqlite3';

/**
 * The schema, as numbered steps. A database records the last step applied in
 * `PRAGMA user_version`; opening it applies the missing steps in order, each in its own
 * transaction. Steps are only ever appended: a released step is never edited.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'subscriptions and meta',
    sql: `
      CREATE TABLE subscriptions (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        platform      TEXT NOT NULL,
        channel_id    TEXT NOT NULL,
        query         TEXT NOT NULL,
        -- what makes two subscriptions the same: a retried request must not add a second row
        query_key     TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        broken_reason TEXT,
        broken_at     TEXT,
        UNIQUE (platform, channel_id, query_key)
      );
      CREATE TABLE meta (
        name  TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'ledger of seen entries and deliveries',
    sql: `
      CREATE TABLE seen_entries (
        entry_key TEXT PRIMARY KEY,
        seen_at   TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE deliveries (
        id                 INTEGER PRIMARY KEY AUTOINCREMENT,
        platform           TEXT NOT NULL,
        channel_id         TEXT NOT NULL,
        entry_keys         TEXT NOT NULL,
        reply              TEXT NOT NULL,
        status             TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed', 'cancelled')),
        attempts           INTEGER NOT NULL DEFAULT 0,
        permanent_failures INTEGER NOT NULL DEFAULT 0,
        last_error         TEXT,
        created_at         TEXT NOT NULL,
        finished_at        TEXT
      );
      CREATE INDEX deliveries_pending ON deliveries (status, id) WHERE status = 'pending';
    `,
  },
  {
    version: 3,
    name: 'discussion threads; how subscriptions post and whom they mention',
    sql: `
      CREATE TABLE discussion_threads (
        platform   TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        entry_key  TEXT NOT NULL,
        thread_id  TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id, entry_key)
      ) WITHOUT ROWID;
      ALTER TABLE subscriptions ADD COLUMN post_style TEXT NOT NULL DEFAULT 'message' CHECK (post_style IN ('message', 'entry-threads'));
      ALTER TABLE subscriptions ADD COLUMN mention_id TEXT;
      ALTER TABLE subscriptions ADD COLUMN mention_label TEXT;
      -- JSON of DeliveryPosting: a thread per entry, a mention; NULL for a plain message
      ALTER TABLE deliveries ADD COLUMN posting TEXT;
    `,
  },
  {
    version: 4,
    name: 'retry time of failed deliveries',
    // Written so that a store shared by several processes has them all wait out one backoff.
    sql: `ALTER TABLE deliveries ADD COLUMN retry_at TEXT;`,
  },
  {
    version: 5,
    name: 'requests taken, so that none runs twice',
    // expires_at is epoch milliseconds: compared as a number, whatever the clock's formatting.
    sql: `
      CREATE TABLE taken_requests (
        request_key TEXT PRIMARY KEY,
        expires_at  INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX taken_requests_expiry ON taken_requests (expires_at);
    `,
  },
  {
    version: 6,
    name: 'discussion claims, so that one process at a time opens an entry thread',
    // expires_at is epoch milliseconds, as in taken_requests.
    sql: `
      CREATE TABLE discussion_claims (
        platform   TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        entry_key  TEXT NOT NULL,
        claimant   TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (platform, channel_id, entry_key)
      ) WITHOUT ROWID;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

export function schemaVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/** Applies the steps after the database's version, up to `target`; returns the versions applied. */
export function migrate(db: Database.Database, target = LATEST_SCHEMA_VERSION): number[] {
  const current = schemaVersion(db);
  if (current > LATEST_SCHEMA_VERSION) {
    throw new Error(
      `the store's schema is version ${current}, newer than this paperbot knows (${LATEST_SCHEMA_VERSION}); upgrade paperbot or use another DATA_DIR`,
    );
  }
  const applied: number[] = [];
  for (const step of MIGRATIONS) {
    if (step.version <= current || step.version > target) continue;
    db.transaction(() => {
      db.exec(step.sql);
      // user_version takes no bound parameters; the version is a number from this file.
      db.pragma(`user_version = ${step.version}`);
    })();
    applied.push(step.version);
  }
  return applied;
}
