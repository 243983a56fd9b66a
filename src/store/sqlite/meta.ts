import type Database from 'better-sqlite3';
import type { MetaStore } from '../meta.ts';

export class SqliteMeta implements MetaStore {
  constructor(private readonly db: Database.Database) {}

  async getMeta(name: string): Promise<string | undefined> {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE name = ?').get(name)?.value;
  }

  async setMeta(name: string, value: string): Promise<void> {
    this.db
      .prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value')
      .run(name, value);
  }
}
