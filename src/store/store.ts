import type { Reply } from '../reply.ts';

/**
 * What paperbot keeps between runs: subscriptions, the ledger of entry keys already seen,
 * and the deliveries waiting to be sent. The methods are whole intents (never "begin a
 * transaction") and return promises, so a shared PostgreSQL store can stand in for the
 * SQLite one without touching its callers.
 */

export type PlatformName = 'discord' | 'slack' | 'console';

/** Subscriptions and deliveries belong to one channel of one platform. */
export interface ChannelRef {
  readonly platform: PlatformName;
  readonly channelId: string;
}

/**
 * How a subscription's new entries are posted. `message`: one message per entry, a digest for
 * a bulk import. `entry-threads`: every entry its own post with its own discussion thread (a
 * Discord forum post, or a message with a thread on it), never a digest.
 */
export type PostStyle = 'message' | 'entry-threads';

export const POST_STYLES: readonly PostStyle[] = ['message', 'entry-threads'];

/** The one role (Discord) or user group (Slack) a subscription pings; never everyone or here. */
export interface MentionTarget {
  readonly id: string;
  /** How the subscriber saw it (`@journal-club`), for listing; never sent as a mention. */
  readonly label?: string;
}

export interface SubscriptionSettings {
  readonly postStyle: PostStyle;
  readonly mention?: MentionTarget;
}

export interface StoredSubscription extends ChannelRef, SubscriptionSettings {
  readonly id: number;
  /** As the user typed it (whitespace tidied); empty means every new entry. */
  readonly query: string;
  readonly createdAt: string;
  /** Set when the channel refused deliveries for good; such a subscription receives nothing. */
  readonly brokenReason?: string;
}

export interface SubscribeOutcome {
  readonly subscription: StoredSubscription;
  /** False when the channel already had this query (a retried request, or a second try). */
  readonly created: boolean;
}

/** How one delivery is posted, beyond its Reply; absent means a plain message that pings no one. */
export interface DeliveryPosting {
  /** Post the entry as its own thread (forum post, or message plus thread), remembered as its discussion. */
  readonly thread?: { readonly entryKey: string; readonly name: string; readonly tag?: string };
  readonly mention?: MentionTarget;
}

/** Which delivery and to whom: enough to claim it. */
export interface DeliveryRef extends ChannelRef {
  readonly id: number;
}

/** One message to one channel, decided but not yet confirmed sent. */
export interface NewDelivery extends ChannelRef {
  readonly entryKeys: readonly string[];
  readonly reply: Reply;
  readonly posting?: DeliveryPosting;
}

/** The thread where one entry is discussed in one channel (Discord thread id, Slack parent ts). */
export interface DiscussionThread extends ChannelRef {
  readonly entryKey: string;
  readonly threadId: string;
  readonly createdAt: string;
}

export interface PendingDelivery extends NewDelivery {
  readonly id: number;
  /** Attempts so far that failed, of any kind. */
  readonly attempts: number;
  /** Of those, the ones the platform refused for good (unknown channel, missing access). */
  readonly permanentFailures: number;
  readonly lastError?: string;
  readonly createdAt: string;
}

export type DeliveryStatus = 'pending' | 'done' | 'failed' | 'cancelled';

export interface DeliveryRecord extends PendingDelivery {
  readonly status: DeliveryStatus;
  readonly finishedAt?: string;
}

export interface NewEntriesCommit {
  /** The keys that were not in the ledger before this call, now recorded as seen. */
  readonly newKeys: readonly string[];
  readonly deliveries: readonly PendingDelivery[];
}

/**
 * Decides the deliveries for keys that turned out to be new. It runs inside the store's
 * transaction, so marking keys seen and queueing their deliveries happen together or not at all.
 */
export type DeliveryPlanner = (newKeys: readonly string[]) => readonly NewDelivery[];

export interface FailedAttempt {
  readonly reason: string;
  readonly permanent: boolean;
  /** No process sends the delivery again before this wait has passed. */
  readonly retryInMs?: number;
}

/** The writes one send attempt makes; during a claim they belong to the claim's transaction. */
export type DeliveryBookkeeping = Pick<Store, 'listSubscriptions' | 'recordFailedAttempt' | 'finishDelivery' | 'markChannelBroken' | 'cancelChannelDeliveries'>;

/**
 * What became of a claim. `busy`: another process is sending it right now; `gone`: it is no
 * longer pending (sent, given up or cancelled, here or elsewhere); `waiting`: it failed lately
 * and is not to be retried for `retryInMs` yet.
 */
export type ClaimOutcome<T> =
  | { readonly kind: 'claimed'; readonly value: T }
  | { readonly kind: 'busy' }
  | { readonly kind: 'gone' }
  | { readonly kind: 'waiting'; readonly retryInMs: number };

