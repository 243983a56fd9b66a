/**
 * The requests this process has already taken, so that none runs twice: signatures of signed
 * HTTP requests and ids of Socket Mode envelopes, each kept while a copy of it could still be
 * accepted. One per Slack platform, shared by every kind of request.
 *
 * It lives in memory: behind a load balancer, a copy sent to another replica is not caught here
 * (see README, "Running past one process").
 */

/** Slack's own window: a signature older than this is refused as stale, one further ahead as from the future. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;
/** Expired keys are swept at most this often, so a burst costs one pass, not one per request. */
const SWEEP_EVERY_MS = 30_000;

export class SeenRequests {
  private readonly expiries = new Map<string, number>();
  private nextSweepAt = 0;

  /** `now` is the clock (tests of this class alone may pass their own). */
  constructor(private readonly now: () => number = Date.now) {}

  /**
   * True the first time `key` is offered, false for every later offer until `expiresAtMs`
   * (after which the request it stands for is refused on its own date anyway).
   */
  firstSighting(key: string, expiresAtMs: number): boolean {
    const now = this.now();
    this.sweep(now);
    const known = this.expiries.get(key);
    if (known !== undefined && known > now) return false;
    this.expiries.set(key, expiresAtMs);
    return true;
  }

  /** How many keys are held (for tests and diagnostics). */
  get size(): number {
    return this.expiries.size;
  }

  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const [key, expiresAt] of this.expiries) {
      if (expiresAt <= now) this.expiries.delete(key);
    }
  }
}
