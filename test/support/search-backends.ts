/**
 * The search suites run once per backend: MiniSearch in this process, and PostgreSQL on the
 * loopback test server (`describeWithPostgres` says why it did not run where there is none), in
 * each of its set-ups: with RUM, without it, and without pg_trgm either (SEARCH_SETUPS).
 * `open` indexes entries in a fresh backend; the PostgreSQL side gives each one a database
 * of its own, dropped after the suite.
 */
import { afterAll, describe } from 'vitest';
import type { Entry } from '../../src/corpus/entry.ts';
import { MiniSearchBackend } from '../../src/search/minisearch-backend.ts';
import { PostgresSearchBackend } from '../../src/search/postgres/backend.ts';
import type { SearchBackend } from '../../src/search/search-backend.ts';
import { SEARCH_SETUPS, createTestDatabase, describeWithPostgres, type TestDatabase } from './postgres.ts';

export type OpenBackend = (entries: readonly Entry[]) => Promise<SearchBackend>;

export function describeOnEachBackend(name: string, body: (open: OpenBackend) => void): void {
  describe(`${name} (MiniSearch)`, () => body(async (entries) => MiniSearchBackend.build(entries)));
  describeWithPostgres(`${name} (PostgreSQL)`, () => {
    describe.each(SEARCH_SETUPS)('$name', (setup) => {
      const opened: { backend: PostgresSearchBackend; database: TestDatabase }[] = [];
      afterAll(async () => {
        for (const { backend, database } of opened) {
          await backend.close();
          await database.drop();
        }
      });
      body(async (entries) => {
        const database = await createTestDatabase(setup);
        const backend = await PostgresSearchBackend.open(database.url, { maxConnections: 2 });
        opened.push({ backend, database });
        await backend.upsert(entries);
        return backend;
      });
    });
  });
}
