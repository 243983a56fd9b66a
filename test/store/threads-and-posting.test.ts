import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore, STORE_FILE_NAME } from '../../src/store/sqlite-store.ts';
import { migrate } from '../../src/store/migrations.ts';
import { noticeReply } from '../../src/reply.ts';
import type { ChannelRef } from '../../src/store/store.ts';

const dirs: string[] = [];
const open: SqliteStore[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-threads-'));
  dirs.push(dir);
  return dir;
}

function openStore(dir = tempDir()): SqliteStore {
  const store = SqliteStore.open(dir);
  open.push(store);
  return store;
}

afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const papers: ChannelRef = { platform: 'discord', channelId: '111111111111111111' };
const club: ChannelRef = { platform: 'slack', channelId: 'C0CLUB' };
const KEY = 'doi:10.14336/ad.2020.0228';

describe('SqliteStore: discussion threads', () => {
  it('remembers one thread per entry per channel; the first one stands, and survives reopening', async () => {
    const dir = tempDir();
    const store = openStore(dir);
    expect(await store.discussionThread(papers, KEY)).toBeUndefined();
    expect((await store.rememberDiscussionThread(papers, KEY, '222222222222222222')).threadId).toBe('222222222222222222');
    // A second process that opened its own thread at the same moment is told to use the first.
    expect((await store.rememberDiscussionThread(papers, KEY, '333333333333333333')).threadId).toBe('222222222222222222');
    expect((await store.rememberDiscussionThread(club, KEY, '1700000000.000100')).threadId).toBe('1700000000.000100');
    await store.close();

    const reopened = openStore(dir);
    expect((await reopened.discussionThread(papers, KEY))?.threadId).toBe('222222222222222222');
    expect((await reopened.discussionThread(club, KEY))?.threadId).toBe('1700000000.000100');
    expect(await reopened.discussionThread(papers, 'doi:10.1/other')).toBeUndefined();
  });

  it('forgets a thread only while it is still the one remembered', async () => {
    const store = openStore();
    await store.rememberDiscussionThread(papers, KEY, '222222222222222222');
    await store.forgetDiscussionThread(papers, KEY, '999999999999999999');
    expect((await store.discussionThread(papers, KEY))?.threadId).toBe('222222222222222222');
    await store.forgetDiscussionThread(papers, KEY, '222222222222222222');
    expect(await store.discussionThread(papers, KEY)).toBeUndefined();
    expect((await store.rememberDiscussionThread(papers, KEY, '444444444444444444')).threadId).toBe('444444444444444444');
  });
});

describe('SqliteStore: how a subscription posts and whom it mentions', () => {
  it('defaults to plain messages without a mention, and subscribing again changes the settings in place', async () => {
    const store = openStore();
    const plain = await store.subscribe(papers, 'MSC COVID');
    expect(plain.subscription).toMatchObject({ postStyle: 'message', query: 'MSC COVID' });
    expect(plain.subscription.mention).toBeUndefined();

    const changed = await store.subscribe(papers, 'msc  covid', { postStyle: 'entry-threads', mention: { id: '555555555555555555', label: '@journal-club' } });
    expect(changed.created).toBe(false);
    expect(changed.subscription).toMatchObject({ id: plain.subscription.id, postStyle: 'entry-threads', mention: { id: '555555555555555555', label: '@journal-club' } });
    expect(await store.activeSubscriptions()).toEqual([changed.subscription]);

    const quiet = await store.subscribe(papers, 'MSC COVID', { postStyle: 'message' });
    expect(quiet.subscription.mention).toBeUndefined();
    expect(quiet.subscription.postStyle).toBe('message');
  });

  it('keeps a delivery\'s posting (thread and mention) through a restart', async () => {
    const dir = tempDir();
    const store = openStore(dir);
    const posting = { thread: { entryKey: KEY, name: 'Mesenchymal stem cells', tag: 'paper' }, mention: { id: 'S0GROUP' } };
    await store.commitNewEntries([KEY], () => [
      { ...club, entryKeys: [KEY], reply: noticeReply('new'), posting },
      { ...papers, entryKeys: [KEY], reply: noticeReply('new') },
    ]);
    await store.close();
    const pending = await openStore(dir).pendingDeliveries();
    expect(pending.map((delivery) => delivery.posting)).toEqual([posting, undefined]);
  });

  it('upgrades a version-2 file: old subscriptions post plain messages and old deliveries have no posting', async () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, STORE_FILE_NAME));
    migrate(db, 2);
    db.prepare("INSERT INTO subscriptions (platform, channel_id, query, query_key, created_at) VALUES ('slack', 'C0CLUB', 'MSC', 'msc', '2024-01-01T00:00:00.000Z')").run();
    db.prepare("INSERT INTO deliveries (platform, channel_id, entry_keys, reply, created_at) VALUES ('slack', 'C0CLUB', '[]', ?, '2024-01-01T00:00:00.000Z')").run(JSON.stringify(noticeReply('x')));
    db.close();

    const store = openStore(dir);
    expect(await store.listSubscriptions(club)).toMatchObject([{ query: 'MSC', postStyle: 'message' }]);
    expect((await store.pendingDeliveries())[0]?.posting).toBeUndefined();
    expect(await store.discussionThread(club, KEY)).toBeUndefined();
  });
});
