import { isoTime, type ChannelRef, type PlatformName } from './channels.ts';

/** The thread where one entry is discussed in one channel (Discord thread id, Slack parent ts). */
export interface DiscussionThread extends ChannelRef {
  readonly entryKey: string;
  readonly threadId: string;
  readonly createdAt: string;
}

/** The thread remembered for each entry in each channel. */
export interface DiscussionThreadStore {
  /** The thread remembered for this entry in this channel, if any. */
  discussionThread(channel: ChannelRef, entryKey: string): Promise<DiscussionThread | undefined>;
  /**
   * Remembers the entry's thread unless one is remembered already; returns the one that stands
   * (the first writer wins, so two processes opening the same discussion agree on one thread).
   */
  rememberDiscussionThread(channel: ChannelRef, entryKey: string, threadId: string): Promise<DiscussionThread>;
  /** Forgets the entry's thread if it is still `threadId` (it was deleted on the platform). */
  forgetDiscussionThread(channel: ChannelRef, entryKey: string, threadId: string): Promise<void>;
  /**
   * Claims the opening of the entry's thread for `ttlMs`, before any thread is opened: true for
   * the first claimant (or when the standing claim has expired, its holder gone), false while
   * another holds it. Processes sharing the store thus open one thread between them.
   */
  claimDiscussion(channel: ChannelRef, entryKey: string, claimant: string, ttlMs: number): Promise<boolean>;
  /** Ends the claimant's claim (the thread is remembered, or opening it failed). */
  releaseDiscussion(channel: ChannelRef, entryKey: string, claimant: string): Promise<void>;
}

export interface ThreadRow {
  platform: string;
  channel_id: string;
  entry_key: string;
  thread_id: string;
  created_at: string | Date;
}

export function toThread(row: ThreadRow): DiscussionThread {
  return {
    platform: row.platform as PlatformName,
    channelId: row.channel_id,
    entryKey: row.entry_key,
    threadId: row.thread_id,
    createdAt: isoTime(row.created_at),
  };
}
