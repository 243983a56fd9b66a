import { Piscina } from 'piscina';

/** Compiled, this module is `.js` and so is every task module beside its caller; from the sources they are `.ts`. */
const COMPILED = import.meta.url.endsWith('.js');
/** Registers a TypeScript loader in each thread, then loads the task module: only the sources need it. */
const BOOT = new URL('./pool-boot.mjs', import.meta.url);

export interface PoolSettings {
  readonly maxThreads: number;
  readonly minThreads: number;
  /** How long a thread beyond `minThreads` is kept after its last task. */
  readonly idleTimeoutMs: number;
  /** Heap of each thread, in MB: a task that needs more stops its thread and fails, not the process. */
  readonly heapMb?: number;
}

/**
 * A piscina pool running a task module (the URL of its `.ts` source, beside its caller; its
 * default export runs one task), from dist/ compiled or from the sources under tsx and vitest.
 */
export function startPool<Task, Result>(module: URL, settings: PoolSettings): Piscina<Task, Result> {
  return new Piscina<Task, Result>({
    filename: COMPILED ? module.href.replace(/\.ts$/, '.js') : BOOT.href,
    workerData: { module: module.href },
    minThreads: settings.minThreads,
    maxThreads: settings.maxThreads,
    idleTimeout: settings.idleTimeoutMs,
    ...(settings.heapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: settings.heapMb } }),
  });
}
