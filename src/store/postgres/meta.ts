import type { MetaStore } from '../meta.ts';
import type { Sql } from '../postgres-database.ts';

export class PostgresMeta implements MetaStore {
  constructor(private readonly sql: Sql) {}

  async getMeta(name: string): Promise<string | undefined> {
    const [row] = await this.sql.query<{ value: string }>('SELECT value FROM meta WHERE name = $1', [name]);
    return row?.value;
  }

  async setMeta(name: string, value: string): Promise<void> {
    await this.sql.query(
      'INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      [name, value],
    );
  }
}
