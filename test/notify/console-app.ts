/**
 * The bot as `npm start` runs it in console mode, assembled in-process: corpus, store, bot,
 * console session writing to a buffer, watcher, notifier and dispatcher. Tests read what the
 * terminal would show.
 */
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { ConsoleSender } from '../../src/notify/console-sender.ts';
import { startNotifications, type Notifications } from '../../src/notify/notifications.ts';
import { CorpusSync } from '../../src/corpus-sync.ts';
import type { NotificationOptions } from '../../src/notify/notifications.ts';
import { StoreSubscriptionService } from '../../src/notify/store-subscriptions.ts';
import { CONSOLE_CALLER, ConsoleSession } from '../../src/platforms/console/session.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { COMMANDS } from '../../commands/index.ts';

export interface ConsoleApp {
  readonly bot: Bot;
  readonly notifications: Notifications;
  /** Keeps the index in step with the folder and tells the notifications. */
  readonly sync: CorpusSync;
  /** Everything printed to the terminal so far. */
  screen(): string;
  type(line: string): Promise<string>;
  /** Waits until every file change seen is applied, announced and delivered. */
  quiesce(): Promise<void>;
  stop(): Promise<void>;
}

/** Batches are flushed by `quiesce`, so a test never waits for a batch window to pass. */
export const MANUAL_BATCHES: Partial<NotificationOptions> = {
  watcher: { stabilityMs: 400, pollMs: 50 },
  notifier: { batchWindowMs: 600_000, maxBatchWindowMs: 600_000 },
  retry: { baseDelayMs: 5 },
};

export async function startConsoleApp(
  corpusDir: string,
  dataDir: string,
  options: Partial<NotificationOptions> = MANUAL_BATCHES,
  logger: Logger = createLogger({ level: 'silent' }),
): Promise<ConsoleApp> {
  const corpus = await Corpus.load(corpusDir);
  const loadedAt = new Date();
  const store = openSqliteStore(dataDir);
  const bot = new Bot({
    commands: COMMANDS,
    corpus,
    logger,
    subscriptions: new StoreSubscriptionService(store.subscriptions),
  });
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const session = new ConsoleSession(bot, {
    input: new PassThrough(),
    output,
    ansi: false,
    filesDir: path.join(dataDir, 'files'),
  });
  const sync = new CorpusSync(bot, logger, options.watcher);
  const notifications = await startNotifications({
    bot,
    store,
    senders: [new ConsoleSender((reply) => session.printReply(reply))],
    logger,
    changes: sync,
    options,
  });
  await sync.start(loadedAt);
  let stopped = false;
  return {
    bot,
    notifications,
    sync,
    screen: () => printed,
    type: async (line) => {
      const reply = await bot.runLine(line, CONSOLE_CALLER);
      return reply.fallback;
    },
    quiesce: async () => {
      await sync.watcher.settled();
      await notifications.notifier.flush();
      await notifications.dispatcher.idle();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await sync.stop();
      await notifications.stop();
      await store.close();
    },
  };
}
