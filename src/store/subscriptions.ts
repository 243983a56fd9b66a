import type { PostStyle, SubscriptionSettings } from '../command-types.ts';
import { isoTime, type ChannelRef, type PlatformName } from './channels.ts';

export { POST_STYLES, type MentionTarget, type PostStyle, type SubscriptionSettings } from '../command-types.ts';

export interface StoredSubscription extends ChannelRef, SubscriptionSettings {
  readonly id: number;
  /** As the user typed it (whitespace tidied); empty means every new entry. */
  readonly query: string;
  readonly createdAt: string;
  /** Set when the channel refused deliveries for good; such a subscription receives nothing. */
  readonly brokenReason?: string;
}

export interface SubscribeOutcome {
  readonly subscription: StoredSubscription;
  /** False when the channel already had this query (a retried request, or a second try). */
  readonly created: boolean;
}

/** Which channels asked for which new entries, and how they are posted. */
export interface SubscriptionStore {
  /**
   * Adds the channel's subscription to `query`, or finds the one it has; either way the given
   * settings (default: plain messages, no mention) become the subscription's, so subscribing
   * again is how a channel changes them.
   */
  subscribe(channel: ChannelRef, query: string, settings?: SubscriptionSettings): Promise<SubscribeOutcome>;
  /** Removes the given subscriptions of the channel, or all of them when `ids` is absent. */
  unsubscribe(channel: ChannelRef, ids?: readonly number[]): Promise<StoredSubscription[]>;
  /** The channel's subscriptions, oldest first (the order users number them in). */
  listSubscriptions(channel: ChannelRef): Promise<StoredSubscription[]>;
  /** Every subscription that still receives deliveries, across channels. */
  activeSubscriptions(): Promise<StoredSubscription[]>;
  /** Stops deliveries to every subscription of the channel and records why. */
  markChannelBroken(channel: ChannelRef, reason: string): Promise<StoredSubscription[]>;
}

/** Whitespace tidied, so `MSC  COVID` and `MSC COVID` are one subscription. */
export function normaliseSubscriptionQuery(query: string): string {
  return query.replace(/\s+/g, ' ').trim();
}

/** A row of `subscriptions` as either database returns it (SQLite keeps times as ISO text). */
export interface SubscriptionRow {
  id: number;
  platform: string;
  channel_id: string;
  query: string;
  created_at: string | Date;
  broken_reason: string | null;
  post_style: string;
  mention_id: string | null;
  mention_label: string | null;
}

export function toSubscription(row: SubscriptionRow): StoredSubscription {
  return {
    id: row.id,
    platform: row.platform as PlatformName,
    channelId: row.channel_id,
    query: row.query,
    createdAt: isoTime(row.created_at),
    brokenReason: row.broken_reason ?? undefined,
    postStyle: row.post_style as PostStyle,
    ...(row.mention_id
      ? { mention: { id: row.mention_id, ...(row.mention_label ? { label: row.mention_label } : {}) } }
      : {}),
  };
}
