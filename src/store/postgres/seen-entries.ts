import type { Sql } from '../postgres-database.ts';
import { BASELINE_META, type DeliveryPlanner, type NewEntriesCommit, type SeenEntryStore } from '../seen-entries.ts';
import { queueDeliveries } from './deliveries.ts';

/**
 * The ledger on a database several processes share: a key is new for the one transaction whose
 * insert into the ledger wins.
 */
export class PostgresSeenEntries implements SeenEntryStore {
  constructor(private readonly sql: Sql) {}

  async hasBaseline(): Promise<boolean> {
    const [row] = await this.sql.query<{ value: string }>('SELECT value FROM meta WHERE name = $1', [BASELINE_META]);
    return row !== undefined;
  }

  async recordBaseline(keys: Iterable<string>): Promise<boolean> {
    return this.sql.transaction(async (sql) => {
      // A second process inserting the same row waits for this transaction, then finds the conflict.
      const taken = await sql.query(
        'INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING name',
        [BASELINE_META, new Date().toISOString()],
      );
      if (!taken.length) return false;
      await insertSeen(sql, [...new Set(keys)]);
      return true;
    });
  }

  async unseenKeys(keys: readonly string[]): Promise<string[]> {
    const distinct = [...new Set(keys)];
    const seen = await this.sql.query<{ entry_key: string }>(
      'SELECT entry_key FROM seen_entries WHERE entry_key = ANY($1::text[])',
      [distinct],
    );
    const known = new Set(seen.map((row) => row.entry_key));
    return distinct.filter((key) => !known.has(key));
  }

  async commitNewEntries(keys: readonly string[], plan: DeliveryPlanner): Promise<NewEntriesCommit> {
    return this.sql.transaction(async (sql) => {
      const distinct = [...new Set(keys)];
      // The keys this insert added are new for this transaction alone: a process committing the
      // same key at the same moment waits on it, then finds it seen.
      const inserted = new Set(await insertSeen(sql, distinct));
      const newKeys = distinct.filter((key) => inserted.has(key));
      if (!newKeys.length) return { newKeys, deliveries: [] };
      return { newKeys, deliveries: await queueDeliveries(sql, plan(newKeys)) };
    });
  }
}

/**
 * Marks keys seen and returns those this call added. Sorted, so that two transactions inserting
 * overlapping keys take their locks in one order and never deadlock.
 */
async function insertSeen(sql: Sql, keys: readonly string[]): Promise<string[]> {
  if (!keys.length) return [];
  const sorted = [...keys].sort();
  const rows = await sql.query<{ entry_key: string }>(
    'INSERT INTO seen_entries (entry_key) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING entry_key',
    [sorted],
  );
  return rows.map((row) => row.entry_key);
}
