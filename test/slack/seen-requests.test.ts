import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SeenRequests, SIGNATURE_WINDOW_MS } from '../../src/platforms/slack/seen-requests.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import type { Store } from '../../src/store/store.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function storeFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-seen-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function openStore(dir: string): Store {
  const store = openSqliteStore(dir);
  cleanups.push(() => store.close());
  return store;
}

describe('the record of requests already taken', () => {
  it('takes a key once while it is live, and forgets it once its request would be stale anyway', async () => {
    let now = 1_700_000_000_000;
    const seen = new SeenRequests({ now: () => now });
    const expiresAt = now + SIGNATURE_WINDOW_MS;

    expect(await seen.firstSighting('signature:v0=abc', expiresAt)).toBe(true);
    expect(await seen.firstSighting('signature:v0=abc', expiresAt)).toBe(false);
    expect(await seen.firstSighting('signature:v0=def', expiresAt)).toBe(true);

    now = expiresAt - 1;
    expect(await seen.firstSighting('signature:v0=abc', expiresAt)).toBe(false);
    now = expiresAt + 60_000;
    expect(await seen.firstSighting('envelope:e1', now + SIGNATURE_WINDOW_MS)).toBe(true);
    // The expired keys were swept: memory follows the traffic of the last five minutes only.
    expect(seen.size).toBe(1);
  });

  it('refuses a key another process took on the same store', async () => {
    const dir = storeFolder();
    const here = new SeenRequests({ ledger: openStore(dir).takenRequests });
    const elsewhere = new SeenRequests({ ledger: openStore(dir).takenRequests });
    const expiresAt = Date.now() + SIGNATURE_WINDOW_MS;

    expect(await elsewhere.firstSighting('request:1700000000:abc', expiresAt)).toBe(true);
    expect(await here.firstSighting('request:1700000000:abc', expiresAt)).toBe(false);
    expect(await here.firstSighting('envelope:e-9', expiresAt)).toBe(true);
    expect(await elsewhere.firstSighting('envelope:e-9', expiresAt)).toBe(false);
  });

  it('judges by its own memory, and says so, when the store cannot be reached', async () => {
    const store = openStore(storeFolder());
    const warnings: string[] = [];
    const seen = new SeenRequests({
      ledger: store.takenRequests,
      logger: { warn: (_fields: unknown, message?: string) => void warnings.push(message ?? '') },
    });
    await store.close();
    const expiresAt = Date.now() + SIGNATURE_WINDOW_MS;

    expect(await seen.firstSighting('request:1700000000:abc', expiresAt)).toBe(true);
    expect(await seen.firstSighting('request:1700000000:abc', expiresAt)).toBe(false);
    expect(warnings).toEqual([
      'could not check the shared record of Slack requests taken; judged by this process alone',
    ]);
  });
});
