// A store write that fails (here: another process holds SQLite's write lock, so the real write
// ends in SQLITE_BUSY, as it would with the disk full or the file read-only) must not strand the
// new entries: they wait in memory and are announced, once, as soon as the store takes writes again.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { STORE_FILE_NAME } from '../../src/store/sqlite/open.ts';
import { MANUAL_BATCHES, startConsoleApp, type ConsoleApp } from './console-app.ts';
import { entryFile, eventually, TempFolders } from './entry-files.ts';

const folders = new TempFolders();
const apps: ConsoleApp[] = [];
const blockers: Database.Database[] = [];

afterEach(async () => {
  for (const blocker of blockers.splice(0)) blocker.close();
  for (const app of apps.splice(0)) await app.stop();
  folders.cleanup();
});

const quokka = {
  title: 'Quokkaplasty of stromal cells in ARDS',
  doi: '10.5555/quokka.1',
  abstract: 'Stromal cells, quokkaplasty and ARDS.',
};

describe('a store write that fails, then recovers', () => {
  it('keeps the new entry pending, retries with backoff, and announces it once when the store takes writes again', async () => {
    const corpus = folders.make();
    const data = folders.make();
    const logStream = new PassThrough();
    let logs = '';
    logStream.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    // Retries 20 ms apart at first: each try waits out SQLite's busy timeout anyway.
    const app = await startConsoleApp(
      corpus,
      data,
      { ...MANUAL_BATCHES, notifier: { ...MANUAL_BATCHES.notifier, retryBaseMs: 20, retryMaxMs: 200 } },
      createLogger({ level: 'info', destination: logStream }),
    );
    apps.push(app);
    expect(await app.type('/paper subscribe quokkaplasty')).toMatch(/will be told about new entries/);

    // Another process takes the write lock and keeps it: the store's next write fails.
    const blocker = new Database(path.join(data, STORE_FILE_NAME));
    blockers.push(blocker);
    blocker.exec('BEGIN EXCLUSIVE');

    writeFileSync(path.join(corpus, 'quokka.md'), entryFile(quokka));
    await eventually(
      'the entry to be indexed',
      async () => (await app.bot.search.find({ keys: [`doi:${quokka.doi}`] }))?.source.path === 'quokka.md',
    );
    await app.sync.watcher.settled();
    await app.notifications.notifier.flush();
    expect(logs).toMatch(
      /"entries":1,"failures":1,"retryInMs":20,"msg":"could not queue announcements; will try again"/,
    );
    expect(logs).toContain('database is locked');
    expect(app.screen()).not.toContain(quokka.title);

    // The lock goes (space freed, file writable again): the retry announces without any new file event.
    blocker.exec('ROLLBACK');
    await eventually('the announcement once the store recovers', () =>
      app.screen().includes(`New paper: ${quokka.title}`),
    );
    await app.notifications.dispatcher.idle();
    expect(app.screen().split(`New paper: ${quokka.title}`)).toHaveLength(2);
    expect(logs).toContain('announcements queued after the store recovered');
  }, 60_000);
});
