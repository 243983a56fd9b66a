import { describe, expect, it } from 'vitest';
import { RateLimiter, slowDownMessage } from '../src/rate-limit.ts';

describe('command rate limits', () => {
  it('lets a user run up to the limit, then says when to retry', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ perUser: 3, perChannel: 100, windowMs: 10_000 }, () => now);
    for (let i = 0; i < 3; i++) expect(limiter.check('discord', 'u1', 'c1').kind).toBe('allow');
    now += 2_000;
    const decision = limiter.check('discord', 'u1', 'c1');
    expect(decision).toEqual({ kind: 'limited', retryAfterMs: 8_000, scope: 'user' });
    if (decision.kind === 'limited')
      expect(slowDownMessage(decision)).toBe('You are sending commands too fast. Try again in 8 seconds.');
    // Another user in the same channel is not held back by the first one's flood.
    expect(limiter.check('discord', 'u2', 'c1').kind).toBe('allow');
    now += 8_001;
    expect(limiter.check('discord', 'u1', 'c1').kind).toBe('allow');
  });

  it('limits a channel across all its users', () => {
    const now = 5_000;
    const limiter = new RateLimiter({ perUser: 100, perChannel: 2, windowMs: 1_000 }, () => now);
    expect(limiter.check('slack', 'a', 'general').kind).toBe('allow');
    expect(limiter.check('slack', 'b', 'general').kind).toBe('allow');
    const decision = limiter.check('slack', 'c', 'general');
    expect(decision.kind === 'limited' && decision.scope).toBe('channel');
    expect(limiter.check('slack', 'c', 'random').kind).toBe('allow');
  });

  it('keeps platforms apart: the same id on Slack and Discord are different people', () => {
    const limiter = new RateLimiter({ perUser: 1, perChannel: 10, windowMs: 60_000 }, () => 0);
    expect(limiter.check('slack', 'same', 'x').kind).toBe('allow');
    expect(limiter.check('discord', 'same', 'y').kind).toBe('allow');
    expect(limiter.check('slack', 'same', 'x').kind).toBe('limited');
  });
});
