import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from '../migrations.ts';
import type { Store } from '../store.ts';
import { SqliteDeliveries } from './deliveries.ts';
import { SqliteDiscussions } from './discussions.ts';
import { SqliteMeta } from './meta.ts';
import { SqliteSeenEntries } from './seen-entries.ts';
import { SqliteSubscriptions } from './subscriptions.ts';
import { SqliteTakenRequests } from './taken-requests.ts';

export const STORE_FILE_NAME = 'paperbot.sqlite';

export interface SqliteStoreOptions {
  /** The clock the store writes times by (tests move it). */
  readonly now?: () => Date;
}

/**
 * Opens (creating when missing) the store file in `dataDir` and brings its schema up to date.
 * One SQLite file (better-sqlite3, WAL); calls are synchronous underneath, and the promises are
 * the interfaces', so another store can be asynchronous for real.
 */
export function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): Store {
  const file = path.join(dataDir, STORE_FILE_NAME);
  let db: Database.Database;
  try {
    mkdirSync(dataDir, { recursive: true });
    db = new Database(file);
  } catch (error) {
    throw new Error(
      `cannot open the store in DATA_DIR (${dataDir}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    db.pragma('journal_mode = WAL');
    // Another process (a `paperbot check`, a second bot) may hold the write lock briefly.
    db.pragma('busy_timeout = 5000');
    // With WAL, NORMAL survives a killed process; only a power cut can lose the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const now = options.now ?? ((): Date => new Date());
  const subscriptions = new SqliteSubscriptions(db, now);
  return {
    subscriptions,
    seenEntries: new SqliteSeenEntries(db, now),
    deliveries: new SqliteDeliveries(db, now, subscriptions),
    discussions: new SqliteDiscussions(db, now),
    takenRequests: new SqliteTakenRequests(db, now),
    meta: new SqliteMeta(db),
    // One process owns the file.
    shared: false,
    async close(): Promise<void> {
      if (db.open) db.close();
    },
  };
}
