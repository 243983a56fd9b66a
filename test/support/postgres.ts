/**
 * The real PostgreSQL the tests use, on loopback: `PAPERBOT_TEST_DATABASE_URL` names a server
 * where the test role may create databases (`bash .ci/postgres start` starts one and prints
 * it). Each test file gets a database of its own, dropped afterwards.
 *
 * Without the variable the PostgreSQL suites do not run; each says so in a test named after
 * the reason. Under CI (`CI=true`) that test fails instead: CI installs PostgreSQL, and a
 * database that went missing there is a broken run, not a skipped one.
 */
import { describe, it } from 'vitest';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env.PAPERBOT_TEST_DATABASE_URL?.trim() || undefined;

const MISSING =
  'PAPERBOT_TEST_DATABASE_URL is not set; start a server with `eval "$(bash .ci/postgres start)"` to run these';

/** Declares a suite that needs PostgreSQL; without one, a single test reports why it did not run. */
export function describeWithPostgres(name: string, body: () => void): void {
  if (TEST_DATABASE_URL) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    it(`did not run: ${MISSING}`, () => {
      if (process.env.CI === 'true') throw new Error(`CI must run the PostgreSQL tests, but ${MISSING}`);
      console.warn(`${name}: did not run: ${MISSING}`);
    });
  });
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

let counter = 0;

/** A fresh, empty database on the test server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error(MISSING);
  counter += 1;
  const name = `paperbot_test_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
  await admin(async (client) => {
    await client.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      admin(async (client) => {
        // FORCE ends connections a killed child left behind, so the drop never waits on them.
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

async function admin(work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
