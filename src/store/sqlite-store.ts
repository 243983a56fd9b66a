import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Reply } from '../reply.ts';
import { migrate } from './migrations.ts';
import { SqliteSeenLedger } from './sqlite-seen-ledger.ts';
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
  type Store,
  type PostStyle,
  type StoredSubscription,
  type SubscribeOutcome,
  type SubscriptionSettings,
} from './store.ts';

export const STORE_FILE_NAME = 'paperbot.sqlite';

interface SubscriptionRow {
  id: number;
  platform: string;
  channel_id: string;
  query: string;
  created_at: string;
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
  created_at: string;
}

interface DeliveryRow {
  id: number;
  platform: string;
  channel_id: string;
  entry_keys: string;
  reply: string;
  status: string;
  attempts: number;
  permanent_failures: number;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
  posting: string | null;
  retry_at: string | null;
}

/**
 * The Store on one SQLite file (better-sqlite3, WAL). Calls are synchronous underneath; the
 * promises are the interface's, so another store can be asynchronous for real.
 */
export class SqliteStore implements Store {
  /** One process owns the file; deliveries it is sending are held here. */
  readonly shared = false;
  private readonly claimed = new Set<number>();

  private readonly ledger: SqliteSeenLedger;

  private constructor(private readonly db: Database.Database) {
    this.ledger = new SqliteSeenLedger(db, () => this.timestamp());
  }

