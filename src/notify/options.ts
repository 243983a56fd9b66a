import type { CorpusWatcherOptions } from '../corpus/watcher.ts';
import type { RetryPolicy } from './dispatcher.ts';
import type { NotifierOptions } from './notifier.ts';

export interface NotificationOptions {
  readonly watcher: Partial<CorpusWatcherOptions>;
  readonly notifier: Partial<NotifierOptions>;
  readonly retry: Partial<RetryPolicy>;
}

export type NotificationOptionsResult = { readonly ok: true; readonly options: NotificationOptions } | { readonly ok: false; readonly errors: string[] };

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The tuning knobs of live notifications, from the environment. All are optional; the
 * defaults suit a real deployment, and tests turn the waits down.
 */
export function notificationOptionsFromEnvironment(env: Environment): NotificationOptionsResult {
  const errors: string[] = [];
  const number = (name: string, min: number): number | undefined => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < min) {
      errors.push(`${name}: expected a whole number of at least ${min}`);
      return undefined;
    }
    return Number(raw);
  };
  const polling = env.WATCH_POLLING?.trim().toLowerCase();
  if (polling && !['true', 'false', '1', '0'].includes(polling)) errors.push('WATCH_POLLING: expected true or false');
  const options: NotificationOptions = {
    watcher: defined({ stabilityMs: number('WATCH_STABILITY_MS', 50), usePolling: polling ? polling === 'true' || polling === '1' : undefined }),
    notifier: defined({ batchWindowMs: number('NOTIFY_BATCH_MS', 0), digestThreshold: number('NOTIFY_DIGEST_THRESHOLD', 1) }),
    retry: defined({ baseDelayMs: number('NOTIFY_RETRY_BASE_MS', 1), sharedPollMs: number('NOTIFY_POLL_MS', 10) }),
  };
  return errors.length ? { ok: false, errors } : { ok: true, options };
}

function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
