import type { ChannelRef } from '../channels.ts';
import type { Sql } from '../postgres-database.ts';
import {
  normaliseSubscriptionQuery,
  toSubscription,
  type StoredSubscription,
  type SubscribeOutcome,
  type SubscriptionRow,
  type SubscriptionSettings,
  type SubscriptionStore,
} from '../subscriptions.ts';

/** On `sql`: the pool, or a transaction the writes belong to (a delivery's claim). */
export class PostgresSubscriptions implements SubscriptionStore {
  constructor(private readonly sql: Sql) {}

  async subscribe(
    channel: ChannelRef,
    query: string,
    settings: SubscriptionSettings = { postStyle: 'message' },
  ): Promise<SubscribeOutcome> {
    const tidy = normaliseSubscriptionQuery(query);
    const key = tidy.toLowerCase();
    // One statement: a retried request racing the first one still finds a single row. Subscribing
    // again revives a broken subscription and takes the new settings.
    const [row] = await this.sql.query<SubscriptionRow & { created: boolean }>(
      `INSERT INTO subscriptions (platform, channel_id, query, query_key, post_style, mention_id, mention_label) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (platform, channel_id, query_key) DO UPDATE SET broken_reason = NULL, broken_at = NULL,
         post_style = excluded.post_style, mention_id = excluded.mention_id, mention_label = excluded.mention_label
       RETURNING *, (xmax = 0) AS created`,
      [
        channel.platform,
        channel.channelId,
        tidy,
        key,
        settings.postStyle,
        settings.mention?.id ?? null,
        settings.mention?.label ?? null,
      ],
    );
    if (!row) throw new Error('subscription insert returned nothing');
    return { subscription: toSubscription(row), created: row.created };
  }

  async unsubscribe(channel: ChannelRef, ids?: readonly number[]): Promise<StoredSubscription[]> {
    const rows = await this.sql.query<SubscriptionRow>(
      `DELETE FROM subscriptions WHERE platform = $1 AND channel_id = $2 AND ($3::integer[] IS NULL OR id = ANY($3::integer[])) RETURNING *`,
      [channel.platform, channel.channelId, ids ? [...ids] : null],
    );
    return rows.sort((a, b) => a.id - b.id).map(toSubscription);
  }

  async listSubscriptions(channel: ChannelRef): Promise<StoredSubscription[]> {
    const rows = await this.sql.query<SubscriptionRow>(
      'SELECT * FROM subscriptions WHERE platform = $1 AND channel_id = $2 ORDER BY id',
      [channel.platform, channel.channelId],
    );
    return rows.map(toSubscription);
  }

  async activeSubscriptions(): Promise<StoredSubscription[]> {
    return (
      await this.sql.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE broken_reason IS NULL ORDER BY id')
    ).map(toSubscription);
  }

  async markChannelBroken(channel: ChannelRef, reason: string): Promise<StoredSubscription[]> {
    await this.sql.query(
      'UPDATE subscriptions SET broken_reason = $1, broken_at = now() WHERE platform = $2 AND channel_id = $3 AND broken_reason IS NULL',
      [reason, channel.platform, channel.channelId],
    );
    return this.listSubscriptions(channel);
  }
}
