import type Database from 'better-sqlite3';
import { yieldToEventLoop } from '../../event-loop-yield.ts';
import { BASELINE_META, type DeliveryPlanner, type NewEntriesCommit, type SeenEntryStore } from '../seen-entries.ts';
import { queueDeliveries } from './deliveries.ts';

/** SQLite allows 32 766 bound parameters; a chunk far below that keeps statements small. */
const KEY_CHUNK = 500;
/** Seen keys written between two turns of the event loop while the baseline is taken (see bench/README.md, "How start-up stays responsive"). */
const BASELINE_KEYS_PER_YIELD = 2_000;

/** The SQLite store's ledger of entry keys already seen, which decides what is new. */
export class SqliteSeenEntries implements SeenEntryStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  async hasBaseline(): Promise<boolean> {
    return (
      this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE name = ?').get(BASELINE_META) !==
      undefined
    );
  }

  /**
   * Records every key as seen and marks the baseline taken, in one transaction, so a baseline is
   * all there or not at all; written a chunk per turn of the event loop, since a large baseline in
   * one go holds it (see bench/README.md, "How start-up stays responsive"). IMMEDIATE takes the
   * write lock at once: another process starting on the same file waits for the whole baseline,
   * then finds it taken.
   */
  async recordBaseline(keys: Iterable<string>): Promise<boolean> {
    const all = [...keys];
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const taken = this.db
        .prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING')
        .run(BASELINE_META, this.now().toISOString());
      if (!taken.changes) {
        this.db.exec('ROLLBACK');
        return false;
      }
      for (let start = 0; start < all.length; start += BASELINE_KEYS_PER_YIELD) {
        if (start > 0) await yieldToEventLoop();
        this.insert(all.slice(start, start + BASELINE_KEYS_PER_YIELD));
      }
      this.db.exec('COMMIT');
      return true;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  async commitNewEntries(keys: readonly string[], plan: DeliveryPlanner): Promise<NewEntriesCommit> {
    return this.db.transaction((): NewEntriesCommit => {
      const newKeys = this.unseen(keys);
      if (!newKeys.length) return { newKeys, deliveries: [] };
      this.insert(newKeys);
      return { newKeys, deliveries: queueDeliveries(this.db, plan(newKeys), this.now) };
    })();
  }

  /** The keys the ledger lacks, in one go: for use inside a transaction. */
  private unseen(keys: readonly string[]): string[] {
    const distinct = [...new Set(keys)];
    const seen = new Set<string>();
    for (let start = 0; start < distinct.length; start += KEY_CHUNK)
      this.collectSeen(distinct.slice(start, start + KEY_CHUNK), seen);
    return distinct.filter((key) => !seen.has(key));
  }

  /**
   * The keys the ledger lacks, a chunk per turn of the event loop: a start asks about every entry,
   * which in one go holds the loop (see bench/README.md, "How start-up stays responsive").
   * Nothing is written, so no transaction spans them.
   */
  async unseenKeys(keys: readonly string[]): Promise<string[]> {
    const distinct = [...new Set(keys)];
    const seen = new Set<string>();
    for (let start = 0; start < distinct.length; start += KEY_CHUNK) {
      if (start > 0) await yieldToEventLoop();
      this.collectSeen(distinct.slice(start, start + KEY_CHUNK), seen);
    }
    return distinct.filter((key) => !seen.has(key));
  }

  private insert(keys: readonly string[]): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO seen_entries (entry_key, seen_at) VALUES (?, ?)');
    const at = this.now().toISOString();
    for (const key of keys) insert.run(key, at);
  }

  /** Adds to `seen` the keys of one chunk that the ledger holds. */
  private collectSeen(chunk: readonly string[], seen: Set<string>): void {
    const rows = this.db
      .prepare<string[], { entry_key: string }>(
        `SELECT entry_key FROM seen_entries WHERE entry_key IN (${chunk.map(() => '?').join(',')})`,
      )
      .all(...chunk);
    for (const row of rows) seen.add(row.entry_key);
  }
}
