import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { STORE_FILE_NAME } from './open.ts';
import { runningProcess } from './run-lock.ts';

const ALL_PAGES = 2 ** 31 - 1;

/** Tables a paperbot store has from its first migration; a file without them is not one. */
const REQUIRED_TABLES = ['subscriptions', 'seen_entries', 'deliveries', 'meta'];

/**
 * Writes a consistent copy of the store in `dataDir` to `target` with SQLite's online backup,
 * while a bot may be writing to it: the copy is one committed state, never a half-written one.
 */
export async function backupSqliteStore(dataDir: string, target: string): Promise<{ pages: number }> {
  const source = path.join(dataDir, STORE_FILE_NAME);
  if (!existsSync(source)) throw new Error(`there is no store to back up in DATA_DIR (${dataDir})`);
  if (existsSync(target)) throw new Error(`${target} exists already; name a new file`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const written = `${target}.partial`;
    rmSync(written, { force: true });
    // Copied in steps, a backup starts over each time the bot commits, and a busy bot would starve
    // it: after the first step the rest goes in one, under one read snapshot (which WAL lets the bot write beside).
    const { totalPages } = await db.backup(written, { progress: () => ALL_PAGES });
    renameSync(written, target);
    return { pages: totalPages };
  } finally {
    db.close();
  }
}

/**
 * Replaces the store in `dataDir` with the backup `from`: refused while a bot runs on it, and
 * refused when `from` is not a sound paperbot store. The new file is put in place by a rename,
 * so the store is at every moment either the old one or the new one.
 */
export function restoreSqliteStore(dataDir: string, from: string): void {
  const pid = runningProcess(dataDir);
  if (pid !== undefined)
    throw new Error(`a paperbot (process ${pid}) is running on DATA_DIR (${dataDir}); stop it before restoring`);
  if (!existsSync(from) || !statSync(from).isFile()) throw new Error(`${from} is not a file`);
  checkBackup(from);
  const target = path.join(dataDir, STORE_FILE_NAME);
  const staged = `${target}.restoring`;
  const copy = new Database(from, { readonly: true, fileMustExist: true });
  try {
    // VACUUM INTO writes a complete, self-contained file (no journal beside it) in the data folder.
    rmSync(staged, { force: true });
    copy.prepare('VACUUM INTO ?').run(staged);
  } finally {
    copy.close();
  }
  // The old store's write-ahead log belongs to the old file: left there, SQLite would replay it into the new one.
  rmSync(`${target}-wal`, { force: true });
  rmSync(`${target}-shm`, { force: true });
  renameSync(staged, target);
}

function checkBackup(file: string): void {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`${file} cannot be opened as SQLite: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const integrity = db.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${file} is damaged (quick_check: ${String(integrity)})`);
    const tables = new Set(
      db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((row) => row.name),
    );
    const missing = REQUIRED_TABLES.filter((table) => !tables.has(table));
    if (missing.length) throw new Error(`${file} is not a paperbot store (no ${missing.join(', ')} table)`);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(file)) throw error;
    throw new Error(`${file} is not a paperbot store: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    db.close();
  }
}
