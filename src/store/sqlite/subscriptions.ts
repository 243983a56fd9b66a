import type Database from 'better-sqlite3';
import type { ChannelRef } from '../channels.ts';
import {
  normaliseSubscriptionQuery,
  toSubscription,
  type StoredSubscription,
  type SubscribeOutcome,
  type SubscriptionRow,
  type SubscriptionSettings,
  type SubscriptionStore,
} from '../subscriptions.ts';

export class SqliteSubscriptions implements SubscriptionStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  async subscribe(
    channel: ChannelRef,
    query: string,
    settings: SubscriptionSettings = { postStyle: 'message' },
  ): Promise<SubscribeOutcome> {
    const tidy = normaliseSubscriptionQuery(query);
    const key = tidy.toLowerCase();
    const mention = [settings.mention?.id ?? null, settings.mention?.label ?? null] as const;
    return this.db.transaction((): SubscribeOutcome => {
      const inserted = this.db
        .prepare(
          'INSERT INTO subscriptions (platform, channel_id, query, query_key, created_at, post_style, mention_id, mention_label) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(channel.platform, channel.channelId, tidy, key, this.now().toISOString(), settings.postStyle, ...mention);
      if (!inserted.changes) {
        // Subscribing again is how a channel that was fixed (access granted back) resumes,
        // and how it changes the way the subscription posts.
        this.db
          .prepare(
            'UPDATE subscriptions SET broken_reason = NULL, broken_at = NULL, post_style = ?, mention_id = ?, mention_label = ? WHERE platform = ? AND channel_id = ? AND query_key = ?',
          )
          .run(settings.postStyle, ...mention, channel.platform, channel.channelId, key);
      }
      const row = this.db
        .prepare<[string, string, string], SubscriptionRow>(
          'SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ? AND query_key = ?',
        )
        .get(channel.platform, channel.channelId, key);
      if (!row) throw new Error('subscription vanished while it was being written');
      return { subscription: toSubscription(row), created: inserted.changes > 0 };
    })();
  }

  async unsubscribe(channel: ChannelRef, ids?: readonly number[]): Promise<StoredSubscription[]> {
    return this.db.transaction((): StoredSubscription[] => {
      const rows = this.channelRows(channel).filter((row) => !ids || ids.includes(row.id));
      const remove = this.db.prepare('DELETE FROM subscriptions WHERE id = ?');
      for (const row of rows) remove.run(row.id);
      return rows.map(toSubscription);
    })();
  }

  async listSubscriptions(channel: ChannelRef): Promise<StoredSubscription[]> {
    return this.channelRows(channel).map(toSubscription);
  }

  async activeSubscriptions(): Promise<StoredSubscription[]> {
    return this.db
      .prepare<[], SubscriptionRow>('SELECT * FROM subscriptions WHERE broken_reason IS NULL ORDER BY id')
      .all()
      .map(toSubscription);
  }

  async markChannelBroken(channel: ChannelRef, reason: string): Promise<StoredSubscription[]> {
    return this.db.transaction((): StoredSubscription[] => {
      this.db
        .prepare(
          'UPDATE subscriptions SET broken_reason = ?, broken_at = ? WHERE platform = ? AND channel_id = ? AND broken_reason IS NULL',
        )
        .run(reason, this.now().toISOString(), channel.platform, channel.channelId);
      return this.channelRows(channel).map(toSubscription);
    })();
  }

  private channelRows(channel: ChannelRef): SubscriptionRow[] {
    return this.db
      .prepare<[string, string], SubscriptionRow>(
        'SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ? ORDER BY id',
      )
      .all(channel.platform, channel.channelId);
  }
}
