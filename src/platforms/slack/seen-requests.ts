/**
 * The requests already taken, so that none runs twice: signatures of signed HTTP requests and
 * ids of Socket Mode envelopes, each kept while a copy of it could still be accepted. One per
 * Slack platform, shared by every kind of request.
 *
 * With a store (`ledger`), the record is the store's: replicas behind a load balancer on one
 * database refuse a copy that another replica took. A copy this process took itself is refused
 * from memory, without asking the store.
 */
import type { Logger } from '../../logger.ts';
import type { TakenRequestStore } from '../../store/store.ts';

/** Slack's own window: a signature older than this is refused as stale, one further ahead as from the future. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;
/** Expired keys are swept at most this often, so a burst costs one pass, not one per request. */
const SWEEP_EVERY_MS = 30_000;

/** Where the record of taken requests is shared between processes. */
export type RequestLedger = Pick<TakenRequestStore, 'takeRequestOnce'>;

export interface SeenRequestsOptions {
  /** The shared record; without it the record is this process's alone. */
  readonly ledger?: RequestLedger;
  /** Told when the shared record cannot be reached (the request is then judged by memory alone). */
  readonly logger?: Pick<Logger, 'warn'>;
  /** The clock (tests of this class alone may pass their own). */
  readonly now?: () => number;
}

export class SeenRequests {
  private readonly expiries = new Map<string, number>();
  private nextSweepAt = 0;
  private readonly now: () => number;

  constructor(private readonly options: SeenRequestsOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /**
   * True the first time `key` is offered (here, or anywhere sharing the ledger), false for every
   * later offer until `expiresAtMs` (after which the request it stands for is refused on its own
   * date anyway).
   */
  async firstSighting(key: string, expiresAtMs: number): Promise<boolean> {
    const now = this.now();
    this.sweep(now);
    const known = this.expiries.get(key);
    if (known !== undefined && known > now) return false;
    // Marked before the store is asked, so a copy arriving meanwhile in this process is refused too.
    this.expiries.set(key, expiresAtMs);
    const { ledger, logger } = this.options;
    if (!ledger) return true;
    try {
      return await ledger.takeRequestOnce(key, new Date(expiresAtMs));
    } catch (error) {
      // Refusing every Slack request while the database is away would stop the bot; this process's
      // own record still catches a copy sent here.
      logger?.warn(
        { err: error },
        'could not check the shared record of Slack requests taken; judged by this process alone',
      );
      return true;
    }
  }

  /** How many keys this process holds (for tests and diagnostics). */
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
