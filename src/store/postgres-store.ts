import type { Reply } from '../reply.ts';
import type { Logger } from '../logger.ts';
import { Database, type Sql } from './postgres-database.ts';
import { migratePostgres } from './postgres-migrations.ts';
import {
  normaliseSubscriptionQuery,
  PRUNE_TAKEN_REQUESTS_EVERY_MS,
  type ChannelRef,
  type ClaimOutcome,
  type DeliveryBookkeeping,
  type DeliveryPlanner,
  type DeliveryPosting,
  type DiscussionThread,
  type DeliveryRef,
  type DeliveryRecord,
  type DeliveryStatus,
  type FailedAttempt,
  type NewEntriesCommit,
  type PendingDelivery,
  type PlatformName,
  type PostStyle,
  type Store,
  type StoredSubscription,
  type SubscribeOutcome,
  type SubscriptionSettings,
} from './store.ts';

const BASELINE_META = 'ledger.baseline';

interface SubscriptionRow {
  id: number;
  platform: string;
  channel_id: string;
  query: string;
  created_at: Date;
  broken_reason: string | null;
  post_style: string;
  mention_id: string | null;
  mention_label: string | null;
}

interface ThreadRow {
  platform: string;
  channel_id: string;
  entry_key: string;
  thread_id: string;
  created_at: Date;
}

interface DeliveryRow {
  id: number;
  platform: string;
  channel_id: string;
  entry_keys: string[];
  reply: Reply;
  status: string;
  attempts: number;
  permanent_failures: number;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
  posting: DeliveryPosting | null;
}

/**
 * The Store on a PostgreSQL database that several paperbot processes share. What must
 * happen once across them is decided by the database: a key is new for the one transaction
 * whose insert into the ledger wins, and a delivery is sent by the one process whose
 * `FOR UPDATE SKIP LOCKED` holds its row for the length of the send.
 */
export class PostgresStore implements Store {
  readonly shared = true;
  private pruneTakenAfter = 0;

  private constructor(
    private readonly sql: Sql,
    private readonly owned?: Database,
  ) {}

  /** Connects to `url` and brings the schema up to date. */
  static async open(url: string, options: { readonly logger?: Logger; readonly maxConnections?: number } = {}): Promise<PostgresStore> {
    const database = await Database.connect(url, options);
    try {
      await migratePostgres(database);
    } catch (error) {
      await database.close();
      throw error;
    }
    return new PostgresStore(database, database);
  }

