import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { noticeReply } from '../../src/reply.ts';
import { backupSqliteStore, restoreSqliteStore } from '../../src/store/sqlite/backup.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { RUN_LOCK_FILE_NAME, writeRunLock } from '../../src/store/sqlite/run-lock.ts';
import type { Store } from '../../src/store/store.ts';
import { TempFolders } from '../notify/entry-files.ts';

const folders = new TempFolders();
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  folders.cleanup();
});

const channel = { platform: 'discord' as const, channelId: '111111111111111111' };
/** A message large enough that the store spans many pages, so the backup takes many steps. */
const reply = noticeReply('x'.repeat(2_000), { ephemeral: false });

async function commit(store: Store, keys: string[]): Promise<void> {
  await store.seenEntries.commitNewEntries(keys, (fresh) =>
    fresh.map((key) => ({ ...channel, entryKeys: [key], reply })),
  );
}

/** Every seen entry of `file` has its delivery, and the other way round: one committed state, not half of one. */
function consistentCounts(file: string): { seen: number; deliveries: number } {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const seen = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM seen_entries').get()?.n ?? -1;
    const deliveries = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM deliveries').get()?.n ?? -1;
    return { seen, deliveries };
  } finally {
    db.close();
  }
}

describe('backup and restore of the SQLite store', () => {
  it('takes a consistent backup while entries and deliveries are being written', async () => {
    const data = folders.make();
    const store = openSqliteStore(data);
    stores.push(store);
    for (let batch = 0; batch < 20; batch += 1)
      await commit(
        store,
        Array.from({ length: 100 }, (_, i) => `doi:10.5555/before.${batch}.${i}`),
      );
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await commit(store, [`doi:10.5555/during.${written}.a`, `doi:10.5555/during.${written}.b`]);
        written += 1;
        await yieldTurn();
      }
    })();
    const target = path.join(folders.make(), 'backup.sqlite');
    await backupSqliteStore(data, target);
    writing = false;
    await writer;
    expect(written).toBeGreaterThan(0);
    const counts = consistentCounts(target);
    expect(counts.seen).toBe(counts.deliveries);
    expect(counts.seen).toBeGreaterThanOrEqual(2_000);
    expect(counts.seen).toBeLessThanOrEqual(2_000 + 2 * written);
  });

  it('refuses to restore under a running bot, or from a file that is not a store, and restores otherwise', async () => {
    const data = folders.make();
    const store = openSqliteStore(data);
    await commit(store, ['doi:10.5555/kept']);
    const backup = path.join(folders.make(), 'backup.sqlite');
    await backupSqliteStore(data, backup);
    await expect(backupSqliteStore(data, backup)).rejects.toThrow('exists already');
    await commit(store, ['doi:10.5555/after-backup']);

    const release = writeRunLock(data);
    expect(() => restoreSqliteStore(data, backup)).toThrow(
      `a paperbot (process ${process.pid}) is running on DATA_DIR (${data}); stop it before restoring`,
    );
    release();
    await store.close();

    const notAStore = path.join(folders.make(), 'notes.txt');
    writeFileSync(notAStore, 'hello');
    expect(() => restoreSqliteStore(data, notAStore)).toThrow(
      /notes\.txt (cannot be opened as SQLite|is not a paperbot store)/,
    );
    const empty = path.join(folders.make(), 'empty.sqlite');
    new Database(empty).close();
    expect(() => restoreSqliteStore(data, empty)).toThrow(
      'is not a paperbot store (no subscriptions, seen_entries, deliveries, meta table)',
    );

    restoreSqliteStore(data, backup);
    const restored = openSqliteStore(data);
    stores.push(restored);
    expect(await restored.seenEntries.unseenKeys(['doi:10.5555/kept', 'doi:10.5555/after-backup'])).toEqual([
      'doi:10.5555/after-backup',
    ]);
  });

  it('a lock file left by a process that is gone does not stop a restore', async () => {
    const data = folders.make();
    const store = openSqliteStore(data);
    const backup = path.join(folders.make(), 'backup.sqlite');
    await backupSqliteStore(data, backup);
    await store.close();
    // Process ids are at most 2^22 on Linux: this one is never alive.
    writeFileSync(path.join(data, RUN_LOCK_FILE_NAME), '99999999\n');
    expect(() => restoreSqliteStore(data, backup)).not.toThrow();
  });
});
