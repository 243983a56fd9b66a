import type { Bot } from '../bot.ts';
import type { IndexedChanges } from '../corpus-sync.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { ChannelSender } from './delivery.ts';
import { DEFAULT_RETRY_POLICY, Dispatcher } from './dispatcher.ts';
import { Notifier } from './notifier.ts';
import type { CorpusWatcherOptions } from '../corpus/watcher.ts';
import type { RetryPolicy } from './dispatcher.ts';
import type { NotifierOptions } from './notifier.ts';
import { SoleOwnership, type CorpusOwnership } from '../store/ownership.ts';

/** The tuning knobs of live notifications (config.ts reads them from the environment). */
export interface NotificationOptions {
  readonly watcher: Partial<CorpusWatcherOptions>;
  readonly notifier: Partial<NotifierOptions>;
  readonly retry: Partial<RetryPolicy>;
}

export interface NotificationsDependencies {
  readonly bot: Bot;
  /** The concerns notifications use; a whole Store will do. */
  readonly store: Pick<Store, 'subscriptions' | 'seenEntries' | 'deliveries' | 'discussions' | 'shared'>;
  readonly senders: readonly ChannelSender[];
  readonly logger: Logger;
  /** The corpus changes once the index holds them (CorpusSync), started after this returns. */
  readonly changes: IndexedChanges;
  readonly options?: Partial<NotificationOptions>;
  /** Which of the processes sharing the store announces new entries; this one alone by default. */
  readonly ownership?: CorpusOwnership;
  /**
   * Run each time this process becomes the owner, before it announces anything: the shared
   * search index is brought up to the corpus here, since the last owner may have died between
   * a change and its write.
   */
  readonly onOwnership?: () => Promise<void>;
}

/** The running pieces of live notifications; `stop` ends them in the order that loses nothing. */
export interface Notifications {
  readonly notifier: Notifier;
  readonly dispatcher: Dispatcher;
  /** Whether this process announces new entries now (always, unless the store is shared). */
  owner(): boolean;
  stop(): Promise<void>;
}

/**
 * Announces the new entries the corpus sync reports and sends the
 * announcements, including those a previous run left pending.
 */
export async function startNotifications(deps: NotificationsDependencies): Promise<Notifications> {
  const { bot, store, logger } = deps;
  const ownership = deps.ownership ?? new SoleOwnership();
  const dispatcher = new Dispatcher({
    deliveries: store.deliveries,
    discussions: store.discussions,
    senders: deps.senders,
    logger,
    policy: deps.options?.retry,
  });
  const notifier = new Notifier({
    seenEntries: store.seenEntries,
    subscriptions: store.subscriptions,
    entries: {
      get: (key) => bot.corpus.get(key),
      all: () => bot.corpus.entries(),
      matching: (query, keys) => bot.search.matching(query, keys),
    },
    logger,
    onQueued: (deliveries) => dispatcher.enqueue(deliveries),
    // A store write the notifier retries waits like a failed send does (NOTIFY_RETRY_BASE_MS).
    options: {
      ...(deps.options?.retry?.baseDelayMs === undefined ? {} : { retryBaseMs: deps.options.retry.baseDelayMs }),
      ...deps.options?.notifier,
    },
  });
  let owning = false;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  // A process that is not the owner asks again as often as it looks for deliveries to send.
  const pollMs = deps.options?.retry?.sharedPollMs ?? DEFAULT_RETRY_POLICY.sharedPollMs;

  // The owner announces; on taking over, its start announces whatever the last owner had not.
  const becomeOwner = async (): Promise<void> => {
    if (stopped) return;
    let acquired = false;
    try {
      acquired = await ownership.tryAcquire();
    } catch (error) {
      logger.warn({ err: error }, 'could not ask for ownership of the corpus duties; will ask again');
    }
    if (stopped) return;
    if (!acquired) {
      retryTimer = setTimeout(askAgain, pollMs);
      return;
    }
    try {
      await deps.onOwnership?.();
    } catch (error) {
      // Announcing from an index behind the corpus would miss entries: give the duties up and ask again.
      logger.error(
        { err: error },
        'could not bring the shared search index up to the corpus; giving up the corpus duties for now',
      );
      await ownership.release().catch(() => undefined);
      retryTimer = setTimeout(askAgain, pollMs);
      return;
    }
    owning = true;
    if (store.shared) logger.info('this process owns the corpus duties: it announces new entries');
    await notifier.start();
  };
  const askAgain = (): void => {
    becomeOwner().catch((error: unknown) =>
      logger.error({ err: error }, 'taking over the corpus duties failed; will try again'),
    );
  };
  ownership.onLost(() => {
    owning = false;
    retryTimer = setTimeout(askAgain, pollMs);
  });

  await dispatcher.start();
  await becomeOwner();
  if (!owning) logger.info('another process owns the corpus duties; this one takes over if that one stops');
  deps.changes.onIndexedChange((change) => {
    if (owning) notifier.observe(change);
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      stopped = true;
      clearTimeout(retryTimer);
      await notifier.stop();
      await dispatcher.stop();
      await ownership.release();
    })();
    return stopping;
  };
  return { notifier, dispatcher, owner: () => owning, stop };
}
