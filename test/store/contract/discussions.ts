import { describe, expect, it } from 'vitest';
import { papers, club, KEY, type ContractStores } from './channels.ts';

/** What every store of discussion threads does, on either database. */
export function discussionsContract({ open, reopen }: ContractStores): void {
  describe('discussion threads', () => {
    it('remembers one thread per entry per channel; the first one stands, and survives reopening', async () => {
      const store = await open();
      expect(await store.discussions.discussionThread(papers, KEY)).toBeUndefined();
      expect((await store.discussions.rememberDiscussionThread(papers, KEY, '222222222222222222')).threadId).toBe(
        '222222222222222222',
      );
      // A second process that opened its own thread at the same moment is told to use the first.
      expect((await store.discussions.rememberDiscussionThread(papers, KEY, '333333333333333333')).threadId).toBe(
        '222222222222222222',
      );
      expect((await store.discussions.rememberDiscussionThread(club, KEY, '1700000000.000100')).threadId).toBe(
        '1700000000.000100',
      );
      await store.close();

      const reopened = await reopen();
      expect((await reopened.discussions.discussionThread(papers, KEY))?.threadId).toBe('222222222222222222');
      expect((await reopened.discussions.discussionThread(club, KEY))?.threadId).toBe('1700000000.000100');
      expect(await reopened.discussions.discussionThread(papers, 'doi:10.1/other')).toBeUndefined();
    });

    it('gives the opening of a thread to one claimant at a time, until released or expired', async () => {
      const store = await open();
      const replica = await reopen();
      const outcomes = await Promise.all(
        ['a', 'b', 'c', 'd'].map((claimant, n) =>
          (n % 2 ? replica : store).discussions.claimDiscussion(papers, KEY, claimant, 60_000),
        ),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const winner = ['a', 'b', 'c', 'd'][outcomes.indexOf(true)] ?? '';
      // Another entry, or the same entry in another channel, is claimed on its own.
      expect(await replica.discussions.claimDiscussion(club, KEY, 'e', 60_000)).toBe(true);
      expect(await replica.discussions.claimDiscussion(papers, 'doi:10.1/other', 'e', 60_000)).toBe(true);
      // Only the holder's release frees it.
      await replica.discussions.releaseDiscussion(papers, KEY, 'not-the-holder');
      expect(await replica.discussions.claimDiscussion(papers, KEY, 'e', 60_000)).toBe(false);
      await store.discussions.releaseDiscussion(papers, KEY, winner);
      // A holder that died leaves a claim that expires: the next claimant takes it.
      expect(await replica.discussions.claimDiscussion(papers, KEY, 'f', -1_000)).toBe(true);
      expect(await store.discussions.claimDiscussion(papers, KEY, 'g', 60_000)).toBe(true);
      expect(await replica.discussions.claimDiscussion(papers, KEY, 'f', 60_000)).toBe(false);
    });

    it('forgets a thread only while it is still the one remembered', async () => {
      const store = await open();
      await store.discussions.rememberDiscussionThread(papers, KEY, '222222222222222222');
      await store.discussions.forgetDiscussionThread(papers, KEY, '999999999999999999');
      expect((await store.discussions.discussionThread(papers, KEY))?.threadId).toBe('222222222222222222');
      await store.discussions.forgetDiscussionThread(papers, KEY, '222222222222222222');
      expect(await store.discussions.discussionThread(papers, KEY)).toBeUndefined();
      expect((await store.discussions.rememberDiscussionThread(papers, KEY, '444444444444444444')).threadId).toBe(
        '444444444444444444',
      );
    });
  });
}
