/**
 * chokidar, run on a worker thread of its own. Its first scan of a large folder sets up one watch per
 * file, a folder at a time, and held the bot's event loop for seconds at 100 000 files; here it
 * holds only this worker's. The worker reports what settled; the bot decides what it means.
 */
import path from 'node:path';
import { realpathSync, type Stats } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { watch } from 'chokidar';
import { workerSettings } from '../workers/start-worker.ts';
import { isInside } from './inside.ts';
import type { WatchWorkerMessage, WatchWorkerSettings } from './watch-worker-messages.ts';

const settings = workerSettings<WatchWorkerSettings>();
const extensions = new Set(settings.extensions);
const post = (message: WatchWorkerMessage): void => parentPort?.postMessage(message);

/** Spares a watch for what can never be an entry; the bot still judges every path it is told of. */
function ignored(absolute: string, stats?: Stats): boolean {
  const relative = path.relative(settings.root, absolute);
  if (!relative || relative.startsWith('..')) return false;
  if (relative.split(path.sep).some((part) => part.startsWith('.'))) return true;
  if (stats?.isFile()) return !extensions.has(path.extname(relative).toLowerCase());
  return Boolean(stats?.isDirectory()) && leadsOutside(absolute);
}

/**
 * A folder link to outside the corpus is not watched at all (a link to / would watch the whole
 * disk). File links are let through: reading them refuses an outside target and says so.
 */
function leadsOutside(absolute: string): boolean {
  try {
    return !isInside(settings.realRoot, realpathSync(absolute));
  } catch {
    return false;
  }
}

const watcher = watch(settings.root, {
  ignoreInitial: true,
  ignored,
  awaitWriteFinish: { stabilityThreshold: settings.stabilityMs, pollInterval: settings.pollMs },
  usePolling: settings.usePolling,
  interval: settings.pollMs,
});
watcher.on('add', (absolute) => post({ kind: 'refresh', absolute }));
watcher.on('change', (absolute) => post({ kind: 'refresh', absolute }));
watcher.on('unlink', (absolute) => post({ kind: 'remove', absolute }));
watcher.on('error', (error) =>
  post({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
);
watcher.once('ready', () => post({ kind: 'ready' }));
