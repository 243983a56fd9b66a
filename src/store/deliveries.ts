import type { Reply } from '../reply.ts';
import { isoTime, type ChannelRef, type PlatformName } from './channels.ts';
import { readStoredPosting, readStoredReply, type DeliveryPosting } from './delivery-payload.ts';
import type { SubscriptionStore } from './subscriptions.ts';

export type { DeliveryPosting };

/** Which delivery and to whom: enough to claim it. */
export interface DeliveryRef extends ChannelRef {
  readonly id: number;
}

/** One message to one channel, decided but not yet confirmed sent. */
export interface NewDelivery extends ChannelRef {
  readonly entryKeys: readonly string[];
  readonly reply: Reply;
  readonly posting?: DeliveryPosting;
}

interface QueuedDelivery extends ChannelRef {
  readonly id: number;
  readonly entryKeys: readonly string[];
  readonly posting?: DeliveryPosting;
  /** Attempts so far that failed, of any kind. */
  readonly attempts: number;
  /** Of those, the ones the platform refused for good (unknown channel, missing access). */
  readonly permanentFailures: number;
  readonly lastError?: string;
  readonly createdAt: string;
}

/**
 * A queued delivery as read back: its Reply, or (`unreadable`) why what was stored cannot be
 * sent, so the sender gives it up rather than crash on it.
 */
export type PendingDelivery = QueuedDelivery &
  (
    | { readonly reply: Reply; readonly unreadable?: undefined }
    | { readonly reply?: undefined; readonly unreadable: string }
  );

export type DeliveryStatus = 'pending' | 'done' | 'failed' | 'cancelled';

export type DeliveryRecord = PendingDelivery & {
  readonly status: DeliveryStatus;
  readonly finishedAt?: string;
};

export interface FailedAttempt {
  readonly reason: string;
  readonly permanent: boolean;
  /** No process sends the delivery again before this wait has passed. */
  readonly retryInMs?: number;
}

/** The writes one send attempt makes; during a claim they belong to the claim's transaction. */
export type DeliveryBookkeeping = Pick<SubscriptionStore, 'listSubscriptions' | 'markChannelBroken'> &
  Pick<DeliveryStore, 'recordFailedAttempt' | 'finishDelivery' | 'cancelChannelDeliveries'>;

/**
 * What became of a claim. `busy`: another process is sending it right now; `gone`: it is no
 * longer pending (sent, given up or cancelled, here or elsewhere); `waiting`: it failed lately
 * and is not to be retried for `retryInMs` yet.
 */
export type ClaimOutcome<T> =
  | { readonly kind: 'claimed'; readonly value: T }
  | { readonly kind: 'busy' }
  | { readonly kind: 'gone' }
  | { readonly kind: 'waiting'; readonly retryInMs: number };

/** The queue of messages decided for channels, and what became of each send. */
export interface DeliveryStore {
  /** True when other processes may use the same store (they send deliveries too). */
  readonly shared: boolean;
  /** Deliveries not yet sent, oldest first: what a restart after a crash sends. */
  pendingDeliveries(): Promise<PendingDelivery[]>;
  /** The oldest pending delivery of each channel (of the one channel, when given): where its sending resumes. */
  pendingHeads(channel?: ChannelRef): Promise<DeliveryRef[]>;
  /**
   * Holds the pending delivery while `work` sends it and writes the outcome through the
   * bookkeeping it is given, so that no other process sends it meanwhile; a process that dies
   * mid-send lets go of it at once, and the next claim sends it again.
   */
  claimDelivery<T>(
    id: number,
    work: (delivery: PendingDelivery, bookkeeping: DeliveryBookkeeping) => Promise<T>,
  ): Promise<ClaimOutcome<T>>;
  recordFailedAttempt(id: number, failure: FailedAttempt): Promise<void>;
  finishDelivery(id: number, status: Exclude<DeliveryStatus, 'pending'>, reason?: string): Promise<void>;
  /** Gives up every pending delivery of a channel (it no longer exists or admits the bot). */
  cancelChannelDeliveries(channel: ChannelRef, reason: string): Promise<number>;
  delivery(id: number): Promise<DeliveryRecord | undefined>;
  /** Forgets finished deliveries older than `before` (pending ones are never dropped); returns how many. */
  pruneFinishedDeliveries(before: Date): Promise<number>;
  /** The queue as an operator sees it, for one channel or (no channel) all of them. */
  deliveryReport(channel?: ChannelRef): Promise<DeliveryReport>;
  /** The channel's last `limit` deliveries sent, newest first: what /paper status says each subscription last announced. */
  recentDeliveries(channel: ChannelRef, limit: number): Promise<SentDelivery[]>;
}

/**
 * A row of `deliveries` as either database returns it. The JSON columns are text on SQLite
 * and jsonb (parsed already) on PostgreSQL; `readJson` of the mapper below tells them apart.
 */
