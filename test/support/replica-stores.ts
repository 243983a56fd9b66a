/** Two replicas' stores on one database: one SQLite file opened twice, or one PostgreSQL database. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPostgresStore } from '../../src/store/postgres/open.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestDatabase } from './postgres.ts';

/** Stores opened here are closed, and their file or database removed, by `closeAll` (call it after each test). */
export class ReplicaStores {
  private readonly cleanups: (() => Promise<void>)[] = [];

  sqlite(): [Store, Store] {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-replicas-'));
    const stores: [Store, Store] = [openSqliteStore(dir), openSqliteStore(dir)];
    this.cleanups.push(async () => {
      for (const store of stores) await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return stores;
  }

  async postgres(): Promise<[Store, Store]> {
    const database = await createTestDatabase();
    const stores: [Store, Store] = [await openPostgresStore(database.url), await openPostgresStore(database.url)];
    this.cleanups.push(async () => {
      for (const store of stores) await store.close();
      await database.drop();
    });
    return stores;
  }

  async closeAll(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup();
  }
}
