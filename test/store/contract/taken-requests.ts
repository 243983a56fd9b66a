import { describe, expect, it } from 'vitest';
import type { ContractStores } from './channels.ts';

/** What every store of taken requests does, on either database. */
export function takenRequestsContract({ open, reopen }: ContractStores): void {
  describe('requests taken (a replay of a signed request runs nowhere)', () => {
    const live = (): Date => new Date(Date.now() + 5 * 60_000);

    it('takes a request once, also for another connection to the same store and after a restart', async () => {
      const store = await open();
      expect(await store.takenRequests.takeRequestOnce('request:1700000000:abc', live())).toBe(true);
      expect(await store.takenRequests.takeRequestOnce('request:1700000000:abc', live())).toBe(false);
      expect(await store.takenRequests.takeRequestOnce('envelope:e-1', live())).toBe(true);
      // Another replica on the same store sees what this one took.
      const replica = await reopen();
      expect(await replica.takenRequests.takeRequestOnce('request:1700000000:abc', live())).toBe(false);
      expect(await replica.takenRequests.takeRequestOnce('envelope:e-2', live())).toBe(true);
      expect(await store.takenRequests.takeRequestOnce('envelope:e-2', live())).toBe(false);
      await store.close();
      expect(await (await reopen()).takenRequests.takeRequestOnce('envelope:e-1', live())).toBe(false);
    });

    it('gives a request to exactly one of several takers at once', async () => {
      const store = await open();
      const replica = await reopen();
      const outcomes = await Promise.all(
        [store, replica, store, replica, store, replica].map((each) =>
          each.takenRequests.takeRequestOnce('request:1700000001:def', live()),
        ),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });

    it('takes an expired record again, and prunes expired records', async () => {
      const store = await open();
      const expired = new Date(Date.now() - 1_000);
      expect(await store.takenRequests.takeRequestOnce('request:old', expired)).toBe(true);
      expect(await store.takenRequests.takeRequestOnce('request:old', live())).toBe(true);
      expect(await store.takenRequests.takeRequestOnce('request:old', live())).toBe(false);
      expect(await store.takenRequests.takeRequestOnce('request:gone-1', expired)).toBe(true);
      expect(await store.takenRequests.takeRequestOnce('request:gone-2', expired)).toBe(true);
      expect(await store.takenRequests.pruneTakenRequests()).toBe(2);
      expect(await store.takenRequests.pruneTakenRequests()).toBe(0);
      expect(await store.takenRequests.takeRequestOnce('request:old', live())).toBe(false);
    });
  });
}
