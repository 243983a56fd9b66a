import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const RUN_LOCK_FILE_NAME = 'paperbot.pid';

/**
 * A running `paperbot start` leaves its process id in DATA_DIR, so that `paperbot restore` can
 * refuse to replace a store that is in use. A file whose process is gone (a crash) is stale.
 */
export function writeRunLock(dataDir: string): () => void {
  const file = path.join(dataDir, RUN_LOCK_FILE_NAME);
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    if (runningProcess(dataDir) === process.pid) rmSync(file, { force: true });
  };
}

/** The id of the live process that holds the store in `dataDir`, if one does. */
export function runningProcess(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, RUN_LOCK_FILE_NAME), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; it is alive all the same.
    return error instanceof Error && 'code' in error && error.code === 'EPERM' ? pid : undefined;
  }
}
