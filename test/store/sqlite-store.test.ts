import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore, STORE_FILE_NAME } from '../../src/store/sqlite-store.ts';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from '../../src/store/migrations.ts';
import { noticeReply } from '../../src/reply.ts';
import type { ChannelRef } from '../../src/store/store.ts';

const dirs: string[] = [];
const open: SqliteStore[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-store-'));
  dirs.push(dir);
  return dir;
}

function openStore(dir: string): SqliteStore {
  const store = SqliteStore.open(dir);
  open.push(store);
  return store;
}

afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const general: ChannelRef = { platform: 'discord', channelId: '111111111111111111' };
const random: ChannelRef = { platform: 'slack', channelId: 'C0RANDOM' };

describe('SqliteStore: opening and migrations', () => {
  it('creates the data folder and one file in WAL mode at the latest schema', async () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const store = openStore(dir);
    await store.close();
    expect(existsSync(path.join(dir, STORE_FILE_NAME))).toBe(true);
    const db = new Database(path.join(dir, STORE_FILE_NAME));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining(['deliveries', 'meta', 'seen_entries', 'subscriptions']));
    db.close();
  });

  it('upgrades an older file step by step, keeping its rows', async () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, STORE_FILE_NAME));
    expect(migrate(db, 1)).toEqual([1]);
    db.prepare("INSERT INTO subscriptions (platform, channel_id, query, query_key, created_at) VALUES ('slack', 'C1', 'MSC', 'msc', '2024-01-01T00:00:00.000Z')").run();
    db.close();

    const store = openStore(dir);
    const subscriptions = await store.listSubscriptions({ platform: 'slack', channelId: 'C1' });
    expect(subscriptions.map((s) => s.query)).toEqual(['MSC']);
    expect(await store.unseenKeys(['doi:10.1/x'])).toEqual(['doi:10.1/x']);
  });

  it('applies nothing twice when reopened', async () => {
    const dir = tempDir();
    await openStore(dir).close();
    const db = new Database(path.join(dir, STORE_FILE_NAME));
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('refuses a file from a newer paperbot with a sentence that says what to do', () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, STORE_FILE_NAME));
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => SqliteStore.open(dir)).toThrow(/newer than this paperbot knows.*upgrade paperbot/);
  });

  it('names DATA_DIR when the folder cannot be used', () => {
    const file = path.join(tempDir(), 'not-a-folder');
    writeFileSync(file, 'x');
    expect(() => SqliteStore.open(file)).toThrow(/cannot open the store in DATA_DIR/);
  });
});

describe('SqliteStore: subscriptions', () => {
  it('subscribes, lists oldest first per channel, and unsubscribes one or all', async () => {
    const store = openStore(tempDir());
    const first = await store.subscribe(general, 'MSC COVID');
    const second = await store.subscribe(general, '');
    await store.subscribe(random, 'kind:dataset');
    expect(first.created).toBe(true);
    expect((await store.listSubscriptions(general)).map((s) => s.query)).toEqual(['MSC COVID', '']);
    expect((await store.listSubscriptions(random)).map((s) => s.query)).toEqual(['kind:dataset']);

    const removed = await store.unsubscribe(general, [second.subscription.id]);
    expect(removed.map((s) => s.query)).toEqual(['']);
    expect((await store.listSubscriptions(general)).map((s) => s.query)).toEqual(['MSC COVID']);

    await store.subscribe(general, 'year:2020');
    expect((await store.unsubscribe(general)).map((s) => s.query)).toEqual(['MSC COVID', 'year:2020']);
    expect(await store.listSubscriptions(general)).toEqual([]);
    expect((await store.listSubscriptions(random)).length).toBe(1);
  });

  it('keeps one row when the same query is subscribed again (a retried request)', async () => {
    const store = openStore(tempDir());
    const first = await store.subscribe(general, 'MSC  COVID');
    const again = await store.subscribe(general, 'msc covid ');
    expect(again.created).toBe(false);
    expect(again.subscription.id).toBe(first.subscription.id);
    expect((await store.listSubscriptions(general)).map((s) => s.query)).toEqual(['MSC COVID']);
    const other = await store.subscribe({ platform: 'slack', channelId: general.channelId }, 'MSC COVID');
    expect(other.created).toBe(true);
  });

  it('marks a channel broken, leaves it out of the active list, and a new subscribe revives it', async () => {
    const store = openStore(tempDir());
    await store.subscribe(general, 'MSC');
    await store.subscribe(random, '');
    const broken = await store.markChannelBroken(general, 'Unknown Channel');
    expect(broken.map((s) => s.brokenReason)).toEqual(['Unknown Channel']);
    expect((await store.activeSubscriptions()).map((s) => s.channelId)).toEqual([random.channelId]);
    const revived = await store.subscribe(general, 'MSC');
    expect(revived.created).toBe(false);
    expect(revived.subscription.brokenReason).toBeUndefined();
    expect((await store.activeSubscriptions()).length).toBe(2);
  });
});

