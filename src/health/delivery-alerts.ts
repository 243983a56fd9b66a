import type { Logger } from '../logger.ts';
import type { PlatformName } from '../command-types.ts';

export interface DeliveryAlertOptions {
  /** How long deliveries may fail, or the backlog stay over the limit, before the bot says so. */
  readonly afterMs: number;
  /** Pending deliveries above this count are a backlog. */
  readonly pendingLimit: number;
}

/**
 * No silent failure: when announcements have been failing (no send succeeding since the first
 * failure) or backed up past the pending limit for longer than `afterMs`, this says so once (a
 * warning with the cause) and keeps the reason for /readyz and /paper status until it is over,
 * when it says once that deliveries recovered. A retry that fails again says nothing new.
 */
export class DeliveryAlerts {
  private failingSince: number | undefined;
  private failure: { platform: PlatformName; reason: string } | undefined;
  private backlogSince: number | undefined;
  private pending = 0;
  private current: string[] = [];

  constructor(
    private readonly options: DeliveryAlertOptions,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  sent(): void {
    this.failingSince = undefined;
    this.failure = undefined;
  }

  failed(platform: PlatformName, reason: string): void {
    this.failingSince ??= this.now();
    this.failure = { platform, reason };
  }

  /** The queue as last read from the store; an empty queue has nothing left failing. */
  backlog(pending: number): void {
    this.pending = pending;
    if (pending === 0) this.sent();
    if (pending > this.options.pendingLimit) this.backlogSince ??= this.now();
    else this.backlogSince = undefined;
  }

  /** Re-evaluates the alert; called on a timer and whenever readiness is asked. */
  evaluate(): readonly string[] {
    const now = this.now();
    const reasons: string[] = [];
    if (this.failingSince !== undefined && now - this.failingSince >= this.options.afterMs && this.failure)
      reasons.push(
        `announcements have been failing for ${minutes(now - this.failingSince)} (last error on ${this.failure.platform}: ${this.failure.reason})`,
      );
    if (this.backlogSince !== undefined && now - this.backlogSince >= this.options.afterMs)
      reasons.push(
        `${this.pending} announcements have been pending (over the limit of ${this.options.pendingLimit}) for ${minutes(now - this.backlogSince)}`,
      );
    if (reasons.length && !this.current.length)
      this.logger.warn({ reasons }, `deliveries are in trouble: ${reasons.join('; ')}`);
    if (!reasons.length && this.current.length)
      this.logger.info('deliveries recovered: announcements are going out again');
    this.current = reasons;
    return reasons;
  }

  reasons(): readonly string[] {
    return this.current;
  }
}

function minutes(ms: number): string {
  const whole = Math.floor(ms / 60_000);
  return whole >= 1 ? `${whole} min` : `${Math.floor(ms / 1000)} s`;
}
