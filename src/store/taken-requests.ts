/** Platform requests already taken, so that a retried one runs once across every process. */
export interface TakenRequestStore {
  /**
   * Records a platform request (a signed Slack request, a Socket Mode envelope) as taken, unless
   * it is already and its record has not expired: true for the one call, in any process sharing
   * the store, that takes it first. An expired record is taken again (the request it stands for is
   * refused on its own date by then). Expired records are pruned along the way.
   */
  takeRequestOnce(key: string, expiresAt: Date): Promise<boolean>;
  /** Deletes the records of taken requests that have expired; returns how many. */
  pruneTakenRequests(): Promise<number>;
}

/** Taken requests are pruned at most this often by each store, so a burst of requests costs one prune. */
export const PRUNE_TAKEN_REQUESTS_EVERY_MS = 60_000;
