import { describe, expect, it } from 'vitest';
import { noticeReply } from '../../../src/reply.ts';
import { general, type ContractStores } from './channels.ts';

/** What the concerns keep together across close and reopen, meta included. */
export function wholeStoreContract({ open, reopen }: ContractStores): void {
  describe('the whole store', () => {
    it('keeps everything across close and reopen', async () => {
      const first = await open();
      await first.subscriptions.subscribe(general, 'MSC');
      await first.seenEntries.recordBaseline(['doi:10.1/a']);
      await first.seenEntries.commitNewEntries(['doi:10.1/b'], (keys) => [
        { ...general, entryKeys: keys, reply: noticeReply('b', { ephemeral: false }) },
      ]);
      await first.meta.setMeta('index.fingerprint', 'abc123');
      await first.close();

      const second = await reopen();
      expect(await second.seenEntries.hasBaseline()).toBe(true);
      expect(await second.seenEntries.unseenKeys(['doi:10.1/a', 'doi:10.1/b', 'doi:10.1/c'])).toEqual(['doi:10.1/c']);
      expect((await second.subscriptions.listSubscriptions(general)).map((s) => s.query)).toEqual(['MSC']);
      expect((await second.deliveries.pendingDeliveries()).map((d) => d.reply?.fallback)).toEqual(['b']);
      expect(await second.meta.getMeta('index.fingerprint')).toBe('abc123');
    });
  });
}