  /** Opens (creating when missing) the store file in `dataDir` and brings its schema up to date. */
  static open(dataDir: string, options: { readonly now?: () => Date } = {}): SqliteStore {
    const file = path.join(dataDir, STORE_FILE_NAME);
    let db: Database.Database;
    try {
      mkdirSync(dataDir, { recursive: true });
      db = new Database(file);
    } catch (error) {
      throw new Error(`cannot open the store in DATA_DIR (${dataDir}): ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      db.pragma('journal_mode = WAL');
      // Another process (a `paperbot check`, a second bot) may hold the write lock briefly.
      db.pragma('busy_timeout = 5000');
      // With WAL, NORMAL survives a killed process; only a power cut can lose the last commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    const store = new SqliteStore(db);
    if (options.now) store.now = options.now;
    return store;
  }

  private now: () => Date = () => new Date();
  private pruneTakenAfter = 0;

  private timestamp(): string {
    return this.now().toISOString();
  }

  async subscribe(channel: ChannelRef, query: string, settings: SubscriptionSettings = { postStyle: 'message' }): Promise<SubscribeOutcome> {
    const tidy = normaliseSubscriptionQuery(query);
    const key = tidy.toLowerCase();
    const mention = [settings.mention?.id ?? null, settings.mention?.label ?? null] as const;
    return this.db.transaction((): SubscribeOutcome => {
      const inserted = this.db
        .prepare(
          'INSERT INTO subscriptions (platform, channel_id, query, query_key, created_at, post_style, mention_id, mention_label) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(channel.platform, channel.channelId, tidy, key, this.timestamp(), settings.postStyle, ...mention);
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
        .prepare<[string, string, string], SubscriptionRow>('SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ? AND query_key = ?')
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
        .prepare('UPDATE subscriptions SET broken_reason = ?, broken_at = ? WHERE platform = ? AND channel_id = ? AND broken_reason IS NULL')
        .run(reason, this.timestamp(), channel.platform, channel.channelId);
      return this.channelRows(channel).map(toSubscription);
    })();
  }

  async hasBaseline(): Promise<boolean> {
    return this.ledger.hasBaseline();
  }

  async recordBaseline(keys: Iterable<string>): Promise<boolean> {
    return this.ledger.recordBaseline(keys);
  }

  async unseenKeys(keys: readonly string[]): Promise<string[]> {
    return this.ledger.unseenInTurns(keys);
  }

  async commitNewEntries(keys: readonly string[], plan: DeliveryPlanner): Promise<NewEntriesCommit> {
    return this.db.transaction((): NewEntriesCommit => {
      const newKeys = this.ledger.unseen(keys);
      if (!newKeys.length) return { newKeys, deliveries: [] };
      this.ledger.insert(newKeys);
      const insert = this.db.prepare<[string, string, string, string, string, string | null], DeliveryRow>(
        'INSERT INTO deliveries (platform, channel_id, entry_keys, reply, created_at, posting) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
      );
      const deliveries = plan(newKeys).map((delivery) => {
        const posting = delivery.posting ? JSON.stringify(delivery.posting) : null;
        const row = insert.get(delivery.platform, delivery.channelId, JSON.stringify(delivery.entryKeys), JSON.stringify(delivery.reply), this.timestamp(), posting);
        if (!row) throw new Error('delivery insert returned nothing');
        return toDelivery(row);
      });
      return { newKeys, deliveries };
    })();
  }

  async pendingDeliveries(): Promise<PendingDelivery[]> {
    return this.db
      .prepare<[], DeliveryRow>("SELECT * FROM deliveries WHERE status = 'pending' ORDER BY id")
      .all()
      .map(toDelivery);
  }

  async pendingHeads(channel?: ChannelRef): Promise<DeliveryRef[]> {
    const rows = this.db
      .prepare<[{ platform: string | null; channel: string | null }], { id: number; platform: string; channel_id: string }>(
        `SELECT min(id) AS id, platform, channel_id FROM deliveries WHERE status = 'pending' AND (@platform IS NULL OR (platform = @platform AND channel_id = @channel))
         GROUP BY platform, channel_id ORDER BY id`,
      )
      .all({ platform: channel?.platform ?? null, channel: channel?.channelId ?? null });
    return rows.map((row) => ({ id: row.id, platform: row.platform as PlatformName, channelId: row.channel_id }));
  }

  async claimDelivery<T>(id: number, work: (delivery: PendingDelivery, bookkeeping: DeliveryBookkeeping) => Promise<T>): Promise<ClaimOutcome<T>> {
    if (this.claimed.has(id)) return { kind: 'busy' };
    const row = this.db.prepare<[number], DeliveryRow>("SELECT * FROM deliveries WHERE id = ? AND status = 'pending'").get(id);
    if (!row) return { kind: 'gone' };
    const retryInMs = row.retry_at ? Date.parse(row.retry_at) - this.now().getTime() : 0;
    if (retryInMs > 0) return { kind: 'waiting', retryInMs };
    this.claimed.add(id);
    try {
      return { kind: 'claimed', value: await work(toDelivery(row), this) };
    } finally {
      this.claimed.delete(id);
    }
  }

  async recordFailedAttempt(id: number, failure: FailedAttempt): Promise<void> {
    const retryAt = failure.retryInMs ? new Date(this.now().getTime() + failure.retryInMs).toISOString() : null;
    this.db
      .prepare('UPDATE deliveries SET attempts = attempts + 1, permanent_failures = permanent_failures + ?, last_error = ?, retry_at = ? WHERE id = ?')
      .run(failure.permanent ? 1 : 0, failure.reason.slice(0, 500), retryAt, id);
  }

  async finishDelivery(id: number, status: Exclude<DeliveryStatus, 'pending'>, reason?: string): Promise<void> {
    this.db
      .prepare("UPDATE deliveries SET status = ?, finished_at = ?, last_error = COALESCE(?, last_error) WHERE id = ? AND status = 'pending'")
      .run(status, this.timestamp(), reason?.slice(0, 500) ?? null, id);
  }

  async cancelChannelDeliveries(channel: ChannelRef, reason: string): Promise<number> {
    return this.db
      .prepare("UPDATE deliveries SET status = 'cancelled', finished_at = ?, last_error = ? WHERE platform = ? AND channel_id = ? AND status = 'pending'")
      .run(this.timestamp(), reason.slice(0, 500), channel.platform, channel.channelId).changes;
  }

  async delivery(id: number): Promise<DeliveryRecord | undefined> {
    const row = this.db.prepare<[number], DeliveryRow>('SELECT * FROM deliveries WHERE id = ?').get(id);
    return row ? { ...toDelivery(row), status: row.status as DeliveryStatus, finishedAt: row.finished_at ?? undefined } : undefined;
  }

  async pruneFinishedDeliveries(before: Date): Promise<number> {
    return this.db.prepare("DELETE FROM deliveries WHERE status <> 'pending' AND finished_at < ?").run(before.toISOString()).changes;
  }

  async discussionThread(channel: ChannelRef, entryKey: string): Promise<DiscussionThread | undefined> {
    const row = this.db
      .prepare<[string, string, string], ThreadRow>('SELECT * FROM discussion_threads WHERE platform = ? AND channel_id = ? AND entry_key = ?')
      .get(channel.platform, channel.channelId, entryKey);
    return row ? toThread(row) : undefined;
  }

  async rememberDiscussionThread(channel: ChannelRef, entryKey: string, threadId: string): Promise<DiscussionThread> {
    return this.db.transaction((): DiscussionThread => {
      this.db
        .prepare('INSERT INTO discussion_threads (platform, channel_id, entry_key, thread_id, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(channel.platform, channel.channelId, entryKey, threadId, this.timestamp());
      const row = this.db
        .prepare<[string, string, string], ThreadRow>('SELECT * FROM discussion_threads WHERE platform = ? AND channel_id = ? AND entry_key = ?')
        .get(channel.platform, channel.channelId, entryKey);
      if (!row) throw new Error('discussion thread vanished while it was being written');
      return toThread(row);
    })();
  }

  async forgetDiscussionThread(channel: ChannelRef, entryKey: string, threadId: string): Promise<void> {
    this.db
      .prepare('DELETE FROM discussion_threads WHERE platform = ? AND channel_id = ? AND entry_key = ? AND thread_id = ?')
      .run(channel.platform, channel.channelId, entryKey, threadId);
  }

  async takeRequestOnce(key: string, expiresAt: Date): Promise<boolean> {
    const now = this.now().getTime();
    if (now >= this.pruneTakenAfter) await this.pruneTakenRequests();
    // Inserted, or an expired record taken over; a live record is left as it is and nothing returns.
    const taken = this.db
      .prepare<[string, number, number], { request_key: string }>(
        'INSERT INTO taken_requests (request_key, expires_at) VALUES (?, ?) ON CONFLICT (request_key) DO UPDATE SET expires_at = excluded.expires_at WHERE taken_requests.expires_at <= ? RETURNING request_key',
      )
      .get(key, expiresAt.getTime(), now);
    return taken !== undefined;
  }

  async pruneTakenRequests(): Promise<number> {
    const now = this.now().getTime();
    this.pruneTakenAfter = now + PRUNE_TAKEN_REQUESTS_EVERY_MS;
    return this.db.prepare('DELETE FROM taken_requests WHERE expires_at <= ?').run(now).changes;
  }

  async getMeta(name: string): Promise<string | undefined> {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE name = ?').get(name)?.value;
  }

  async setMeta(name: string, value: string): Promise<void> {
    this.db.prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private channelRows(channel: ChannelRef): SubscriptionRow[] {
    return this.db
      .prepare<[string, string], SubscriptionRow>('SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ? ORDER BY id')
      .all(channel.platform, channel.channelId);
  }
}

function toSubscription(row: SubscriptionRow): StoredSubscription {
  return {
    id: row.id,
    platform: row.platform as PlatformName,
    channelId: row.channel_id,
    query: row.query,
    createdAt: row.created_at,
    brokenReason: row.broken_reason ?? undefined,
    postStyle: row.post_style as PostStyle,
    ...(row.mention_id ? { mention: { id: row.mention_id, ...(row.mention_label ? { label: row.mention_label } : {}) } } : {}),
  };
}

function toThread(row: ThreadRow): DiscussionThread {
  return { platform: row.platform as PlatformName, channelId: row.channel_id, entryKey: row.entry_key, threadId: row.thread_id, createdAt: row.created_at };
}

function toDelivery(row: DeliveryRow): PendingDelivery {
  return {
    id: row.id,
    platform: row.platform as PlatformName,
    channelId: row.channel_id,
    entryKeys: JSON.parse(row.entry_keys) as string[],
    // Written by this class from a Reply a moment or a crash ago; it is data, never code.
    reply: JSON.parse(row.reply) as Reply,
    attempts: row.attempts,
    permanentFailures: row.permanent_failures,
    lastError: row.last_error ?? undefined,
    createdAt: row.created_at,
    // Written by this class from a DeliveryPosting, like the reply above.
    ...(row.posting ? { posting: JSON.parse(row.posting) as DeliveryPosting } : {}),
  };
}
