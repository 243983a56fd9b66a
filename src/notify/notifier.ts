import type { CorpusChange } from '../corpus/corpus.ts';
import type { Entry } from '../corpus/entry.ts';
import type { Logger } from '../logger.ts';
import { parseQuery, type ParsedQuery } from '../search/query.ts';
import type {
  NewDelivery,
  PendingDelivery,
  SeenEntryStore,
  StoredSubscription,
  SubscriptionStore,
} from '../store/store.ts';
import { postingFor, wantsThread } from './posting.ts';
import { DEFAULT_DIGEST_THRESHOLD, digestAnnouncement, entryAnnouncement } from './announcement.ts';

/** What the notifier needs: the current entries, and whether a query finds them (the search backend). */
export interface AnnouncedEntries {
  get(key: string): Entry | undefined;
  all(): Iterable<Entry>;
  matching(query: ParsedQuery, keys: readonly string[]): Promise<ReadonlySet<string>>;
}

export interface NotifierOptions {
  /** Quiet time after the last new entry before the batch is announced. */
  readonly batchWindowMs: number;
  /** A steady trickle of files still gets announced after this long. */
  readonly maxBatchWindowMs: number;
  /** More new entries than this for one channel in one batch become one digest. */
  readonly digestThreshold: number;
  /** First wait before a batch the store could not take is tried again; it doubles up to `retryMaxMs`. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

export const DEFAULT_NOTIFIER_OPTIONS: NotifierOptions = {
  batchWindowMs: 3_000,
  maxBatchWindowMs: 15_000,
  digestThreshold: DEFAULT_DIGEST_THRESHOLD,
  retryBaseMs: 1_000,
  retryMaxMs: 60_000,
};

export interface NotifierDependencies {
  readonly seenEntries: SeenEntryStore;
  readonly subscriptions: Pick<SubscriptionStore, 'activeSubscriptions'>;
  readonly entries: AnnouncedEntries;
  readonly logger: Logger;
  /** Hands queued deliveries to whoever sends them. */
  readonly onQueued: (deliveries: readonly PendingDelivery[]) => void;
  readonly options?: Partial<NotifierOptions>;
}

/**
 * Decides what is new and who is told. Keys seen in corpus changes wait for a short quiet
 * window (so a bulk import is one batch), then the store marks the never-seen ones seen and
 * queues their deliveries in one transaction: a crash afterwards loses nothing.
 */