export interface DeliveryRow {
  id: number;
  platform: string;
  channel_id: string;
  entry_keys: unknown;
  reply: unknown;
  posting: unknown;
  status: string;
  attempts: number;
  permanent_failures: number;
  last_error: string | null;
  created_at: string | Date;
  finished_at: string | Date | null;
}

/** Turns a JSON column's value into the value it holds. */
export type JsonColumn = (value: unknown) => unknown;

export function toDelivery(row: DeliveryRow, readJson: JsonColumn): PendingDelivery {
  const queued: QueuedDelivery = {
    id: row.id,
    platform: row.platform as PlatformName,
    channelId: row.channel_id,
    entryKeys: readEntryKeys(row.entry_keys, readJson),
    attempts: row.attempts,
    permanentFailures: row.permanent_failures,
    lastError: row.last_error ?? undefined,
    createdAt: isoTime(row.created_at),
  };
  const read = readJsonSafely(row.reply, readJson);
  const payload = read.ok
    ? readStoredReply(read.value)
    : { ok: false as const, reason: `the stored message is not JSON: ${read.reason}` };
  const posting = row.posting === null ? undefined : readJsonSafely(row.posting, readJson);
  const readPosting = posting?.ok ? readStoredPosting(posting.value) : undefined;
  if (posting && !readPosting)
    return { ...queued, unreadable: 'the stored posting (thread, mention) is not one paperbot can use' };
  const withPosting = readPosting ? { ...queued, posting: readPosting } : queued;
  return payload.ok ? { ...withPosting, reply: payload.reply } : { ...withPosting, unreadable: payload.reason };
}

export function toDeliveryRecord(row: DeliveryRow, readJson: JsonColumn): DeliveryRecord {
  return {
    ...toDelivery(row, readJson),
    status: row.status as DeliveryStatus,
    finishedAt: row.finished_at === null ? undefined : isoTime(row.finished_at),
  };
}

function readJsonSafely(
  value: unknown,
  readJson: JsonColumn,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: readJson(value) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function readEntryKeys(value: unknown, readJson: JsonColumn): string[] {
  const read = readJsonSafely(value, readJson);
  // The keys only label the delivery in logs and tests; a row without readable ones is still sent.
  return read.ok && Array.isArray(read.value) ? read.value.filter((key): key is string => typeof key === 'string') : [];
}

/** What an operator asks of the queue: how far behind it is, what last went wrong, what last went out. */
export interface DeliveryReport {
  readonly pending: number;
  readonly oldestPendingAt?: string;
  /** The error of the latest delivery still pending or given up that has one. */
  readonly lastError?: string;
  readonly lastDelivered?: { readonly entryKeys: readonly string[]; readonly at: string };
}

export interface SentDelivery {
  readonly entryKeys: readonly string[];
  readonly at: string;
}

export function toSentDelivery(
  row: { entry_keys: unknown; finished_at: string | Date },
  readJson: JsonColumn,
): SentDelivery {
  return { entryKeys: readEntryKeys(row.entry_keys, readJson), at: isoTime(row.finished_at) };
}

/** The rows the report's queries return, on either database. */
export interface DeliveryReportRows {
  readonly backlog: { pending: number | string; oldest: string | Date | null } | undefined;
  readonly error: { last_error: string } | undefined;
  readonly delivered: { entry_keys: unknown; finished_at: string | Date } | undefined;
}

export function toDeliveryReport(rows: DeliveryReportRows, readJson: JsonColumn): DeliveryReport {
  const { backlog, error, delivered } = rows;
  return {
    pending: Number(backlog?.pending ?? 0),
    ...(backlog?.oldest ? { oldestPendingAt: isoTime(backlog.oldest) } : {}),
    ...(error ? { lastError: error.last_error } : {}),
    ...(delivered
      ? {
          lastDelivered: {
            entryKeys: readEntryKeys(delivered.entry_keys, readJson),
            at: isoTime(delivered.finished_at),
          },
        }
      : {}),
  };
}

/** The report's three queries in PostgreSQL's terms, with `$1`/`$2` as the channel (both null: every channel). */
export const DELIVERY_REPORT_SQL = {
  backlog: `SELECT count(*) AS pending, min(created_at) AS oldest FROM deliveries WHERE status = 'pending' AND ($1::text IS NULL OR (platform = $1 AND channel_id = $2))`,
  error: `SELECT last_error FROM deliveries WHERE last_error IS NOT NULL AND status IN ('pending', 'failed') AND ($1::text IS NULL OR (platform = $1 AND channel_id = $2)) ORDER BY id DESC LIMIT 1`,
  delivered: `SELECT entry_keys, finished_at FROM deliveries WHERE status = 'done' AND ($1::text IS NULL OR (platform = $1 AND channel_id = $2)) ORDER BY finished_at DESC, id DESC LIMIT 1`,
  recent: `SELECT entry_keys, finished_at FROM deliveries WHERE status = 'done' AND platform = $1 AND channel_id = $2 ORDER BY finished_at DESC, id DESC LIMIT $3`,
} as const;
