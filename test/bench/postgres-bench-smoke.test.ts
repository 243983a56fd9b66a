// The PostgreSQL bench at 1 000 entries completes on the test server, in a database of its own
// that it drops after, and writes every figure for 1 and 8 clients, measured after a warm-up of
// other queries. No timings are asserted.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { runBench } from '../support/bench-process.ts';
import { TEST_DATABASE_URL, describeWithPostgres } from '../support/postgres.ts';

const FIGURES = ['p50Ms', 'p95Ms', 'p99Ms', 'maxMs', 'queriesPerSecond', 'recallAt5', 'typoRecallAt5'] as const;

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function benchDatabases(): Promise<string[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const rows = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'paperbot_bench_%' UNION ALL SELECT rolname FROM pg_roles WHERE rolname LIKE 'paperbot_bench_%'",
    );
    return rows.rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

describeWithPostgres('npm run bench -- --backend postgres', () => {
  it('runs 1 000 entries with 1 and 8 clients after a warm-up of other queries, in each set-up, and drops its databases', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paperbot-bench-test-'));
    made.push(dir);
    const out = path.join(dir, 'bench.json');
    const before = await benchDatabases();
    const run = await runBench(['--backend', 'postgres', '--sizes', '1000', '--out', out], {
      DATABASE_URL: TEST_DATABASE_URL,
    });
    expect(run.stderr).not.toMatch(/failed|Error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^1,000 entries on PostgreSQL, set-up rum \(\d+ queries\)/m);
    expect(run.stdout).toMatch(/^ {2}8 clients: p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms/m);

    const results = JSON.parse(await readFile(out, 'utf8')) as {
      backend: string;
      results: {
        size: number;
        setup: string;
        runsOn: string;
        entries: number;
        queries: number;
        measured: string;
        runs: Record<string, unknown>[];
      }[];
    };
    expect(results.backend).toBe('postgres');
    // One run measures each set-up of the database, and says what the search ran on in each.
    expect(results.results.map((result) => [result.setup, result.runsOn.split(',')[0]])).toEqual([
      ['rum', 'search: PostgreSQL full-text (GIN'],
      ['gin', 'search: PostgreSQL full-text (GIN)'],
      ['plain', 'search: PostgreSQL full-text (GIN)'],
    ]);
    expect(results.results.map((result) => result.runsOn.includes('typo tolerance by pg_trgm'))).toEqual([
      true,
      true,
      false,
    ]);
    const [record] = results.results;
    expect(record?.size).toBe(1000);
    expect(record?.entries).toBeGreaterThanOrEqual(1000);
    expect(record?.queries).toBeGreaterThanOrEqual(500);
    const warmUps = Number(
      /after (\d+) other queries by 8 clients at once, not measured/.exec(record?.measured ?? '')?.[1],
    );
    // The next seed's queries, less any the measured set also holds.
    expect(warmUps).toBeGreaterThan(400);
    expect(record?.runs.map((figures) => figures.clients)).toEqual([1, 8]);
    for (const figures of record?.runs ?? []) {
      for (const figure of FIGURES) expect(typeof figures[figure], figure).toBe('number');
      expect(figures.recallAt5).toBeGreaterThan(0.5);
    }
    expect(await benchDatabases()).toEqual(before);
  }, 480_000);
});
