import { describe, expect, it } from 'vitest';
import { noticeReply } from '../../../src/reply.ts';
import { general, random, papers, club, KEY, type ContractStores } from './channels.ts';

/** What every delivery queue does, on either database. */
export function deliveriesContract({ open, reopen }: ContractStores): void {
  describe('deliveries', () => {
    it('counts failed attempts and moves deliveries out of pending when finished or cancelled', async () => {
      const store = await open();
      const reply = noticeReply('x', { ephemeral: false });
      const { deliveries } = await store.seenEntries.commitNewEntries(['k1', 'k2', 'k3'], (keys) =>
        keys.map((key) => ({ ...(key === 'k3' ? random : general), entryKeys: [key], reply })),
      );
      const [a, b, c] = deliveries;
      if (!a || !b || !c) throw new Error('expected three deliveries');
      await store.deliveries.recordFailedAttempt(a.id, { reason: 'HTTP 500', permanent: false });
      await store.deliveries.recordFailedAttempt(a.id, { reason: 'Unknown Channel', permanent: true });
      const afterFailures = (await store.deliveries.pendingDeliveries()).find((d) => d.id === a.id);
      expect(afterFailures).toMatchObject({ attempts: 2, permanentFailures: 1, lastError: 'Unknown Channel' });

      await store.deliveries.finishDelivery(a.id, 'done');
      expect(await store.deliveries.cancelChannelDeliveries(general, 'channel is gone')).toBe(1);
      expect((await store.deliveries.pendingDeliveries()).map((d) => d.id)).toEqual([c.id]);
      expect(await store.deliveries.delivery(a.id)).toMatchObject({ status: 'done' });
      expect(await store.deliveries.delivery(b.id)).toMatchObject({
        status: 'cancelled',
        lastError: 'channel is gone',
      });
    });

    it('prunes finished deliveries older than the cut-off and never a pending one', async () => {
      const store = await open();
      const reply = noticeReply('x', { ephemeral: false });
      const { deliveries } = await store.seenEntries.commitNewEntries(['k1', 'k2'], (keys) =>
        keys.map((key) => ({ ...general, entryKeys: [key], reply })),
      );
      const [done, pending] = deliveries;
      if (!done || !pending) throw new Error('expected two deliveries');
      await store.deliveries.finishDelivery(done.id, 'done');
      expect(await store.deliveries.pruneFinishedDeliveries(new Date(Date.now() - 60_000))).toBe(0);
      expect(await store.deliveries.pruneFinishedDeliveries(new Date(Date.now() + 60_000))).toBe(1);
      expect(await store.deliveries.delivery(done.id)).toBeUndefined();
      expect((await store.deliveries.pendingDeliveries()).map((d) => d.id)).toEqual([pending.id]);
    });

    it('holds a claimed delivery: claimed again meanwhile it is busy, once sent it is gone', async () => {
      const store = await open();
      const reply = noticeReply('x', { ephemeral: false });
      const { deliveries } = await store.seenEntries.commitNewEntries(['k1'], (keys) => [
        { ...general, entryKeys: keys, reply },
      ]);
      const [delivery] = deliveries;
      if (!delivery) throw new Error('expected a delivery');
      let meanwhile: unknown;
      const claim = await store.deliveries.claimDelivery(delivery.id, async (claimed, bookkeeping) => {
        meanwhile = await store.deliveries.claimDelivery(delivery.id, async () => 'sent twice');
        await bookkeeping.finishDelivery(claimed.id, 'done');
        return `sent ${claimed.reply?.fallback}`;
      });
      expect(claim).toEqual({ kind: 'claimed', value: 'sent x' });
      expect(meanwhile).toEqual({ kind: 'busy' });
      expect(await store.deliveries.claimDelivery(delivery.id, async () => 'sent again')).toEqual({ kind: 'gone' });
      expect(await store.deliveries.delivery(delivery.id)).toMatchObject({ status: 'done' });
    });

    it("names each channel's oldest pending delivery, where its sending resumes", async () => {
      const store = await open();
      const reply = noticeReply('x', { ephemeral: false });
      const { deliveries } = await store.seenEntries.commitNewEntries(['k1', 'k2', 'k3', 'k4'], (keys) =>
        keys.map((key, i) => ({ ...(i % 2 ? random : general), entryKeys: [key], reply })),
      );
      const [g1, r1, g2] = deliveries;
      if (!g1 || !r1 || !g2) throw new Error('expected four deliveries');
      await store.deliveries.finishDelivery(g1.id, 'done');
      expect(await store.deliveries.pendingHeads()).toEqual([
        { id: r1.id, ...random },
        { id: g2.id, ...general },
      ]);
      expect(await store.deliveries.pendingHeads(general)).toEqual([{ id: g2.id, ...general }]);
    });

    it('keeps a failed delivery from every claim until its retry wait is over', async () => {
      const store = await open();
      const reply = noticeReply('x', { ephemeral: false });
      const { deliveries } = await store.seenEntries.commitNewEntries(['k1', 'k2'], (keys) =>
        keys.map((key) => ({ ...general, entryKeys: [key], reply })),
      );
      const [later, now] = deliveries;
      if (!later || !now) throw new Error('expected two deliveries');
      await store.deliveries.recordFailedAttempt(later.id, { reason: 'HTTP 503', permanent: false, retryInMs: 60_000 });
      await store.deliveries.recordFailedAttempt(now.id, { reason: 'HTTP 503', permanent: false });
      const waiting = await store.deliveries.claimDelivery(later.id, async () => 'too early');
      expect(waiting.kind).toBe('waiting');
      expect(waiting.kind === 'waiting' && waiting.retryInMs > 50_000 && waiting.retryInMs <= 60_000).toBe(true);
      expect(await store.deliveries.claimDelivery(now.id, async (claimed) => claimed.attempts)).toEqual({
        kind: 'claimed',
        value: 1,
      });
    });

    it("keeps a delivery's posting (thread and mention) through a restart", async () => {
      const store = await open();
      const posting = {
        thread: { entryKey: KEY, name: 'Mesenchymal stem cells', tag: 'paper' },
        mention: { id: 'S0GROUP' },
      };
      await store.seenEntries.commitNewEntries([KEY], () => [
        { ...club, entryKeys: [KEY], reply: noticeReply('new'), posting },
        { ...papers, entryKeys: [KEY], reply: noticeReply('new') },
      ]);
      await store.close();
      const pending = await (await reopen()).deliveries.pendingDeliveries();
      expect(pending.map((delivery) => delivery.posting)).toEqual([posting, undefined]);
    });
    it('reports the backlog, the last error and the last delivery, for all channels or one', async () => {
      const store = await open();
      expect(await store.deliveries.deliveryReport()).toEqual({ pending: 0 });
      const reply = noticeReply('x', { ephemeral: false });
      const { deliveries } = await store.seenEntries.commitNewEntries(['k1', 'k2', 'k3'], (keys) =>
        keys.map((key) => ({ ...(key === 'k3' ? random : general), entryKeys: [key], reply })),
      );
      const [a, b, c] = deliveries;
      if (!a || !b || !c) throw new Error('expected three deliveries');
      await store.deliveries.finishDelivery(a.id, 'done');
      await store.deliveries.recordFailedAttempt(c.id, { reason: 'HTTP 503', permanent: false });

      const all = await store.deliveries.deliveryReport();
      expect(all).toMatchObject({ pending: 2, lastError: 'HTTP 503', lastDelivered: { entryKeys: ['k1'] } });
      expect(Date.parse(all.oldestPendingAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
      expect(Date.parse(all.lastDelivered?.at ?? '')).toBeGreaterThan(Date.now() - 60_000);
      const one = await store.deliveries.deliveryReport(general);
      expect(one).toMatchObject({ pending: 1, lastDelivered: { entryKeys: ['k1'] } });
      expect(one.lastError).toBeUndefined();
      expect(await store.deliveries.deliveryReport(random)).toMatchObject({ pending: 1, lastError: 'HTTP 503' });
      expect((await store.deliveries.deliveryReport(random)).lastDelivered).toBeUndefined();

      await store.deliveries.finishDelivery(b.id, 'done');
      const recent = await store.deliveries.recentDeliveries(general, 10);
      expect(recent.map((sent) => sent.entryKeys)).toEqual([['k2'], ['k1']]);
      expect((await store.deliveries.recentDeliveries(general, 1)).map((sent) => sent.entryKeys)).toEqual([['k2']]);
      expect(await store.deliveries.recentDeliveries(random, 10)).toEqual([]);
    });
  });
}
