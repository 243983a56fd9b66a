import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore, STORE_FILE_NAME } from '../../src/store/sqlite/open.ts';
import type { Store } from '../../src/store/store.ts';
import { migrate } from '../../src/store/migrations.ts';
import { noticeReply } from '../../src/reply.ts';
import type { ChannelRef } from '../../src/store/store.ts';

const dirs: string[] = [];
const open: Store[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-threads-'));
  dirs.push(dir);
  return dir;
}

function openStore(dir = tempDir()): Store {
  const store = openSqliteStore(dir);
  open.push(store);
  return store;
}

afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const club: ChannelRef = { platform: 'slack', channelId: 'C0CLUB' };
const KEY = 'doi:10.14336/ad.2020.0228';

describe('SqliteStore: how a subscription posts and whom it mentions', () => {
  it('upgrades a version-2 file: old subscriptions post plain messages and old deliveries have no posting', async () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, STORE_FILE_NAME));
    migrate(db, 2);
    db.prepare(
      "INSERT INTO subscriptions (platform, channel_id, query, query_key, created_at) VALUES ('slack', 'C0CLUB', 'MSC', 'msc', '2024-01-01T00:00:00.000Z')",
    ).run();
    db.prepare(
      "INSERT INTO deliveries (platform, channel_id, entry_keys, reply, created_at) VALUES ('slack', 'C0CLUB', '[]', ?, '2024-01-01T00:00:00.000Z')",
    ).run(JSON.stringify(noticeReply('x')));
    db.close();

    const store = openStore(dir);
    expect(await store.subscriptions.listSubscriptions(club)).toMatchObject([{ query: 'MSC', postStyle: 'message' }]);
    expect((await store.deliveries.pendingDeliveries())[0]?.posting).toBeUndefined();
    expect(await store.discussions.discussionThread(club, KEY)).toBeUndefined();
  });
});
