import type { Bot } from './bot.ts';
import type { CorpusChange } from './corpus/corpus.ts';
import { CorpusWatcher, type CorpusWatcherOptions } from './corpus/watcher.ts';
import type { Logger } from './logger.ts';

/** Hears each corpus change once the search index holds it. */
export type IndexedChangeListener = (change: CorpusChange) => void;

/** What listens to a running CorpusSync: notifications, whether or not they run. */
export interface IndexedChanges {
  onIndexedChange(listener: IndexedChangeListener): void;
}

/**
 * Keeps the bot's search index in step with the corpus folder, whether or not notifications
 * run: the watcher re-reads what changed, the index takes it, and then the listeners hear of it
 * (announcements match subscriptions against the index, so they must come after it).
 */
export class CorpusSync implements IndexedChanges {
  readonly watcher: CorpusWatcher;
  private readonly listeners: IndexedChangeListener[] = [];

  constructor(bot: Bot, logger: Logger, options: Partial<CorpusWatcherOptions> = {}) {
    this.watcher = new CorpusWatcher(
      bot.corpus,
      async (change) => {
        await bot.applyCorpusChange(change);
        for (const listener of this.listeners) listener(change);
      },
      logger,
      options,
    );
  }

  onIndexedChange(listener: IndexedChangeListener): void {
    this.listeners.push(listener);
  }

  /** Starts watching; files changed since `loadedAt` (when the corpus was read) are re-read. */
  start(loadedAt?: Date): Promise<void> {
    return this.watcher.start(loadedAt);
  }

  stop(): Promise<void> {
    return this.watcher.close();
  }
}