describe('SqliteStore: ledger and deliveries', () => {
  it('takes the baseline once and reports only never-seen keys', async () => {
    const store = openStore(tempDir());
    expect(await store.hasBaseline()).toBe(false);
    await store.recordBaseline(['doi:10.1/a', 'biostudies:S-EPMC1']);
    expect(await store.hasBaseline()).toBe(true);
    expect(await store.unseenKeys(['doi:10.1/a', 'doi:10.1/b', 'doi:10.1/b'])).toEqual(['doi:10.1/b']);
  });

  it('marks keys seen and queues deliveries in one step; a second commit of the same keys queues nothing', async () => {
    const store = openStore(tempDir());
    await store.recordBaseline([]);
    const reply = noticeReply('New entry', { ephemeral: false });
    const plan = (keys: readonly string[]) => [{ ...general, entryKeys: keys, reply }];
    const first = await store.commitNewEntries(['doi:10.1/a', 'doi:10.1/b'], plan);
    expect(first.newKeys).toEqual(['doi:10.1/a', 'doi:10.1/b']);
    expect(first.deliveries.map((d) => d.entryKeys)).toEqual([['doi:10.1/a', 'doi:10.1/b']]);
    const second = await store.commitNewEntries(['doi:10.1/a'], plan);
    expect(second).toEqual({ newKeys: [], deliveries: [] });
    const pending = await store.pendingDeliveries();
    expect(pending.map((d) => d.reply.fallback)).toEqual(['New entry']);
  });

  it('leaves nothing behind when the planner fails: the keys stay unseen', async () => {
    const store = openStore(tempDir());
    await expect(
      store.commitNewEntries(['doi:10.1/a'], () => {
        throw new Error('renderer broke');
      }),
    ).rejects.toThrow('renderer broke');
    expect(await store.unseenKeys(['doi:10.1/a'])).toEqual(['doi:10.1/a']);
    expect(await store.pendingDeliveries()).toEqual([]);
  });

  it('counts failed attempts and moves deliveries out of pending when finished or cancelled', async () => {
    const store = openStore(tempDir());
    const reply = noticeReply('x', { ephemeral: false });
    const { deliveries } = await store.commitNewEntries(['k1', 'k2', 'k3'], (keys) => keys.map((key) => ({ ...(key === 'k3' ? random : general), entryKeys: [key], reply })));
    const [a, b, c] = deliveries;
    if (!a || !b || !c) throw new Error('expected three deliveries');
    await store.recordFailedAttempt(a.id, { reason: 'HTTP 500', permanent: false });
    await store.recordFailedAttempt(a.id, { reason: 'Unknown Channel', permanent: true });
    const afterFailures = (await store.pendingDeliveries()).find((d) => d.id === a.id);
    expect(afterFailures).toMatchObject({ attempts: 2, permanentFailures: 1, lastError: 'Unknown Channel' });

    await store.finishDelivery(a.id, 'done');
    expect(await store.cancelChannelDeliveries(general, 'channel is gone')).toBe(1);
    expect((await store.pendingDeliveries()).map((d) => d.id)).toEqual([c.id]);
    expect(await store.delivery(a.id)).toMatchObject({ status: 'done' });
    expect(await store.delivery(b.id)).toMatchObject({ status: 'cancelled', lastError: 'channel is gone' });
  });

  it('prunes old finished deliveries and never a pending one', async () => {
    let now = new Date('2024-01-01T00:00:00.000Z');
    const dir = tempDir();
    const store = SqliteStore.open(dir, { now: () => now });
    open.push(store);
    const reply = noticeReply('x', { ephemeral: false });
    const { deliveries } = await store.commitNewEntries(['k1', 'k2'], (keys) => keys.map((key) => ({ ...general, entryKeys: [key], reply })));
    const [done, pending] = deliveries;
    if (!done || !pending) throw new Error('expected two deliveries');
    await store.finishDelivery(done.id, 'done');
    now = new Date('2024-03-01T00:00:00.000Z');
    expect(await store.pruneFinishedDeliveries(new Date('2024-02-01T00:00:00.000Z'))).toBe(1);
    expect(await store.delivery(done.id)).toBeUndefined();
    expect((await store.pendingDeliveries()).map((d) => d.id)).toEqual([pending.id]);
  });

  it('keeps everything across close and reopen', async () => {
    const dir = tempDir();
    const first = openStore(dir);
    await first.subscribe(general, 'MSC');
    await first.recordBaseline(['doi:10.1/a']);
    await first.commitNewEntries(['doi:10.1/b'], (keys) => [{ ...general, entryKeys: keys, reply: noticeReply('b', { ephemeral: false }) }]);
    await first.setMeta('index.fingerprint', 'abc123');
    await first.close();

    const second = openStore(dir);
    expect(await second.hasBaseline()).toBe(true);
    expect(await second.unseenKeys(['doi:10.1/a', 'doi:10.1/b', 'doi:10.1/c'])).toEqual(['doi:10.1/c']);
    expect((await second.listSubscriptions(general)).map((s) => s.query)).toEqual(['MSC']);
    expect((await second.pendingDeliveries()).map((d) => d.reply.fallback)).toEqual(['b']);
    expect(await second.getMeta('index.fingerprint')).toBe('abc123');
  });
});
