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

/**
 * What the search finds in a database: the test server ships RUM and pg_trgm, and a role that
 * may not create an extension is how a managed service leaves them out.
 */
export interface SearchSetup {
  readonly name: string;
  /** The start-up line's opening, saying what the search runs on. */
  readonly logs: string;
  /** A role of its own (LOGIN NOSUPERUSER) owning the database, rather than the test server's superuser. */
  readonly ownRole?: { readonly mayCreateExtensions: boolean };
}

export const SEARCH_SETUPS: readonly SearchSetup[] = [
  {
    name: 'with RUM and pg_trgm',
    logs: 'search: PostgreSQL full-text (GIN, RUM for similar entries), typo tolerance by pg_trgm',
  },
  {
    name: 'without RUM: a non-superuser role that owns its database',
    logs: 'search: PostgreSQL full-text (GIN), typo tolerance by pg_trgm; rum not created (this role may not; a superuser can run CREATE EXTENSION rum)',
    ownRole: { mayCreateExtensions: true },
  },
  {
    name: 'without RUM or pg_trgm: a role that may create no extension',
    logs: 'search: PostgreSQL full-text (GIN), typo tolerance by the corpus words table (first letter as typed); rum not created (this role may not; a superuser can run CREATE EXTENSION rum); pg_trgm not created (this role may not; a superuser can run CREATE EXTENSION pg_trgm); unaccent not created (this role may not; a superuser can run CREATE EXTENSION unaccent)',
    ownRole: { mayCreateExtensions: false },
  },
];

/** A fresh, empty database on the test server, owned by a role of its own when the set-up says so. */
export async function createTestDatabase(setup?: SearchSetup): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error(MISSING);
  counter += 1;
  const name = `paperbot_test_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
  const role = setup?.ownRole;
  await admin(async (client) => {
    if (role) {
      await client.query(`CREATE ROLE ${name} LOGIN NOSUPERUSER`);
      await client.query(`CREATE DATABASE ${name} OWNER ${name}`);
      // An owner may create trusted extensions (pg_trgm, unaccent) through CREATE on its database.
      if (!role.mayCreateExtensions) await client.query(`REVOKE CREATE ON DATABASE ${name} FROM ${name}`);
    } else await client.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  if (role) {
    url.username = name;
    url.password = '';
  }
  return {
    url: url.toString(),
    drop: () =>
      admin(async (client) => {
        // FORCE ends connections a killed child left behind, so the drop never waits on them.
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        if (role) await client.query(`DROP ROLE IF EXISTS ${name}`);
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
