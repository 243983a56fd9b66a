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
