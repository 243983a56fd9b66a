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

  async forgetDiscussionThread(channel: ChannelRef, entryKey: string, threadId: string): Promise<void> {
    await this.sql.query(
      'DELETE FROM discussion_threads WHERE platform = $1 AND channel_id = $2 AND entry_key = $3 AND thread_id = $4',
      [channel.platform, channel.channelId, entryKey, threadId],
    );
  }
}
