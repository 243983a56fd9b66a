import { afterAll, afterEach, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres/open.ts';
import type { Store } from '../../src/store/store.ts';
import { LATEST_POSTGRES_VERSION, postgresSchemaVersion } from '../../src/store/postgres-migrations.ts';
import { Database } from '../../src/store/postgres-database.ts';
import { noticeReply } from '../../src/reply.ts';
import type { ChannelRef } from '../../src/store/store.ts';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.ts';
import { storeContract } from './store-contract.ts';

const CLAIM_CHILD = fileURLToPath(new URL('../support/postgres-claim-child.ts', import.meta.url));
const general: ChannelRef = { platform: 'discord', channelId: '111111111111111111' };

describeWithPostgres('PostgresStore', () => {
  const databases: TestDatabase[] = [];
  const stores: Store[] = [];
  let database: TestDatabase;

  /** Each test on an empty database of its own. */
  async function freshDatabase(): Promise<TestDatabase> {
    database = await createTestDatabase();
    databases.push(database);
    return database;
  }

  async function openOn(url: string): Promise<Store> {
    const store = await openPostgresStore(url);
    stores.push(store);
    return store;
  }

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  afterAll(async () => {
    for (const each of databases.splice(0)) await each.drop();
  });

  storeContract(
    async () => openOn((await freshDatabase()).url),
    async () => openOn(database.url),
  );

  it('creates the schema once when several processes start together on an empty database', async () => {
    const { url } = await freshDatabase();
    const opened = await Promise.all(Array.from({ length: 5 }, () => openOn(url)));
    expect(opened).toHaveLength(5);
    const check = await Database.connect(url);
    expect(await postgresSchemaVersion(check)).toBe(LATEST_POSTGRES_VERSION);
    const steps = await check.query<{ version: number }>('SELECT version FROM paperbot_schema ORDER BY version');
    await check.close();
    expect(steps.map((step) => step.version)).toEqual(Array.from({ length: LATEST_POSTGRES_VERSION }, (_, i) => i + 1));
  });

  it('refuses a database from a newer paperbot with a sentence that says what to do', async () => {
    const { url } = await freshDatabase();
    await (await openOn(url)).close();
    const check = await Database.connect(url);
    await check.query("INSERT INTO paperbot_schema (version, name) VALUES ($1, 'from the future')", [
      LATEST_POSTGRES_VERSION + 1,
    ]);
    await check.close();
    await expect(openPostgresStore(url)).rejects.toThrow(
      /newer than this paperbot knows.*upgrade paperbot or use another DATABASE_URL/,
    );
  });

  it('names DATABASE_URL, and never the password, when the database cannot be reached', async () => {
    const { url } = await freshDatabase();
    const wrong = new URL(url);
    wrong.pathname = '/no_such_database_here';
    wrong.password = 'hunter2-secret';
    const failure = openPostgresStore(wrong.toString());
    await expect(failure).rejects.toThrow(/DATABASE_URL \(127\.0\.0\.1:\d+\/no_such_database_here\)/);
    await expect(failure).rejects.not.toThrow(/hunter2/);
  });

  it('lets exactly one of several processes starting together take the baseline', async () => {
    const { url } = await freshDatabase();
    const starters = await Promise.all(Array.from({ length: 6 }, () => openOn(url)));
    const taken = await Promise.all(
      starters.map((store, i) => store.seenEntries.recordBaseline([`doi:10.1/shared`, `doi:10.1/only-${i}`])),
    );
    expect(taken.filter(Boolean)).toHaveLength(1);
    const winner = taken.indexOf(true);
    const unseen = await starters[0]!.seenEntries.unseenKeys(starters.map((_, i) => `doi:10.1/only-${i}`));
    expect(unseen).toEqual(starters.map((_, i) => `doi:10.1/only-${i}`).filter((_, i) => i !== winner));
  });

  it('makes each key new for one process only when several commit the same keys at once', async () => {
    const { url } = await freshDatabase();
    const processes = await Promise.all(Array.from({ length: 4 }, () => openOn(url)));
    const keys = Array.from({ length: 300 }, (_, i) => `doi:10.1/k${i}`);
    const reply = noticeReply('new', { ephemeral: false });
    // Each process sees the keys in its own order, as watchers on different machines would.
    const commits = await Promise.all(
      processes.map((store, p) => {
        const order = p % 2 ? [...keys].reverse() : keys.slice(p * 50).concat(keys.slice(0, p * 50));
        return store.seenEntries.commitNewEntries(order, (newKeys) =>
          newKeys.map((key) => ({ ...general, entryKeys: [key], reply })),
        );
      }),
    );
    const announced = commits.flatMap((commit) => commit.newKeys);
    expect(announced.sort()).toEqual([...keys].sort());
    expect(commits.reduce((sum, commit) => sum + commit.deliveries.length, 0)).toBe(keys.length);
    expect(await processes[0]!.deliveries.pendingDeliveries()).toHaveLength(keys.length);
  });

  it('hands a delivery to the next claim at once when the process sending it is killed', async () => {
    const { url } = await freshDatabase();
    const store = await openOn(url);
    const { deliveries } = await store.seenEntries.commitNewEntries(['k1'], (keys) => [
      { ...general, entryKeys: keys, reply: noticeReply('x', { ephemeral: false }) },
    ]);
    const id = deliveries[0]!.id;
    const child = spawn(process.execPath, ['--import', 'tsx', CLAIM_CHILD, url, String(id)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => output.includes('claimed') && resolve());
        child.once('exit', () => reject(new Error(`the claiming child exited: ${output}`)));
      });
      expect(await store.deliveries.claimDelivery(id, async () => 'sent twice')).toEqual({ kind: 'busy' });
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    // The server notices the closed connection and rolls back: no lease to wait out.
    let claim = await store.deliveries.claimDelivery(id, async () => 'sent by the survivor');
    for (let tries = 0; claim.kind === 'busy' && tries < 50; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      claim = await store.deliveries.claimDelivery(id, async () => 'sent by the survivor');
    }
    expect(claim).toEqual({ kind: 'claimed', value: 'sent by the survivor' });
  });

  it('stores subscriptions in tables a database administrator can read', async () => {
    const { url } = await freshDatabase();
    const store = await openOn(url);
    await store.subscriptions.subscribe(general, 'MSC  COVID');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = (await client.query('SELECT platform, channel_id, query FROM subscriptions')).rows;
    await client.end();
    expect(rows).toEqual([{ platform: 'discord', channel_id: general.channelId, query: 'MSC COVID' }]);
  });
});
