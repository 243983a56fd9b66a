import { Worker, workerData as received } from 'node:worker_threads';

const BOOT = new URL('./boot.mjs', import.meta.url);

/** What startWorker hands a worker module: the module to run and its own settings. */
interface WorkerStart<Settings> {
  readonly module: string;
  readonly settings: Settings;
}

/**
 * Runs a TypeScript module (a URL beside its caller) on a worker thread of its own; the module
 * reads what it was given with `workerSettings()`.
 */
export function startWorker<Settings>(module: URL, settings: Settings): Worker {
  const start: WorkerStart<Settings> = { module: module.href, settings };
  return new Worker(BOOT, { workerData: start });
}

/** Inside a worker started by startWorker: the settings it was started with. */
export function workerSettings<Settings>(): Settings {
  return (received as WorkerStart<Settings>).settings;
}