  async subscribe(channel: ChannelRef, query: string, settings: SubscriptionSettings = { postStyle: 'message' }): Promise<SubscribeOutcome> {
    const tidy = normaliseSubscriptionQuery(query);
    const key = tidy.toLowerCase();
    // One statement: a retried request racing the first one still finds a single row. Subscribing
    // again revives a broken subscription and takes the new settings.
    const [row] = await this.sql.query<SubscriptionRow & { created: boolean }>(
      `INSERT INTO subscriptions (platform, channel_id, query, query_key, post_style, mention_id, mention_label) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (platform, channel_id, query_key) DO UPDATE SET broken_reason = NULL, broken_at = NULL,
         post_style = excluded.post_style, mention_id = excluded.mention_id, mention_label = excluded.mention_label
       RETURNING *, (xmax = 0) AS created`,
      [channel.platform, channel.channelId, tidy, key, settings.postStyle, settings.mention?.id ?? null, settings.mention?.label ?? null],
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
    const rows = await this.sql.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE platform = $1 AND channel_id = $2 ORDER BY id', [channel.platform, channel.channelId]);
    return rows.map(toSubscription);
  }

  async activeSubscriptions(): Promise<StoredSubscription[]> {
    return (await this.sql.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE broken_reason IS NULL ORDER BY id')).map(toSubscription);
  }

  async markChannelBroken(channel: ChannelRef, reason: string): Promise<StoredSubscription[]> {
    await this.sql.query('UPDATE subscriptions SET broken_reason = $1, broken_at = now() WHERE platform = $2 AND channel_id = $3 AND broken_reason IS NULL', [
      reason,
      channel.platform,
      channel.channelId,
    ]);
    return this.listSubscriptions(channel);
  }

  async hasBaseline(): Promise<boolean> {
    return (await this.getMeta(BASELINE_META)) !== undefined;
  }

  async recordBaseline(keys: Iterable<string>): Promise<boolean> {
    return this.sql.transaction(async (sql) => {
      // A second process inserting the same row waits for this transaction, then finds the conflict.
      const taken = await sql.query('INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING name', [BASELINE_META, new Date().toISOString()]);
      if (!taken.length) return false;
      await insertSeen(sql, [...new Set(keys)]);
      return true;
    });
  }

  async unseenKeys(keys: readonly string[]): Promise<string[]> {
    const distinct = [...new Set(keys)];
    const seen = await this.sql.query<{ entry_key: string }>('SELECT entry_key FROM seen_entries WHERE entry_key = ANY($1::text[])', [distinct]);
    const known = new Set(seen.map((row) => row.entry_key));
    return distinct.filter((key) => !known.has(key));
  }

  async commitNewEntries(keys: readonly string[], plan: DeliveryPlanner): Promise<NewEntriesCommit> {
    return this.sql.transaction(async (sql) => {
      const distinct = [...new Set(keys)];
      // The keys this insert added are new for this transaction alone: a process committing the
      // same key at the same moment waits on it, then finds it seen.
      const inserted = new Set(await insertSeen(sql, distinct));
      const newKeys = distinct.filter((key) => inserted.has(key));
      if (!newKeys.length) return { newKeys, deliveries: [] };
      const planned = plan(newKeys);
      if (!planned.length) return { newKeys, deliveries: [] };
      const rows = await sql.query<DeliveryRow>(
        `INSERT INTO deliveries (platform, channel_id, entry_keys, reply, posting)
         SELECT platform, channel_id, entry_keys::jsonb, reply::jsonb, posting::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS d (platform, channel_id, entry_keys, reply, posting)
         RETURNING *`,
        [
          planned.map((delivery) => delivery.platform),
          planned.map((delivery) => delivery.channelId),
          planned.map((delivery) => JSON.stringify(delivery.entryKeys)),
          planned.map((delivery) => JSON.stringify(delivery.reply)),
          planned.map((delivery) => (delivery.posting ? JSON.stringify(delivery.posting) : null)),
        ],
      );
      return { newKeys, deliveries: rows.sort((a, b) => a.id - b.id).map(toDelivery) };
    });
  }

  async pendingDeliveries(): Promise<PendingDelivery[]> {
    return (await this.sql.query<DeliveryRow>("SELECT * FROM deliveries WHERE status = 'pending' ORDER BY id")).map(toDelivery);
  }

  async pendingHeads(channel?: ChannelRef): Promise<DeliveryRef[]> {
    const rows = await this.sql.query<{ id: number; platform: string; channel_id: string }>(
      `SELECT min(id) AS id, platform, channel_id FROM deliveries WHERE status = 'pending' AND ($1::text IS NULL OR (platform = $1 AND channel_id = $2))
       GROUP BY platform, channel_id ORDER BY 1`,
      [channel?.platform ?? null, channel?.channelId ?? null],
    );
    return rows.map((row) => ({ id: row.id, platform: row.platform as PlatformName, channelId: row.channel_id }));
  }

  async claimDelivery<T>(id: number, work: (delivery: PendingDelivery, bookkeeping: DeliveryBookkeeping) => Promise<T>): Promise<ClaimOutcome<T>> {
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
      return { kind: 'claimed', value: await work(toDelivery(row), new PostgresStore(sql)) };
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
    return row ? { ...toDelivery(row), status: row.status as DeliveryStatus, finishedAt: row.finished_at?.toISOString() } : undefined;
  }

  async pruneFinishedDeliveries(before: Date): Promise<number> {
    return (await this.sql.query("DELETE FROM deliveries WHERE status <> 'pending' AND finished_at < $1 RETURNING id", [before])).length;
  }

  async discussionThread(channel: ChannelRef, entryKey: string): Promise<DiscussionThread | undefined> {
    const [row] = await this.sql.query<ThreadRow>('SELECT * FROM discussion_threads WHERE platform = $1 AND channel_id = $2 AND entry_key = $3', [
      channel.platform,
      channel.channelId,
      entryKey,
    ]);
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
    await this.sql.query('DELETE FROM discussion_threads WHERE platform = $1 AND channel_id = $2 AND entry_key = $3 AND thread_id = $4', [
      channel.platform,
      channel.channelId,
      entryKey,
      threadId,
    ]);
  }

  async takeRequestOnce(key: string, expiresAt: Date): Promise<boolean> {
    if (Date.now() >= this.pruneTakenAfter) await this.pruneTakenRequests();
    // Two replicas inserting the same key at once: the second waits for the first's row, then
    // finds it live and returns nothing. An expired record is taken over by the one that updates it.
    const taken = await this.sql.query(
      'INSERT INTO taken_requests (request_key, expires_at) VALUES ($1, $2) ON CONFLICT (request_key) DO UPDATE SET expires_at = excluded.expires_at WHERE taken_requests.expires_at <= now() RETURNING request_key',
      [key, expiresAt],
    );
    return taken.length > 0;
  }

  async pruneTakenRequests(): Promise<number> {
    this.pruneTakenAfter = Date.now() + PRUNE_TAKEN_REQUESTS_EVERY_MS;
    return (await this.sql.query('DELETE FROM taken_requests WHERE expires_at <= now() RETURNING request_key')).length;
  }

  async getMeta(name: string): Promise<string | undefined> {
    const [row] = await this.sql.query<{ value: string }>('SELECT value FROM meta WHERE name = $1', [name]);
    return row?.value;
  }

  async setMeta(name: string, value: string): Promise<void> {
    await this.sql.query('INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [name, value]);
  }

  async close(): Promise<void> {
    await this.owned?.close();
  }
}

/**
 * Marks keys seen and returns those this call added. Sorted, so that two transactions inserting
 * overlapping keys take their locks in one order and never deadlock.
 */
async function insertSeen(sql: Sql, keys: readonly string[]): Promise<string[]> {
  if (!keys.length) return [];
  const sorted = [...keys].sort();
  const rows = await sql.query<{ entry_key: string }>(
    'INSERT INTO seen_entries (entry_key) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING entry_key',
    [sorted],
  );
  return rows.map((row) => row.entry_key);
}

function toSubscription(row: SubscriptionRow): StoredSubscription {
  return {
    id: row.id,
    platform: row.platform as PlatformName,
    channelId: row.channel_id,
    query: row.query,
    createdAt: row.created_at.toISOString(),
    brokenReason: row.broken_reason ?? undefined,
    postStyle: row.post_style as PostStyle,
    ...(row.mention_id ? { mention: { id: row.mention_id, ...(row.mention_label ? { label: row.mention_label } : {}) } } : {}),
  };
}

function toThread(row: ThreadRow): DiscussionThread {
  return { platform: row.platform as PlatformName, channelId: row.channel_id, entryKey: row.entry_key, threadId: row.thread_id, createdAt: row.created_at.toISOString() };
}

function toDelivery(row: DeliveryRow): PendingDelivery {
  return {
    id: row.id,
    platform: row.platform as PlatformName,
    channelId: row.channel_id,
    entryKeys: row.entry_keys,
    // Written by this class from a Reply; jsonb comes back parsed, and it is data, never code.
    reply: row.reply,
    attempts: row.attempts,
    permanentFailures: row.permanent_failures,
    lastError: row.last_error ?? undefined,
    createdAt: row.created_at.toISOString(),
    ...(row.posting ? { posting: row.posting } : {}),
  };
}
