import { describe, expect, it } from 'vitest';
import { general, random, papers, type ContractStores } from './channels.ts';

/** What every subscription store does, on either database. */
export function subscriptionsContract({ open }: ContractStores): void {
  describe('subscriptions', () => {
    it('subscribes, lists oldest first per channel, and unsubscribes one or all', async () => {
      const store = await open();
      const first = await store.subscriptions.subscribe(general, 'MSC COVID');
      const second = await store.subscriptions.subscribe(general, '');
      await store.subscriptions.subscribe(random, 'kind:dataset');
      expect(first.created).toBe(true);
      expect((await store.subscriptions.listSubscriptions(general)).map((s) => s.query)).toEqual(['MSC COVID', '']);
      expect((await store.subscriptions.listSubscriptions(random)).map((s) => s.query)).toEqual(['kind:dataset']);

      const removed = await store.subscriptions.unsubscribe(general, [second.subscription.id]);
      expect(removed.map((s) => s.query)).toEqual(['']);
      expect((await store.subscriptions.listSubscriptions(general)).map((s) => s.query)).toEqual(['MSC COVID']);

      await store.subscriptions.subscribe(general, 'year:2020');
      expect((await store.subscriptions.unsubscribe(general)).map((s) => s.query)).toEqual(['MSC COVID', 'year:2020']);
      expect(await store.subscriptions.listSubscriptions(general)).toEqual([]);
      expect((await store.subscriptions.listSubscriptions(random)).length).toBe(1);
    });

    it('keeps one row when the same query is subscribed again (a retried request)', async () => {
      const store = await open();
      const first = await store.subscriptions.subscribe(general, 'MSC  COVID');
      const again = await store.subscriptions.subscribe(general, 'msc covid ');
      expect(again.created).toBe(false);
      expect(again.subscription.id).toBe(first.subscription.id);
      expect((await store.subscriptions.listSubscriptions(general)).map((s) => s.query)).toEqual(['MSC COVID']);
      const other = await store.subscriptions.subscribe(
        { platform: 'slack', channelId: general.channelId },
        'MSC COVID',
      );
      expect(other.created).toBe(true);
    });

    it('marks a channel broken, leaves it out of the active list, and a new subscribe revives it', async () => {
      const store = await open();
      await store.subscriptions.subscribe(general, 'MSC');
      await store.subscriptions.subscribe(random, '');
      const broken = await store.subscriptions.markChannelBroken(general, 'Unknown Channel');
      expect(broken.map((s) => s.brokenReason)).toEqual(['Unknown Channel']);
      expect((await store.subscriptions.activeSubscriptions()).map((s) => s.channelId)).toEqual([random.channelId]);
      const revived = await store.subscriptions.subscribe(general, 'MSC');
      expect(revived.created).toBe(false);
      expect(revived.subscription.brokenReason).toBeUndefined();
      expect((await store.subscriptions.activeSubscriptions()).length).toBe(2);
    });

    it('defaults to plain messages without a mention, and subscribing again changes the settings in place', async () => {
      const store = await open();
      const plain = await store.subscriptions.subscribe(papers, 'MSC COVID');
      expect(plain.subscription).toMatchObject({ postStyle: 'message', query: 'MSC COVID' });
      expect(plain.subscription.mention).toBeUndefined();

      const changed = await store.subscriptions.subscribe(papers, 'msc  covid', {
        postStyle: 'entry-threads',
        mention: { id: '555555555555555555', label: '@journal-club' },
      });
      expect(changed.created).toBe(false);
      expect(changed.subscription).toMatchObject({
        id: plain.subscription.id,
        postStyle: 'entry-threads',
        mention: { id: '555555555555555555', label: '@journal-club' },
      });
      expect(await store.subscriptions.activeSubscriptions()).toEqual([changed.subscription]);

      const quiet = await store.subscriptions.subscribe(papers, 'MSC COVID', { postStyle: 'message' });
      expect(quiet.subscription.mention).toBeUndefined();
      expect(quiet.subscription.postStyle).toBe('message');
    });
  });
}
