/**
 * Per-user and per-channel limits on commands, as sliding windows. A person typing never
 * reaches them; a script flooding the bot does, and each command over the limit is answered
 * at once with when to retry, without running, so a flood costs the bot almost nothing.
 */

export interface RateLimits {
  /** Commands one user may run per window. */
  readonly perUser: number;
  /** Commands one channel may run per window, all users together. */
  readonly perChannel: number;
  readonly windowMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { perUser: 20, perChannel: 60, windowMs: 10_000 };

export type RateDecision =
  | { readonly kind: 'allow' }
  | { readonly kind: 'limited'; readonly retryAfterMs: number; readonly scope: 'user' | 'channel' };

/** Keys idle longer than this are forgotten, so memory follows active users, not all users ever seen. */
const SWEEP_EVERY = 1_000;

interface Window {
  readonly stamps: number[];
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private calls = 0;

  constructor(
    private readonly limits: RateLimits = DEFAULT_RATE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  check(platform: string, userId: string, channelId: string): RateDecision {
    const now = this.now();
    if (++this.calls % SWEEP_EVERY === 0) this.sweep(now);
    const user = this.window(`u:${platform}:${userId}`, now);
    const channel = this.window(`c:${platform}:${channelId}`, now);
    const over =
      user.stamps.length >= this.limits.perUser
        ? { window: user, scope: 'user' as const }
        : channel.stamps.length >= this.limits.perChannel
          ? { window: channel, scope: 'channel' as const }
          : undefined;
    if (!over) {
      user.stamps.push(now);
      channel.stamps.push(now);
      return { kind: 'allow' };
    }
    const retryAfterMs = Math.max(1, (over.window.stamps[0] ?? now) + this.limits.windowMs - now);
    return { kind: 'limited', retryAfterMs, scope: over.scope };
  }

  private window(key: string, now: number): Window {
    let window = this.windows.get(key);
    if (!window) {
      window = { stamps: [] };
      this.windows.set(key, window);
    }
    const cutoff = now - this.limits.windowMs;
    while (window.stamps.length && (window.stamps[0] ?? 0) <= cutoff) window.stamps.shift();
    return window;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if ((window.stamps.at(-1) ?? 0) <= now - this.limits.windowMs) this.windows.delete(key);
    }
  }
}

export function slowDownMessage(decision: { retryAfterMs: number; scope: 'user' | 'channel' }): string {
  const seconds = Math.ceil(decision.retryAfterMs / 1000);
  const who = decision.scope === 'user' ? 'You are' : 'This channel is';
  return `${who} sending commands too fast. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}
