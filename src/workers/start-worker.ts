import { Worker, workerData as received } from 'node:worker_threads';

/**
 * Compiled, this module is `.js` and so is every worker module beside its caller; run from the
 * sources (vitest, tsx) they are all `.ts`. Callers name the `.ts` source either way.
 */
const COMPILED = import.meta.url.endsWith('.js');
/** Registers a TypeScript loader in the worker: only the sources need one. */
const BOOT = new URL('./boot.mjs', import.meta.url);

/** What startWorker hands a worker module: the module to run and its own settings. */
interface WorkerStart<Settings> {
  readonly module: string;
  readonly settings: Settings;
}

/**
 * Runs a worker module (the URL of its `.ts` source, beside its caller) on a worker thread of
 * its own; the module reads what it was given with `workerSettings()`.
 */
export function startWorker<Settings>(module: URL, settings: Settings): Worker {
  if (COMPILED) {
    const compiled = new URL(module.href.replace(/\.ts$/, '.js'));
    const start: WorkerStart<Settings> = { module: compiled.href, settings };
    return new Worker(compiled, { workerData: start });
  }
  const start: WorkerStart<Settings> = { module: module.href, settings };
  return new Worker(BOOT, { workerData: start });
}

/** Inside a worker started by startWorker: the settings it was started with. */
export function workerSettings<Settings>(): Settings {
  return (received as WorkerStart<Settings>).settings;
}
