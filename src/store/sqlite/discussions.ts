import type Database from 'better-sqlite3';
import type { ChannelRef } from '../channels.ts';
import { toThread, type DiscussionThread, type DiscussionThreadStore, type ThreadRow } from '../discussions.ts';

export class SqliteDiscussions implements DiscussionThreadStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  async discussionThread(channel: ChannelRef, entryKey: string): Promise<DiscussionThread | undefined> {
    const row = this.row(channel, entryKey);
    return row ? toThread(row) : undefined;
  }

  async rememberDiscussionThread(channel: ChannelRef, entryKey: string, threadId: string): Promise<DiscussionThread> {
    return this.db.transaction((): DiscussionThread => {
      this.db
        .prepare(
          'INSERT INTO discussion_threads (platform, channel_id, entry_key, thread_id, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(channel.platform, channel.channelId, entryKey, threadId, this.now().toISOString());
      const row = this.row(channel, entryKey);
      if (!row) throw new Error('discussion thread vanished while it was being written');
      return toThread(row);
    })();
  }

  async forgetDiscussionThread(channel: ChannelRef, entryKey: string, threadId: string): Promise<void> {
    this.db
      .prepare(
        'DELETE FROM discussion_threads WHERE platform = ? AND channel_id = ? AND entry_key = ? AND thread_id = ?',
      )
      .run(channel.platform, channel.channelId, entryKey, threadId);
  }

  async claimDiscussion(channel: ChannelRef, entryKey: string, claimant: string, ttlMs: number): Promise<boolean> {
    const now = this.now().getTime();
    // The insert takes a free key; the update takes an expired claim; a live one is left alone.
    const row = this.db
      .prepare<[string, string, string, string, number, number], { claimant: string }>(
        `INSERT INTO discussion_claims (platform, channel_id, entry_key, claimant, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, channel_id, entry_key) DO UPDATE
           SET claimant = excluded.claimant, expires_at = excluded.expires_at
           WHERE discussion_claims.expires_at <= ?
         RETURNING claimant`,
      )
      .get(channel.platform, channel.channelId, entryKey, claimant, now + ttlMs, now);
    return row?.claimant === claimant;
  }

  async releaseDiscussion(channel: ChannelRef, entryKey: string, claimant: string): Promise<void> {
    this.db
      .prepare('DELETE FROM discussion_claims WHERE platform = ? AND channel_id = ? AND entry_key = ? AND claimant = ?')
      .run(channel.platform, channel.channelId, entryKey, claimant);
  }

  private row(channel: ChannelRef, entryKey: string): ThreadRow | undefined {
    return this.db
      .prepare<[string, string, string], ThreadRow>(
        'SELECT * FROM discussion_threads WHERE platform = ? AND channel_id = ? AND entry_key = ?',
      )
      .get(channel.platform, channel.channelId, entryKey);
  }
}
