import type Database from 'better-sqlite3';
import type { ChannelRef, PlatformName } from '../channels.ts';
import {
  toDelivery,
  toDeliveryRecord,
  type ClaimOutcome,
  type DeliveryBookkeeping,
  type DeliveryRecord,
  type DeliveryReport,
  DELIVERY_REPORT_SQL,
  toDeliveryReport,
  toSentDelivery,
  type SentDelivery,
  type DeliveryRef,
  type DeliveryRow,
  type DeliveryStatus,
  type DeliveryStore,
  type FailedAttempt,
  type NewDelivery,
  type PendingDelivery,
} from '../deliveries.ts';
import { storedReply } from '../delivery-payload.ts';
import type { SubscriptionStore } from '../subscriptions.ts';

/** SQLite keeps the JSON columns as text. */
const readJson = (value: unknown): unknown => JSON.parse(String(value));

/** Queues deliveries on `db`; called inside the caller's transaction (the seen entries' commit). */
export function queueDeliveries(
  db: Database.Database,
  planned: readonly NewDelivery[],
  now: () => Date,
): PendingDelivery[] {
  const insert = db.prepare<[string, string, string, string, string, string | null], DeliveryRow>(
    'INSERT INTO deliveries (platform, channel_id, entry_keys, reply, created_at, posting) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
  );
  return planned.map((delivery) => {
    const posting = delivery.posting ? JSON.stringify(delivery.posting) : null;
    const row = insert.get(
      delivery.platform,
      delivery.channelId,
      JSON.stringify(delivery.entryKeys),
      JSON.stringify(storedReply(delivery.reply)),
      now().toISOString(),
      posting,
    );
    if (!row) throw new Error('delivery insert returned nothing');
    return toDelivery(row, readJson);
  });
}

/** One process owns the file; deliveries it is sending are held in memory. */
export class SqliteDeliveries implements DeliveryStore {
  readonly shared = false;
  private readonly claimed = new Set<number>();

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
    private readonly subscriptions: Pick<SubscriptionStore, 'listSubscriptions' | 'markChannelBroken'>,
  ) {}

  async pendingDeliveries(): Promise<PendingDelivery[]> {
    return this.db
      .prepare<[], DeliveryRow>("SELECT * FROM deliveries WHERE status = 'pending' ORDER BY id")
      .all()
      .map((row) => toDelivery(row, readJson));
  }

  async pendingHeads(channel?: ChannelRef): Promise<DeliveryRef[]> {
    const rows = this.db
      .prepare<
        [{ platform: string | null; channel: string | null }],
        { id: number; platform: string; channel_id: string }
      >(
        `SELECT min(id) AS id, platform, channel_id FROM deliveries WHERE status = 'pending' AND (@platform IS NULL OR (platform = @platform AND channel_id = @channel))
         GROUP BY platform, channel_id ORDER BY id`,
      )
      .all({ platform: channel?.platform ?? null, channel: channel?.channelId ?? null });
    return rows.map((row) => ({ id: row.id, platform: row.platform as PlatformName, channelId: row.channel_id }));
  }

  async claimDelivery<T>(
    id: number,
    work: (delivery: PendingDelivery, bookkeeping: DeliveryBookkeeping) => Promise<T>,
  ): Promise<ClaimOutcome<T>> {
    if (this.claimed.has(id)) return { kind: 'busy' };
    const row = this.db
      .prepare<[number], DeliveryRow & { retry_at: string | null }>(
        "SELECT * FROM deliveries WHERE id = ? AND status = 'pending'",
      )
      .get(id);
    if (!row) return { kind: 'gone' };
    const retryInMs = row.retry_at ? Date.parse(row.retry_at) - this.now().getTime() : 0;
    if (retryInMs > 0) return { kind: 'waiting', retryInMs };
    this.claimed.add(id);
    try {
      const bookkeeping: DeliveryBookkeeping = {
        listSubscriptions: (channel) => this.subscriptions.listSubscriptions(channel),
        markChannelBroken: (channel, reason) => this.subscriptions.markChannelBroken(channel, reason),
        recordFailedAttempt: (failed, failure) => this.recordFailedAttempt(failed, failure),
        finishDelivery: (finished, status, reason) => this.finishDelivery(finished, status, reason),
        cancelChannelDeliveries: (gone, reason) => this.cancelChannelDeliveries(gone, reason),
      };
      return { kind: 'claimed', value: await work(toDelivery(row, readJson), bookkeeping) };
    } finally {
      this.claimed.delete(id);
    }
  }

  async recordFailedAttempt(id: number, failure: FailedAttempt): Promise<void> {
    const retryAt = failure.retryInMs ? new Date(this.now().getTime() + failure.retryInMs).toISOString() : null;
    this.db
      .prepare(
        'UPDATE deliveries SET attempts = attempts + 1, permanent_failures = permanent_failures + ?, last_error = ?, retry_at = ? WHERE id = ?',
      )
      .run(failure.permanent ? 1 : 0, failure.reason.slice(0, 500), retryAt, id);
  }

  async finishDelivery(id: number, status: Exclude<DeliveryStatus, 'pending'>, reason?: string): Promise<void> {
    this.db
      .prepare(
        "UPDATE deliveries SET status = ?, finished_at = ?, last_error = COALESCE(?, last_error) WHERE id = ? AND status = 'pending'",
      )
      .run(status, this.now().toISOString(), reason?.slice(0, 500) ?? null, id);
  }

  async cancelChannelDeliveries(channel: ChannelRef, reason: string): Promise<number> {
    return this.db
      .prepare(
        "UPDATE deliveries SET status = 'cancelled', finished_at = ?, last_error = ? WHERE platform = ? AND channel_id = ? AND status = 'pending'",
      )
      .run(this.now().toISOString(), reason.slice(0, 500), channel.platform, channel.channelId).changes;
  }

  async delivery(id: number): Promise<DeliveryRecord | undefined> {
    const row = this.db.prepare<[number], DeliveryRow>('SELECT * FROM deliveries WHERE id = ?').get(id);
    return row ? toDeliveryRecord(row, readJson) : undefined;
  }

  async pruneFinishedDeliveries(before: Date): Promise<number> {
    return this.db
      .prepare("DELETE FROM deliveries WHERE status <> 'pending' AND finished_at < ?")
      .run(before.toISOString()).changes;
  }

  async deliveryReport(channel?: ChannelRef): Promise<DeliveryReport> {
    const params = { platform: channel?.platform ?? null, channel: channel?.channelId ?? null };
    const query = <T>(sql: string): T | undefined => this.db.prepare<typeof params, T>(sqliteTerms(sql)).get(params);
    return toDeliveryReport(
      {
        backlog: query(DELIVERY_REPORT_SQL.backlog),
        error: query(DELIVERY_REPORT_SQL.error),
        delivered: query(DELIVERY_REPORT_SQL.delivered),
      },
      readJson,
    );
  }

  async recentDeliveries(channel: ChannelRef, limit: number): Promise<SentDelivery[]> {
    return this.db
      .prepare<{ platform: string; channel: string; limit: number }, { entry_keys: unknown; finished_at: string }>(
        sqliteTerms(DELIVERY_REPORT_SQL.recent),
      )
      .all({ platform: channel.platform, channel: channel.channelId, limit })
      .map((row) => toSentDelivery(row, readJson));
  }
}

/** The shared queries' PostgreSQL placeholders as SQLite's named ones. */
function sqliteTerms(sql: string): string {
  return sql
    .replaceAll('$1::text', ':platform')
    .replaceAll('$1', ':platform')
    .replaceAll('$2', ':channel')
    .replaceAll('$3', ':limit');
}
