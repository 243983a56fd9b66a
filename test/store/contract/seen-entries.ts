import { describe, expect, it } from 'vitest';
import { noticeReply } from '../../../src/reply.ts';
import { general, type ContractStores } from './channels.ts';

/** What every ledger of seen entries does, on either database; its commit queues deliveries in the same transaction. */
export function seenEntriesContract({ open }: ContractStores): void {
  describe('seen entries (ledger and baseline)', () => {
    it('takes the baseline once and reports only never-seen keys', async () => {
      const store = await open();
      expect(await store.seenEntries.hasBaseline()).toBe(false);
      await store.seenEntries.recordBaseline(['doi:10.1/a', 'biostudies:S-EPMC1']);
      expect(await store.seenEntries.hasBaseline()).toBe(true);
      expect(await store.seenEntries.unseenKeys(['doi:10.1/a', 'doi:10.1/b', 'doi:10.1/b'])).toEqual(['doi:10.1/b']);
    });

    it('marks keys seen and queues deliveries in one step; a second commit of the same keys queues nothing', async () => {
      const store = await open();
      await store.seenEntries.recordBaseline([]);
      const reply = noticeReply('New entry', { ephemeral: false });
      const plan = (keys: readonly string[]) => [{ ...general, entryKeys: keys, reply }];
      const first = await store.seenEntries.commitNewEntries(['doi:10.1/a', 'doi:10.1/b'], plan);
      expect(first.newKeys).toEqual(['doi:10.1/a', 'doi:10.1/b']);
      expect(first.deliveries.map((d) => d.entryKeys)).toEqual([['doi:10.1/a', 'doi:10.1/b']]);
      const second = await store.seenEntries.commitNewEntries(['doi:10.1/a'], plan);
      expect(second).toEqual({ newKeys: [], deliveries: [] });
      const pending = await store.deliveries.pendingDeliveries();
      expect(pending.map((d) => d.reply?.fallback)).toEqual(['New entry']);
    });

    it('leaves nothing behind when the planner fails: the keys stay unseen', async () => {
      const store = await open();
      await expect(
        store.seenEntries.commitNewEntries(['doi:10.1/a'], () => {
          throw new Error('renderer broke');
        }),
      ).rejects.toThrow('renderer broke');
      expect(await store.seenEntries.unseenKeys(['doi:10.1/a'])).toEqual(['doi:10.1/a']);
      expect(await store.deliveries.pendingDeliveries()).toEqual([]);
    });

    it('takes the baseline once: a second taker records nothing', async () => {
      const store = await open();
      expect(await store.seenEntries.recordBaseline(['doi:10.1/a'])).toBe(true);
      expect(await store.seenEntries.recordBaseline(['doi:10.1/b'])).toBe(false);
      expect(await store.seenEntries.unseenKeys(['doi:10.1/a', 'doi:10.1/b'])).toEqual(['doi:10.1/b']);
    });
  });
}
