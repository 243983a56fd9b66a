import type { Bot } from '../bot.ts';
import type { Logger } from '../logger.ts';
import { CorpusWatcher } from '../corpus/watcher.ts';
import type { Store } from '../store/store.ts';
import type { ChannelSender } from './delivery.ts';
import { Dispatcher } from './dispatcher.ts';
import { Notifier } from './notifier.ts';
import type { NotificationOptions } from './options.ts';

export interface NotificationsDependencies {
  readonly bot: Bot;
  readonly store: Store;
  readonly senders: readonly ChannelSender[];
  readonly logger: Logger;
  /** When the corpus was read, so files written since are not missed. */
  readonly loadedAt?: Date;
  readonly options?: Partial<NotificationOptions>;
}

/** The running pieces of live notifications; `stop` ends them in the order that loses nothing. */
export interface Notifications {
  readonly watcher: CorpusWatcher;
  readonly notifier: Notifier;
  readonly dispatcher: Dispatcher;
  stop(): Promise<void>;
}

/**
 * Watches the corpus, keeps the bot's index current, announces new entries and sends the
 * announcements, including those a previous run left pending.
 */
export async function startNotifications(deps: NotificationsDependencies): Promise<Notifications> {
  const { bot, store, logger } = deps;
  const dispatcher = new Dispatcher({ store, senders: deps.senders, logger, policy: deps.options?.retry });
  const notifier = new Notifier({
    store,
    entries: { get: (key) => bot.corpus.get(key), all: () => bot.corpus.entries(), matching: (query, keys) => bot.search.matching(query, keys) },
    logger,
    onQueued: (deliveries) => dispatcher.enqueue(deliveries),
    // A store write the notifier retries waits like a failed send does (NOTIFY_RETRY_BASE_MS).
    options: { ...(deps.options?.retry?.baseDelayMs === undefined ? {} : { retryBaseMs: deps.options.retry.baseDelayMs }), ...deps.options?.notifier },
  });
  await dispatcher.start();
  await notifier.start();
  const watcher = new CorpusWatcher(
    bot.corpus,
    async (change) => {
      // The notifier matches subscriptions against the index, so it hears of a change once the index has it.
      await bot.applyCorpusChange(change);
      notifier.observe(change);
    },
    logger,
    deps.options?.watcher,
  );
  await watcher.start(deps.loadedAt);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await watcher.close();
      await notifier.stop();
      await dispatcher.stop();
    })();
    return stopping;
  };
  return { watcher, notifier, dispatcher, stop };
}
