/**
 * The PostgreSQL server the bench searches on: the one `DATABASE_URL` names (the bench creates a
 * database of its own there and drops it after), or, when none is named, a throwaway server on
 * loopback started with `.ci/postgres` and stopped afterwards.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import type { BenchSetup } from './args.ts';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../.ci/postgres', import.meta.url));

export interface BenchServer {
  /**
   * A new, empty database on the server: for `rum`, owned by the server's role (a superuser
   * creates RUM and pg_trgm); for `gin` and `plain`, by a role of its own, LOGIN NOSUPERUSER, as
   * on a managed service, that may create trusted extensions (pg_trgm, not RUM) or, for `plain`,
   * none at all.
   */
  createDatabase(setup?: BenchSetup): Promise<{ url: string; drop(): Promise<void> }>;
  stop(): Promise<void>;
}

export async function benchServer(
  configuredUrl: string | undefined,
  log: (message: string) => void,
): Promise<BenchServer> {
  if (configuredUrl) return serverAt(configuredUrl, async () => undefined);
  log('no DATABASE_URL: starting a throwaway PostgreSQL on 127.0.0.1 (bash .ci/postgres start)');
  const { stdout } = await run('bash', [SCRIPT, 'start'], { maxBuffer: 1 << 20 });
  const url = /PAPERBOT_TEST_DATABASE_URL=(\S+)/.exec(stdout)?.[1];
  const folder = /PAPERBOT_TEST_PGDATA=(\S+)/.exec(stdout)?.[1];
  if (!url || !folder) throw new Error(`.ci/postgres start did not say where the server is: ${stdout.slice(0, 300)}`);
  return serverAt(url, async () => {
    await run('bash', [SCRIPT, 'stop', folder]);
  });
}

function serverAt(url: string, stop: () => Promise<void>): BenchServer {
  let made = 0;
  return {
    async createDatabase(setup = 'rum') {
      made += 1;
      const name = `paperbot_bench_${process.pid}_${made}`;
      const ownRole = setup !== 'rum';
      const database = new URL(url);
      database.pathname = `/${name}`;
      if (ownRole) {
        await admin(url, `CREATE ROLE ${name} LOGIN NOSUPERUSER`);
        await admin(url, `CREATE DATABASE ${name} OWNER ${name}`);
        if (setup === 'plain') await admin(url, `REVOKE CREATE ON DATABASE ${name} FROM ${name}`);
        database.username = name;
        database.password = '';
      } else await admin(url, `CREATE DATABASE ${name}`);
      return {
        url: database.toString(),
        drop: async () => {
          await admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          if (ownRole) await admin(url, `DROP ROLE IF EXISTS ${name}`);
        },
      };
    },
    stop,
  };
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
