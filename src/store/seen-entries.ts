import type { NewDelivery, PendingDelivery } from './deliveries.ts';

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

/** The meta name whose presence says the baseline was taken. */
export const BASELINE_META = 'ledger.baseline';

/** The ledger of entry keys already seen, which decides what is new. */
export interface SeenEntryStore {
  /** Whether the first start already recorded what was present as the baseline. */
  hasBaseline(): Promise<boolean>;
  /**
   * Records every key as seen and marks the baseline taken, announcing nothing. False when
   * another process took the baseline first: then these keys are not recorded.
   */
  recordBaseline(keys: Iterable<string>): Promise<boolean>;
  /** The subset of keys never seen. */
  unseenKeys(keys: readonly string[]): Promise<string[]>;
  // Here, not on the deliveries: the ledger's insert decides which keys are new, and the deliveries' queueing joins its transaction.
  /** Marks the unseen keys seen and queues what the planner decides, in one transaction. */
  commitNewEntries(keys: readonly string[], plan: DeliveryPlanner): Promise<NewEntriesCommit>;
}
