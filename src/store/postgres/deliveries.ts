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
import type { Sql } from '../postgres-database.ts';
import { PostgresSubscriptions } from './subscriptions.ts';

/** jsonb comes back parsed. */
const readJson = (value: unknown): unknown => value;

/** Queues deliveries; called inside the caller's transaction (the seen entries' commit). */
export async function queueDeliveries(sql: Sql, planned: readonly NewDelivery[]): Promise<PendingDelivery[]> {
  if (!planned.length) return [];
  const rows = await sql.query<DeliveryRow>(
    `INSERT INTO deliveries (platform, channel_id, entry_keys, reply, posting)
     SELECT platform, channel_id, entry_keys::jsonb, reply::jsonb, posting::jsonb
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS d (platform, channel_id, entry_keys, reply, posting)
     RETURNING *`,
    [
      planned.map((delivery) => delivery.platform),
      planned.map((delivery) => delivery.channelId),
      planned.map((delivery) => JSON.stringify(delivery.entryKeys)),
      planned.map((delivery) => JSON.stringify(storedReply(delivery.reply))),
      planned.map((delivery) => (delivery.posting ? JSON.stringify(delivery.posting) : null)),
    ],
  );
  return rows.sort((a, b) => a.id - b.id).map((row) => toDelivery(row, readJson));
}

/**
 * Deliveries on a database several processes share: one is sent by the one process whose
 * `FOR UPDATE SKIP LOCKED` holds its row for the length of the send.
 */
export class PostgresDeliveries implements DeliveryStore {
  readonly shared = true;

  constructor(private readonly sql: Sql) {}

  async pendingDeliveries(): Promise<PendingDelivery[]> {
    return (await this.sql.query<DeliveryRow>("SELECT * FROM deliveries WHERE status = 'pending' ORDER BY id")).map(
      (row) => toDelivery(row, readJson),
    );
  }

  async pendingHeads(channel?: ChannelRef): Promise<DeliveryRef[]> {
    const rows = await this.sql.query<{ id: number; platform: string; channel_id: string }>(
      `SELECT min(id) AS id, platform, channel_id FROM deliveries WHERE status = 'pending' AND ($1::text IS NULL OR (platform = $1 AND channel_id = $2))
       GROUP BY platform, channel_id ORDER BY 1`,
      [channel?.platform ?? null, channel?.channelId ?? null],
    );
    return rows.map((row) => ({ id: row.id, platform: row.platform as PlatformName, channelId: row.channel_id }));
  }

  async claimDelivery<T>(
    id: number,
    work: (delivery: PendingDelivery, bookkeeping: DeliveryBookkeeping) => Promise<T>,
  ): Promise<ClaimOutcome<T>> {
    return this.sql.transaction(async (sql): Promise<ClaimOutcome<T>> => {
      // The row stays locked until this transaction ends: with the send's outcome written, or
      // at once when this process dies and its connection closes.
      const [row] = await sql.query<DeliveryRow & { retry_in_ms: number }>(
        `SELECT *, GREATEST(0, EXTRACT(EPOCH FROM (retry_at - now())) * 1000)::float8 AS retry_in_ms
         FROM deliveries WHERE id = $1 AND status = 'pending' FOR UPDATE SKIP LOCKED`,
        [id],
      );
      if (!row) {
        const [current] = await sql.query<{ status: string }>('SELECT status FROM deliveries WHERE id = $1', [id]);
        return current?.status === 'pending' ? { kind: 'busy' } : { kind: 'gone' };
      }
      if (row.retry_in_ms > 0) return { kind: 'waiting', retryInMs: Math.ceil(row.retry_in_ms) };
      const deliveries = new PostgresDeliveries(sql);
      const subscriptions = new PostgresSubscriptions(sql);
      const bookkeeping: DeliveryBookkeeping = {
        listSubscriptions: (channel) => subscriptions.listSubscriptions(channel),
        markChannelBroken: (channel, reason) => subscriptions.markChannelBroken(channel, reason),
        recordFailedAttempt: (failed, failure) => deliveries.recordFailedAttempt(failed, failure),
        finishDelivery: (finished, status, reason) => deliveries.finishDelivery(finished, status, reason),
        cancelChannelDeliveries: (gone, reason) => deliveries.cancelChannelDeliveries(gone, reason),
      };
      return { kind: 'claimed', value: await work(toDelivery(row, readJson), bookkeeping) };
    });
  }

  async recordFailedAttempt(id: number, failure: FailedAttempt): Promise<void> {
    await this.sql.query(
      `UPDATE deliveries SET attempts = attempts + 1, permanent_failures = permanent_failures + $1, last_error = $2,
       retry_at = now() + make_interval(secs => $3::float8 / 1000) WHERE id = $4`,
      [failure.permanent ? 1 : 0, failure.reason.slice(0, 500), failure.retryInMs ?? 0, id],
    );
  }

  async finishDelivery(id: number, status: Exclude<DeliveryStatus, 'pending'>, reason?: string): Promise<void> {
    await this.sql.query(
      "UPDATE deliveries SET status = $1, finished_at = now(), last_error = COALESCE($2, last_error) WHERE id = $3 AND status = 'pending'",
      [status, reason?.slice(0, 500) ?? null, id],
    );
  }

  async cancelChannelDeliveries(channel: ChannelRef, reason: string): Promise<number> {
    const rows = await this.sql.query(
      "UPDATE deliveries SET status = 'cancelled', finished_at = now(), last_error = $1 WHERE platform = $2 AND channel_id = $3 AND status = 'pending' RETURNING id",
      [reason.slice(0, 500), channel.platform, channel.channelId],
    );
    return rows.length;
  }

  async delivery(id: number): Promise<DeliveryRecord | undefined> {
    const [row] = await this.sql.query<DeliveryRow>('SELECT * FROM deliveries WHERE id = $1', [id]);
    return row ? toDeliveryRecord(row, readJson) : undefined;
  }

  async pruneFinishedDeliveries(before: Date): Promise<number> {
    return (
      await this.sql.query("DELETE FROM deliveries WHERE status <> 'pending' AND finished_at < $1 RETURNING id", [
        before,
      ])
    ).length;
  }

  async deliveryReport(channel?: ChannelRef): Promise<DeliveryReport> {
    const params = [channel?.platform ?? null, channel?.channelId ?? null];
    const [backlog, error, delivered] = await Promise.all([
      this.sql.query<{ pending: string; oldest: Date | null }>(DELIVERY_REPORT_SQL.backlog, params),
      this.sql.query<{ last_error: string }>(DELIVERY_REPORT_SQL.error, params),
      this.sql.query<{ entry_keys: unknown; finished_at: Date }>(DELIVERY_REPORT_SQL.delivered, params),
    ]);
    return toDeliveryReport({ backlog: backlog[0], error: error[0], delivered: delivered[0] }, readJson);
  }

  async recentDeliveries(channel: ChannelRef, limit: number): Promise<SentDelivery[]> {
    const rows = await this.sql.query<{ entry_keys: unknown; finished_at: Date }>(DELIVERY_REPORT_SQL.recent, [
      channel.platform,
      channel.channelId,
      limit,
    ]);
    return rows.map((row) => toSentDelivery(row, readJson));
  }
}