export class Notifier {
  private readonly options: NotifierOptions;
  private readonly waiting = new Set<string>();
  private quietTimer: NodeJS.Timeout | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Store writes that failed in a row; the wait before the next try grows with it. */
  private failures = 0;
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: NotifierDependencies) {
    this.options = { ...DEFAULT_NOTIFIER_OPTIONS, ...deps.options };
  }

  /**
   * First start: everything present is the baseline, announced to no one. Later starts:
   * entries added while the bot was down are announced like any others.
   */
  async start(): Promise<{ readonly baseline: boolean; readonly newKeys: number }> {
    const keys = [...this.deps.entries.all()].map((entry) => entry.key);
    // Processes starting together on one shared store: one of them takes the baseline, the
    // others find what it did not see among their entries, like any later start.
    if (!(await this.deps.seenEntries.hasBaseline()) && (await this.deps.seenEntries.recordBaseline(keys))) {
      this.deps.logger.info(
        { entries: keys.length },
        'first start: present entries recorded as the baseline, none announced',
      );
      return { baseline: true, newKeys: 0 };
    }
    const unseen = await this.deps.seenEntries.unseenKeys(keys);
    for (const key of unseen) this.waiting.add(key);
    await this.flush();
    return { baseline: false, newKeys: unseen.length };
  }

  /** Called with every change the watcher applied; only never-seen keys will be announced. */
  observe(change: CorpusChange): void {
    if (this.stopped) return;
    const keys = [...change.added, ...change.updated].map((entry) => entry.key);
    if (!keys.length) return;
    for (const key of keys) this.waiting.add(key);
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => void this.flush(), this.options.batchWindowMs);
    this.deadlineTimer ??= setTimeout(() => void this.flush(), this.options.maxBatchWindowMs);
  }

  /**
   * Announces what is waiting now; batches never overlap. When the store cannot take the batch
   * (disk full, locked, read-only) its keys wait in memory and are tried again with growing waits.
   */
  flush(): Promise<void> {
    clearTimeout(this.quietTimer);
    clearTimeout(this.deadlineTimer);
    clearTimeout(this.retryTimer);
    this.quietTimer = undefined;
    this.deadlineTimer = undefined;
    this.retryTimer = undefined;
    const keys = [...this.waiting];
    this.waiting.clear();
    this.flushing = this.flushing
      .then(() => this.announce(keys))
      .then(
        () => {
          if (this.failures)
            this.deps.logger.info(
              { entries: keys.length, failures: this.failures },
              'announcements queued after the store recovered',
            );
          this.failures = 0;
        },
        (error: unknown) => this.failed(keys, error),
      );
    return this.flushing;
  }

  /** Queues what is waiting, then takes no more changes. */
  async stop(): Promise<void> {
    await this.flush();
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.waiting.size) {
      // Still unseen in the store's ledger, so the next start announces them.
      this.deps.logger.warn(
        { entries: this.waiting.size },
        'stopping with announcements the store has not taken; the next start sends them',
      );
    }
  }

  private failed(keys: readonly string[], error: unknown): void {
    for (const key of keys) this.waiting.add(key);
    this.failures += 1;
    if (this.stopped) return;
    const delay = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** (this.failures - 1));
    this.deps.logger.error(
      { err: error, entries: this.waiting.size, failures: this.failures, retryInMs: delay },
      'could not queue announcements; will try again',
    );
    this.retryTimer = setTimeout(() => void this.flush(), delay);
  }

  private async announce(keys: readonly string[]): Promise<void> {
    // An entry that came and went within the window was never there for anyone to see.
    const present = keys.filter((key) => this.deps.entries.get(key));
    if (!present.length) return;
    const subscriptions = await this.deps.subscriptions.activeSubscriptions();
    // Searches are asynchronous and the store's planner runs inside its transaction: match first.
    const found = new Map<number, ReadonlySet<string>>();
    for (const subscription of subscriptions) found.set(subscription.id, await this.keysFoundBy(subscription, present));
    const commit = await this.deps.seenEntries.commitNewEntries(present, (newKeys) =>
      this.plan(newKeys, subscriptions, found),
    );
    if (commit.newKeys.length) {
      this.deps.logger.info(
        { entries: commit.newKeys.length, deliveries: commit.deliveries.length },
        'new entries announced',
      );
    }
    if (commit.deliveries.length) this.deps.onQueued(commit.deliveries);
  }

  private plan(
    newKeys: readonly string[],
    subscriptions: readonly StoredSubscription[],
    found: ReadonlyMap<number, ReadonlySet<string>>,
  ): NewDelivery[] {
    const byChannel = new Map<string, StoredSubscription[]>();
    for (const subscription of subscriptions) {
      const id = `${subscription.platform}\u0000${subscription.channelId}`;
      byChannel.set(id, [...(byChannel.get(id) ?? []), subscription]);
    }
    const deliveries: NewDelivery[] = [];
    for (const channelSubscriptions of byChannel.values()) {
      const first = channelSubscriptions[0];
      if (!first) continue;
      const matched = this.matchChannel(newKeys, channelSubscriptions, found);
      if (!matched.entries.length) continue;
      const channel = { platform: first.platform, channelId: first.channelId };
      const finders = (entry: Entry): StoredSubscription[] => matched.subscriptionsFor.get(entry.key) ?? [];
      // An entry a thread-per-entry subscription found is always its own post, never in a digest.
      const own = matched.entries.filter((entry) => wantsThread(finders(entry)));
      const rest = matched.entries.filter((entry) => !wantsThread(finders(entry)));
      const single = (entry: Entry): NewDelivery => {
        const posting = postingFor(entry, finders(entry));
        return {
          ...channel,
          entryKeys: [entry.key],
          reply: entryAnnouncement(entry, matched.queriesFor.get(entry.key) ?? []),
          ...(posting ? { posting } : {}),
        };
      };
      deliveries.push(...own.map(single));
      if (rest.length > this.options.digestThreshold) {
        const posting = postingFor(undefined, rest.flatMap(finders));
        deliveries.push({
          ...channel,
          entryKeys: rest.map((entry) => entry.key),
          reply: digestAnnouncement(rest, matched.queries),
          ...(posting ? { posting } : {}),
        });
        continue;
      }
      deliveries.push(...rest.map(single));
    }
    return deliveries;
  }

  /** The new entries any of a channel's subscriptions finds, in arrival order, once each. */
  private matchChannel(
    newKeys: readonly string[],
    subscriptions: readonly StoredSubscription[],
    found: ReadonlyMap<number, ReadonlySet<string>>,
  ) {
    const queriesFor = new Map<string, string[]>();
    const subscriptionsFor = new Map<string, StoredSubscription[]>();
    for (const subscription of subscriptions) {
      const keys = found.get(subscription.id) ?? new Set<string>();
      for (const key of newKeys) {
        if (!keys.has(key)) continue;
        queriesFor.set(key, [...(queriesFor.get(key) ?? []), subscription.query]);
        subscriptionsFor.set(key, [...(subscriptionsFor.get(key) ?? []), subscription]);
      }
    }
    const entries = newKeys.filter((key) => queriesFor.has(key)).flatMap((key) => this.deps.entries.get(key) ?? []);
    const queries = [...new Set([...queriesFor.values()].flat())];
    return { entries, queries, queriesFor, subscriptionsFor };
  }

  private async keysFoundBy(subscription: StoredSubscription, keys: readonly string[]): Promise<ReadonlySet<string>> {
    if (!subscription.query) return new Set(keys);
    const parsed = parseQuery(subscription.query);
    if (!parsed.ok) {
      this.deps.logger.warn(
        { subscription: subscription.id, error: parsed.error },
        'subscription query no longer parses; skipped',
      );
      return new Set();
    }
    return this.deps.entries.matching(parsed.query, keys);
  }
}
