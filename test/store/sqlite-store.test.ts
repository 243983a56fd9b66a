import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore, STORE_FILE_NAME } from '../../src/store/sqlite/open.ts';
import type { Store } from '../../src/store/store.ts';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from '../../src/store/migrations.ts';
import { storeContract } from './store-contract.ts';

const dirs: string[] = [];
const open: Store[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-store-'));
  dirs.push(dir);
  return dir;
}

function openStore(dir: string): Store {
  const store = openSqliteStore(dir);
  open.push(store);
  return store;
}

afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SqliteStore: opening and migrations', () => {
  it('creates the data folder and one file in WAL mode at the latest schema', async () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const store = openStore(dir);
    await store.close();
    expect(existsSync(path.join(dir, STORE_FILE_NAME))).toBe(true);
    const db = new Database(path.join(dir, STORE_FILE_NAME));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining(['deliveries', 'meta', 'seen_entries', 'subscriptions']));
    db.close();
  });

  it('upgrades an older file step by step, keeping its rows', async () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, STORE_FILE_NAME));
    expect(migrate(db, 1)).toEqual([1]);
    db.prepare(
      "INSERT INTO subscriptions (platform, channel_id, query, query_key, created_at) VALUES ('slack', 'C1', 'MSC', 'msc', '2024-01-01T00:00:00.000Z')",
    ).run();
    db.close();

    const store = openStore(dir);
    const subscriptions = await store.subscriptions.listSubscriptions({ platform: 'slack', channelId: 'C1' });
    expect(subscriptions.map((s) => s.query)).toEqual(['MSC']);
    expect(await store.seenEntries.unseenKeys(['doi:10.1/x'])).toEqual(['doi:10.1/x']);
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
    expect(() => openSqliteStore(dir)).toThrow(/newer than this paperbot knows.*upgrade paperbot/);
  });

  it('names DATA_DIR when the folder cannot be used', () => {
    const file = path.join(tempDir(), 'not-a-folder');
    writeFileSync(file, 'x');
    expect(() => openSqliteStore(file)).toThrow(/cannot open the store in DATA_DIR/);
  });
});

describe('SqliteStore', () => {
  let dir = '';
  storeContract(
    async () => {
      dir = tempDir();
      return openStore(dir);
    },
    async () => openStore(dir),
  );
});