export interface Store {
  /** True when other processes may use the same store (they send deliveries too). */
  readonly shared: boolean;

  /**
   * Adds the channel's subscription to `query`, or finds the one it has; either way the given
   * settings (default: plain messages, no mention) become the subscription's, so subscribing
   * again is how a channel changes them.
   */
  subscribe(channel: ChannelRef, query: string, settings?: SubscriptionSettings): Promise<SubscribeOutcome>;
  /** Removes the given subscriptions of the channel, or all of them when `ids` is absent. */
  unsubscribe(channel: ChannelRef, ids?: readonly number[]): Promise<StoredSubscription[]>;
  /** The channel's subscriptions, oldest first (the order users number them in). */
  listSubscriptions(channel: ChannelRef): Promise<StoredSubscription[]>;
  /** Every subscription that still receives deliveries, across channels. */
  activeSubscriptions(): Promise<StoredSubscription[]>;
  /** Stops deliveries to every subscription of the channel and records why. */
  markChannelBroken(channel: ChannelRef, reason: string): Promise<StoredSubscription[]>;

  /** Whether the first start already recorded what was present as the baseline. */
  hasBaseline(): Promise<boolean>;
  /**
   * Records every key as seen and marks the baseline taken, announcing nothing. False when
   * another process took the baseline first: then these keys are not recorded.
   */
  recordBaseline(keys: Iterable<string>): Promise<boolean>;
  /** The subset of keys never seen. */
  unseenKeys(keys: readonly string[]): Promise<string[]>;
  /** Marks the unseen keys seen and queues what the planner decides, in one transaction. */
  commitNewEntries(keys: readonly string[], plan: DeliveryPlanner): Promise<NewEntriesCommit>;

  /** Deliveries not yet sent, oldest first: what a restart after a crash sends. */
  pendingDeliveries(): Promise<PendingDelivery[]>;
  /** The oldest pending delivery of each channel (of the one channel, when given): where its sending resumes. */
  pendingHeads(channel?: ChannelRef): Promise<DeliveryRef[]>;
  /**
   * Holds the pending delivery while `work` sends it and writes the outcome through the
   * bookkeeping it is given, so that no other process sends it meanwhile; a process that dies
   * mid-send lets go of it at once, and the next claim sends it again.
   */
  claimDelivery<T>(id: number, work: (delivery: PendingDelivery, bookkeeping: DeliveryBookkeeping) => Promise<T>): Promise<ClaimOutcome<T>>;
  recordFailedAttempt(id: number, failure: FailedAttempt): Promise<void>;
  finishDelivery(id: number, status: Exclude<DeliveryStatus, 'pending'>, reason?: string): Promise<void>;
  /** Gives up every pending delivery of a channel (it no longer exists or admits the bot). */
  cancelChannelDeliveries(channel: ChannelRef, reason: string): Promise<number>;
  delivery(id: number): Promise<DeliveryRecord | undefined>;
  /** Forgets finished deliveries older than `before` (pending ones are never dropped); returns how many. */
  pruneFinishedDeliveries(before: Date): Promise<number>;

  /** The thread remembered for this entry in this channel, if any. */
  discussionThread(channel: ChannelRef, entryKey: string): Promise<DiscussionThread | undefined>;
  /**
   * Remembers the entry's thread unless one is remembered already; returns the one that stands
   * (the first writer wins, so two processes opening the same discussion agree on one thread).
   */
  rememberDiscussionThread(channel: ChannelRef, entryKey: string, threadId: string): Promise<DiscussionThread>;
  /** Forgets the entry's thread if it is still `threadId` (it was deleted on the platform). */
  forgetDiscussionThread(channel: ChannelRef, entryKey: string, threadId: string): Promise<void>;

  /**
   * Records a platform request (a signed Slack request, a Socket Mode envelope) as taken, unless
   * it is already and its record has not expired: true for the one call, in any process sharing
   * the store, that takes it first. An expired record is taken again (the request it stands for is
   * refused on its own date by then). Expired records are pruned along the way.
   */
  takeRequestOnce(key: string, expiresAt: Date): Promise<boolean>;
  /** Deletes the records of taken requests that have expired; returns how many. */
  pruneTakenRequests(): Promise<number>;

  /** Small named values (the index snapshot's fingerprint, for one). */
  getMeta(name: string): Promise<string | undefined>;
  setMeta(name: string, value: string): Promise<void>;

  close(): Promise<void>;
}

/** Taken requests are pruned at most this often by each store, so a burst of requests costs one prune. */
export const PRUNE_TAKEN_REQUESTS_EVERY_MS = 60_000;

/** Whitespace tidied, so `MSC  COVID` and `MSC COVID` are one subscription. */
export function normaliseSubscriptionQuery(query: string): string {
  return query.replace(/\s+/g, ' ').trim();
}
