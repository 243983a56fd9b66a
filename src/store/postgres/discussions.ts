import type { ChannelRef } from '../channels.ts';
import { toThread, type DiscussionThread, type DiscussionThreadStore, type ThreadRow } from '../discussions.ts';
import type { Sql } from '../postgres-database.ts';

export class PostgresDiscussions implements DiscussionThreadStore {
  constructor(private readonly sql: Sql) {}

  async discussionThread(channel: ChannelRef, entryKey: string): Promise<DiscussionThread | undefined> {
    const [row] = await this.sql.query<ThreadRow>(
      'SELECT * FROM discussion_threads WHERE platform = $1 AND channel_id = $2 AND entry_key = $3',
      [channel.platform, channel.channelId, entryKey],
    );
    return row ? toThread(row) : undefined;
  }

  async rememberDiscussionThread(channel: ChannelRef, entryKey: string, threadId: string): Promise<DiscussionThread> {
    // The first writer wins: a second process's insert conflicts, and the no-op update returns the standing row.
    const [row] = await this.sql.query<ThreadRow>(
      `INSERT INTO discussion_threads (platform, channel_id, entry_key, thread_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (platform, channel_id, entry_key) DO UPDATE SET thread_id = discussion_threads.thread_id
       RETURNING *`,
      [channel.platform, channel.channelId, entryKey, threadId],
    );
    if (!row) throw new Error('discussion thread insert returned nothing');
    return toThread(row);
  }

  async claimDiscussion(channel: ChannelRef, entryKey: string, claimant: string, ttlMs: number): Promise<boolean> {
    // The insert takes a free key; the update takes an expired claim; a live one returns no row.
    const rows = await this.sql.query<{ claimant: string }>(
      `INSERT INTO discussion_claims (platform, channel_id, entry_key, claimant, expires_at)
       VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond')
       ON CONFLICT (platform, channel_id, entry_key) DO UPDATE
         SET claimant = excluded.claimant, expires_at = excluded.expires_at
         WHERE discussion_claims.expires_at <= now()
       RETURNING claimant`,
      [channel.platform, channel.channelId, entryKey, claimant, ttlMs],
    );
    return rows[0]?.claimant === claimant;
  }

  async releaseDiscussion(channel: ChannelRef, entryKey: string, claimant: string): Promise<void> {
    await this.sql.query(
      'DELETE FROM discussion_claims WHERE platform = $1 AND channel_id = $2 AND entry_key = $3 AND claimant = $4',
      [channel.platform, channel.channelId, entryKey, claimant],
    );
  }

  async forgetDiscussionThread(channel: ChannelRef, entryKey: string, threadId: string): Promise<void> {
    await this.sql.query(
      'DELETE FROM discussion_threads WHERE platform = $1 AND channel_id = $2 AND entry_key = $3 AND thread_id = $4',
      [channel.platform, channel.channelId, entryKey, threadId],
    );
  }
}
