import type { DeliveryStore } from './deliveries.ts';
import type { DiscussionThreadStore } from './discussions.ts';
import type { MetaStore } from './meta.ts';
import type { SeenEntryStore } from './seen-entries.ts';
import type { SubscriptionStore } from './subscriptions.ts';
import type { TakenRequestStore } from './taken-requests.ts';

/**
 * What paperbot keeps between runs, one small interface per concern; a caller takes only the
 * concern it uses. The methods are whole intents (never "begin a transaction") and return
 * promises, so a shared PostgreSQL store can stand in for the SQLite one without touching its callers.
 */
export interface Store {
  readonly subscriptions: SubscriptionStore;
  readonly seenEntries: SeenEntryStore;
  readonly deliveries: DeliveryStore;
  readonly discussions: DiscussionThreadStore;
  readonly takenRequests: TakenRequestStore;
  readonly meta: MetaStore;
  /** True when other processes may use the same store (they send deliveries too). */
  readonly shared: boolean;
  close(): Promise<void>;
}

export type { ChannelRef, PlatformName } from './channels.ts';
export * from './subscriptions.ts';
export * from './deliveries.ts';
export * from './discussions.ts';
export * from './seen-entries.ts';
export * from './taken-requests.ts';
export type { MetaStore } from './meta.ts';
