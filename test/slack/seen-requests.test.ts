import { describe, expect, it } from 'vitest';
import { SeenRequests, SIGNATURE_WINDOW_MS } from '../../src/platforms/slack/seen-requests.ts';

describe('the record of requests already taken', () => {
  it('takes a key once while it is live, and forgets it once its request would be stale anyway', () => {
    let now = 1_700_000_000_000;
    const seen = new SeenRequests(() => now);
    const expiresAt = now + SIGNATURE_WINDOW_MS;

    expect(seen.firstSighting('signature:v0=abc', expiresAt)).toBe(true);
    expect(seen.firstSighting('signature:v0=abc', expiresAt)).toBe(false);
    expect(seen.firstSighting('signature:v0=def', expiresAt)).toBe(true);

    now = expiresAt - 1;
    expect(seen.firstSighting('signature:v0=abc', expiresAt)).toBe(false);
    now = expiresAt + 60_000;
    expect(seen.firstSighting('envelope:e1', now + SIGNATURE_WINDOW_MS)).toBe(true);
    // The expired keys were swept: memory follows the traffic of the last five minutes only.
    expect(seen.size).toBe(1);
  });
});
