import { describe, expect, it } from 'vitest';
import { noticeReply } from '../../src/reply.ts';
import type { ChannelRef, Store } from '../../src/store/store.ts';

/**
 * What every Store does, whatever holds the data: the same tests run on SQLite and on
 * PostgreSQL. `open` gives an empty store; `reopen` opens the same data again after `close`.
 */
export function storeContract(open: () => Promise<Store>, reopen: () => Promise<Store>): void {
  const general: ChannelRef = { platform: 'discord', channelId: '111111111111111111' };
  const random: ChannelRef = { platform: 'slack', channelId: 'C0RANDOM' };
  const papers: ChannelRef = { platform: 'discord', channelId: '111111111111111111' };
  const club: ChannelRef = { platform: 'slack', channelId: 'C0CLUB' };
  const KEY = 'doi:10.14336/ad.2020.0228';

  describe('subscriptions', () => {
    it('subscribes, lists oldest first per channel, and unsubscribes one or all', async () => {
      const store = await open();
      const first = await store.subscribe(general, 'MSC COVID');
      const second = await store.subscribe(general, '');
      await store.subscribe(random, 'kind:dataset');
      expect(first.created).toBe(true);
      expect((await store.listSubscriptions(general)).map((s) => s.query)).toEqual(['MSC COVID', '']);
      expect((await store.listSubscriptions(random)).map((s) => s.query)).toEqual(['kind:dataset']);

      const removed = await store.unsubscribe(general, [second.subscription.id]);
      expect(removed.map((s) => s.query)).toEqual(['']);
      expect((await store.listSubscriptions(general)).map((s) => s.query)).toEqual(['MSC COVID']);

      await store.subscribe(general, 'year:2020');
      expect((await store.unsubscribe(general)).map((s) => s.query)).toEqual(['MSC COVID', 'year:2020']);
      expect(await store.listSubscriptions(general)).toEqual([]);
      expect((await store.listSubscriptions(random)).length).toBe(1);
    });

    it('keeps one row when the same query is subscribed again (a retried request)', async () => {
      const store = await open();
      const first = await store.subscribe(general, 'MSC  COVID');
      const again = await store.subscribe(general, 'msc covid ');
      expect(again.created).toBe(false);
      expect(again.subscription.id).toBe(first.subscription.id);
      expect((await store.listSubscriptions(general)).map((s) => s.query)).toEqual(['MSC COVID']);
      const other = await store.subscribe({ platform: 'slack', channelId: general.channelId }, 'MSC COVID');
      expect(other.created).toBe(true);
    });

    it('marks a channel broken, leaves it out of the active list, and a new subscribe revives it', async () => {
      const store = await open();
      await store.subscribe(general, 'MSC');
      await store.subscribe(random, '');
      const broken = await store.markChannelBroken(general, 'Unknown Channel');
      expect(broken.map((s) => s.brokenReason)).toEqual(['Unknown Channel']);
      expect((await store.activeSubscriptions()).map((s) => s.channelId)).toEqual([random.channelId]);
      const revived = await store.subscribe(general, 'MSC');
      expect(revived.created).toBe(false);
      expect(revived.subscription.brokenReason).toBeUndefined();
      expect((await store.activeSubscriptions()).length).toBe(2);
    });
  });

  describe('ledger and deliveries', () => {
    it('takes the baseline once and reports only never-seen keys', async () => {
      const store = await open();
      expect(await store.hasBaseline()).toBe(false);
      await store.recordBaseline(['doi:10.1/a', 'biostudies:S-EPMC1']);
      expect(await store.hasBaseline()).toBe(true);
      expect(await store.unseenKeys(['doi:10.1/a', 'doi:10.1/b', 'doi:10.1/b'])).toEqual(['doi:10.1/b']);
    });

    it('marks keys seen and queues deliveries in one step; a second commit of the same keys queues nothing', async () => {
      const store = await open();
      await store.recordBaseline([]);
      const reply = noticeReply('New entry', { ephemeral: false });
      const plan = (keys: readonly string[]) => [{ ...general, entryKeys: keys, reply }];
      const first = await store.commitNewEntries(['doi:10.1/a', 'doi:10.1/b'], plan);
      expect(first.newKeys).toEqual(['doi:10.1/a', 'doi:10.1/b']);
      expect(first.deliveries.map((d) => d.entryKeys)).toEqual([['doi:10.1/a', 'doi:10.1/b']]);
      const second = await store.commitNewEntries(['doi:10.1/a'], plan);
      expect(second).toEqual({ newKeys: [], deliveries: [] });
      const pending = await store.pendingDeliveries();
      expect(pending.map((d) => d.reply.fallback)).toEqual(['New entry']);
    });

    it('leaves nothing behind when the planner fails: the keys stay unseen', async () => {
      const store = await open();
      await expect(
        store.commitNewEntries(['doi:10.1/a'], () => {
          throw new Error('renderer broke');
        }),
      ).rejects.toThrow('renderer broke');
      expect(await store.unseenKeys(['doi:10.1/a'])).toEqual(['doi:10.1/a']);
      expect(await store.pendingDeliveries()).toEqual([]);
    });

    it('counts failed attempts and moves deliveries out of pending when finished or cancelled', async () => {
      const store = await open();
      const reply = noticeReply('x', { ephemeral: false });
      const { deliveries } = await store.commitNewEntries(['k1', 'k2', 'k3'], (keys) => keys.map((key) => ({ ...(key === 'k3' ? random : general), entryKeys: [key], reply })));
      const [a, b, c] = deliveries;
      if (!a || !b || !c) throw new Error('expected three deliveries');
      await store.recordFailedAttempt(a.id, { reason: 'HTTP 500', permanent: false });
      await store.recordFailedAttempt(a.id, { reason: 'Unknown Channel', permanent: true });
      const afterFailures = (await store.pendingDeliveries()).find((d) => d.id === a.id);
      expect(afterFailures).toMatchObject({ attempts: 2, permanentFailures: 1, lastError: 'Unknown Channel' });

      await store.finishDelivery(a.id, 'done');
      expect(await store.cancelChannelDeliveries(general, 'channel is gone')).toBe(1);
      expect((await store.pendingDeliveries()).map((d) => d.id)).toEqual([c.id]);
      expect(await store.delivery(a.id)).toMatchObject({ status: 'done' });
      expect(await store.delivery(b.id)).toMatchObject({ status: 'cancelled', lastError: 'channel is gone' });
    });

    it('prunes finished deliveries older than the cut-off and never a pending one', async () => {
      const store = await open();
      const reply = noticeReply('x', { ephemeral: false });
      const { deliveries } = await store.commitNewEntries(['k1', 'k2'], (keys) => keys.map((key) => ({ ...general, entryKeys: [key], reply })));
      const [done, pending] = deliveries;
      if (!done || !pending) throw new Error('expected two deliveries');
      await store.finishDelivery(done.id, 'done');
      expect(await store.pruneFinishedDeliveries(new Date(Date.now() - 60_000))).toBe(0);
      expect(await store.pruneFinishedDeliveries(new Date(Date.now() + 60_000))).toBe(1);
      expect(await store.delivery(done.id)).toBeUndefined();
      expect((await store.pendingDeliveries()).map((d) => d.id)).toEqual([pending.id]);
    });

    it('keeps everything across close and reopen', async () => {
      const first = await open();
      await first.subscribe(general, 'MSC');
      await first.recordBaseline(['doi:10.1/a']);
      await first.commitNewEntries(['doi:10.1/b'], (keys) => [{ ...general, entryKeys: keys, reply: noticeReply('b', { ephemeral: false }) }]);
      await first.setMeta('index.fingerprint', 'abc123');
      await first.close();

      const second = await reopen();
      expect(await second.hasBaseline()).toBe(true);
      expect(await second.unseenKeys(['doi:10.1/a', 'doi:10.1/b', 'doi:10.1/c'])).toEqual(['doi:10.1/c']);
      expect((await second.listSubscriptions(general)).map((s) => s.query)).toEqual(['MSC']);
      expect((await second.pendingDeliveries()).map((d) => d.reply.fallback)).toEqual(['b']);
      expect(await second.getMeta('index.fingerprint')).toBe('abc123');
    });

    it('takes the baseline once: a second taker records nothing', async () => {
      const store = await open();
      expect(await store.recordBaseline(['doi:10.1/a'])).toBe(true);
      expect(await store.recordBaseline(['doi:10.1/b'])).toBe(false);
      expect(await store.unseenKeys(['doi:10.1/a', 'doi:10.1/b'])).toEqual(['doi:10.1/b']);
    });

    it('holds a claimed delivery: claimed again meanwhile it is busy, once sent it is gone', async () => {
      const store = await open();
      const reply = noticeReply('x', { ephemeral: false });
      const { deliveries } = await store.commitNewEntries(['k1'], (keys) => [{ ...general, entryKeys: keys, reply }]);
      const [delivery] = deliveries;
      if (!delivery) throw new Error('expected a delivery');
      let meanwhile: unknown;
      const claim = await store.claimDelivery(delivery.id, async (claimed, bookkeeping) => {
        meanwhile = await store.claimDelivery(delivery.id, async () => 'sent twice');
        await bookkeeping.finishDelivery(claimed.id, 'done');
        return `sent ${claimed.reply.fallback}`;
      });
      expect(claim).toEqual({ kind: 'claimed', value: 'sent x' });
      expect(meanwhile).toEqual({ kind: 'busy' });
      expect(await store.claimDelivery(delivery.id, async () => 'sent again')).toEqual({ kind: 'gone' });
      expect(await store.delivery(delivery.id)).toMatchObject({ status: 'done' });
    });

    it("names each channel's oldest pending delivery, where its sending resumes", async () => {
      const store = await open();
      const reply = noticeReply('x', { ephemeral: false });
      const { deliveries } = await store.commitNewEntries(['k1', 'k2', 'k3', 'k4'], (keys) =>
        keys.map((key, i) => ({ ...(i % 2 ? random : general), entryKeys: [key], reply })),
      );
      const [g1, r1, g2] = deliveries;
      if (!g1 || !r1 || !g2) throw new Error('expected four deliveries');
      await store.finishDelivery(g1.id, 'done');
      expect(await store.pendingHeads()).toEqual([
        { id: r1.id, ...random },
        { id: g2.id, ...general },
      ]);
      expect(await store.pendingHeads(general)).toEqual([{ id: g2.id, ...general }]);
    });

    it('keeps a failed delivery from every claim until its retry wait is over', async () => {
      const store = await open();
      const reply = noticeReply('x', { ephemeral: false });
      const { deliveries } = await store.commitNewEntries(['k1', 'k2'], (keys) => keys.map((key) => ({ ...general, entryKeys: [key], reply })));
      const [later, now] = deliveries;
      if (!later || !now) throw new Error('expected two deliveries');
      await store.recordFailedAttempt(later.id, { reason: 'HTTP 503', permanent: false, retryInMs: 60_000 });
      await store.recordFailedAttempt(now.id, { reason: 'HTTP 503', permanent: false });
      const waiting = await store.claimDelivery(later.id, async () => 'too early');
      expect(waiting.kind).toBe('waiting');
      expect(waiting.kind === 'waiting' && waiting.retryInMs > 50_000 && waiting.retryInMs <= 60_000).toBe(true);
      expect(await store.claimDelivery(now.id, async (claimed) => claimed.attempts)).toEqual({ kind: 'claimed', value: 1 });
    });
  });

  describe('discussion threads', () => {
    it('remembers one thread per entry per channel; the first one stands, and survives reopening', async () => {
      const store = await open();
      expect(await store.discussionThread(papers, KEY)).toBeUndefined();
      expect((await store.rememberDiscussionThread(papers, KEY, '222222222222222222')).threadId).toBe('222222222222222222');
      // A second process that opened its own thread at the same moment is told to use the first.
      expect((await store.rememberDiscussionThread(papers, KEY, '333333333333333333')).threadId).toBe('222222222222222222');
      expect((await store.rememberDiscussionThread(club, KEY, '1700000000.000100')).threadId).toBe('1700000000.000100');
      await store.close();

      const reopened = await reopen();
      expect((await reopened.discussionThread(papers, KEY))?.threadId).toBe('222222222222222222');
      expect((await reopened.discussionThread(club, KEY))?.threadId).toBe('1700000000.000100');
      expect(await reopened.discussionThread(papers, 'doi:10.1/other')).toBeUndefined();
    });

    it('forgets a thread only while it is still the one remembered', async () => {
      const store = await open();
      await store.rememberDiscussionThread(papers, KEY, '222222222222222222');
      await store.forgetDiscussionThread(papers, KEY, '999999999999999999');
      expect((await store.discussionThread(papers, KEY))?.threadId).toBe('222222222222222222');
      await store.forgetDiscussionThread(papers, KEY, '222222222222222222');
      expect(await store.discussionThread(papers, KEY)).toBeUndefined();
      expect((await store.rememberDiscussionThread(papers, KEY, '444444444444444444')).threadId).toBe('444444444444444444');
    });
  });

  describe('how a subscription posts and whom it mentions', () => {
    it('defaults to plain messages without a mention, and subscribing again changes the settings in place', async () => {
      const store = await open();
      const plain = await store.subscribe(papers, 'MSC COVID');
      expect(plain.subscription).toMatchObject({ postStyle: 'message', query: 'MSC COVID' });
      expect(plain.subscription.mention).toBeUndefined();

      const changed = await store.subscribe(papers, 'msc  covid', { postStyle: 'entry-threads', mention: { id: '555555555555555555', label: '@journal-club' } });
      expect(changed.created).toBe(false);
      expect(changed.subscription).toMatchObject({ id: plain.subscription.id, postStyle: 'entry-threads', mention: { id: '555555555555555555', label: '@journal-club' } });
      expect(await store.activeSubscriptions()).toEqual([changed.subscription]);

      const quiet = await store.subscribe(papers, 'MSC COVID', { postStyle: 'message' });
      expect(quiet.subscription.mention).toBeUndefined();
      expect(quiet.subscription.postStyle).toBe('message');
    });

    it('keeps a delivery\'s posting (thread and mention) through a restart', async () => {
      const store = await open();
      const posting = { thread: { entryKey: KEY, name: 'Mesenchymal stem cells', tag: 'paper' }, mention: { id: 'S0GROUP' } };
      await store.commitNewEntries([KEY], () => [
        { ...club, entryKeys: [KEY], reply: noticeReply('new'), posting },
        { ...papers, entryKeys: [KEY], reply: noticeReply('new') },
      ]);
      await store.close();
      const pending = await (await reopen()).pendingDeliveries();
      expect(pending.map((delivery) => delivery.posting)).toEqual([posting, undefined]);
    });
  });
  describe('requests taken (a replay of a signed request runs nowhere)', () => {
    const live = (): Date => new Date(Date.now() + 5 * 60_000);

    it('takes a request once, also for another connection to the same store and after a restart', async () => {
      const store = await open();
      expect(await store.takeRequestOnce('request:1700000000:abc', live())).toBe(true);
      expect(await store.takeRequestOnce('request:1700000000:abc', live())).toBe(false);
      expect(await store.takeRequestOnce('envelope:e-1', live())).toBe(true);
      // Another replica on the same store sees what this one took.
      const replica = await reopen();
      expect(await replica.takeRequestOnce('request:1700000000:abc', live())).toBe(false);
      expect(await replica.takeRequestOnce('envelope:e-2', live())).toBe(true);
      expect(await store.takeRequestOnce('envelope:e-2', live())).toBe(false);
      await store.close();
      expect(await (await reopen()).takeRequestOnce('envelope:e-1', live())).toBe(false);
    });

    it('gives a request to exactly one of several takers at once', async () => {
      const store = await open();
      const replica = await reopen();
      const outcomes = await Promise.all([store, replica, store, replica, store, replica].map((each) => each.takeRequestOnce('request:1700000001:def', live())));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });

    it('takes an expired record again, and prunes expired records', async () => {
      const store = await open();
      const expired = new Date(Date.now() - 1_000);
      expect(await store.takeRequestOnce('request:old', expired)).toBe(true);
      expect(await store.takeRequestOnce('request:old', live())).toBe(true);
      expect(await store.takeRequestOnce('request:old', live())).toBe(false);
      expect(await store.takeRequestOnce('request:gone-1', expired)).toBe(true);
      expect(await store.takeRequestOnce('request:gone-2', expired)).toBe(true);
      expect(await store.pruneTakenRequests()).toBe(2);
      expect(await store.pruneTakenRequests()).toBe(0);
      expect(await store.takeRequestOnce('request:old', live())).toBe(false);
    });
  });
}
