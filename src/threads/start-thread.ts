import { Worker, workerData as received } from 'node:worker_threads';

const BOOT = new URL('./boot.mjs', import.meta.url);

/** What start-thread hands a thread module: the module to run and its own settings. */
interface ThreadStart<Settings> {
  readonly module: string;
  readonly settings: Settings;
}

/**
 * Runs a TypeScript module (a URL beside its caller) on a worker thread of its own; the module
 * reads what it was given with `threadSettings()`.
 */
export function startThread<Settings>(module: URL, settings: Settings): Worker {
  const start: ThreadStart<Settings> = { module: module.href, settings };
  return new Worker(BOOT, { workerData: start });
}

/** Inside a thread started by startThread: the settings it was started with. */
export function threadSettings<Settings>(): Settings {
  return (received as ThreadStart<Settings>).settings;
}
