import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { createLogger } from '../../src/logger.ts';
import type { ChannelSender } from '../../src/notify/delivery.ts';
import { Dispatcher } from '../../src/notify/dispatcher.ts';
import { renderForConsole } from '../../src/platforms/console/render.ts';
import type { Reply } from '../../src/reply.ts';
import { Database as PostgresDatabase } from '../../src/store/postgres-database.ts';
import { openPostgresStore } from '../../src/store/postgres/open.ts';
import { openSqliteStore, STORE_FILE_NAME } from '../../src/store/sqlite/open.ts';
import type { ChannelRef, Store } from '../../src/store/store.ts';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.ts';

const channel: ChannelRef = { platform: 'console', channelId: 'journal-club' };

/** An announcement as the paperbot before versioned payloads wrote it: the bare Reply, as JSON. */
const OLD_ANNOUNCEMENT = JSON.stringify({
  tone: 'result',
  heading: 'New in the corpus',
  cards: [
    {
      title: 'Mesenchymal stem cells in COVID-19 pneumonia',
      url: 'https://doi.org/10.14336/AD.2020.0228',
      subtitle: 'Leng Z, Zhu R · Aging and Disease · 2020',
      body: [{ text: 'Transplantation of ACE2- mesenchymal stem cells improves the outcome.' }],
      fields: [{ name: 'Kind', value: 'paper', inline: true }],
      actions: [{ id: 'summary:doi:10.14336/ad.2020.0228', label: 'Summary' }],
    },
  ],
  actions: [],
  ephemeral: false,
  fallback:
    'New in the corpus\n\n1. Mesenchymal stem cells in COVID-19 pneumonia <https://doi.org/10.14336/AD.2020.0228>',
});

/** Where a test writes a raw row of `deliveries`, the way an older paperbot did. */
interface RawDeliveries {
  insert(reply: string): Promise<number>;
}

/** A console channel that keeps what it was sent, as the console shows it. */
function recordingSender(): ChannelSender & { readonly shown: string[] } {
  const shown: string[] = [];
  return {
    platform: 'console',
    shown,
    async send(_channelId: string, reply: Reply) {
      shown.push(renderForConsole(reply, { ansi: false, interactive: false }).text);
      return { kind: 'delivered' };
    },
  };
}

function recordingLogger(): {
  logger: ReturnType<typeof createLogger>;
  lines: () => { level: number; msg: string; reason?: string }[];
} {
  const written: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString());
      done();
    },
  });
  const lines = (): { level: number; msg: string; reason?: string }[] =>
    written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string; reason?: string });
  return { logger: createLogger({ destination, level: 'info' }), lines };
}

/** The same upgrade checks on either database: `open` gives an empty store and its raw table. */
function upgradeChecks(open: () => Promise<{ store: Store; raw: RawDeliveries }>): void {
  it('sends a delivery queued by the previous version (a bare Reply) as the user would have seen it', async () => {
    const { store, raw } = await open();
    await store.subscriptions.subscribe(channel, 'MSC');
    const id = await raw.insert(OLD_ANNOUNCEMENT);
    const sender = recordingSender();
    const dispatcher = new Dispatcher({
      deliveries: store.deliveries,
      discussions: store.discussions,
      senders: [sender],
      logger: recordingLogger().logger,
    });
    expect(await dispatcher.start()).toBe(1);
    await dispatcher.idle();
    await dispatcher.stop();
    expect(sender.shown).toHaveLength(1);
    expect(sender.shown[0]).toContain('New in the corpus');
    expect(sender.shown[0]).toContain('Mesenchymal stem cells in COVID-19 pneumonia');
    expect(sender.shown[0]).toContain('Leng Z, Zhu R · Aging and Disease · 2020');
    expect(await store.deliveries.delivery(id)).toMatchObject({ status: 'done' });
  });

  it('gives up a delivery whose stored message is malformed, says why, and sends the next one', async () => {
    const { store, raw } = await open();
    await store.subscriptions.subscribe(channel, 'MSC');
    const broken = await raw.insert(JSON.stringify({ v: 1, reply: { tone: 'shout', cards: 'none' } }));
    const fine = await raw.insert(OLD_ANNOUNCEMENT);
    const sender = recordingSender();
    const { logger, lines } = recordingLogger();
    const dispatcher = new Dispatcher({
      deliveries: store.deliveries,
      discussions: store.discussions,
      senders: [sender],
      logger,
    });
    await dispatcher.start();
    await dispatcher.idle();
    await dispatcher.stop();
    const record = await store.deliveries.delivery(broken);
    expect(record?.status).toBe('failed');
    expect(record?.lastError).toMatch(
      /^what was stored cannot be sent: the stored message \(version 1\) is not a message paperbot can send/,
    );
    expect(lines().find((line) => line.msg === 'delivery given up: what was stored cannot be sent')?.reason).toMatch(
      /not a message paperbot can send/,
    );
    expect(sender.shown).toHaveLength(1);
    expect(sender.shown[0]).toContain('Mesenchymal stem cells in COVID-19 pneumonia');
    expect(await store.deliveries.delivery(fine)).toMatchObject({ status: 'done' });
  });

  it('gives up a message written by a newer paperbot rather than guess at it', async () => {
    const { store, raw } = await open();
    await store.subscriptions.subscribe(channel, 'MSC');
    const id = await raw.insert(JSON.stringify({ v: 99, render: { entryKey: 'doi:10.1/x' } }));
    const sender = recordingSender();
    const dispatcher = new Dispatcher({
      deliveries: store.deliveries,
      discussions: store.discussions,
      senders: [sender],
      logger: recordingLogger().logger,
    });
    await dispatcher.start();
    await dispatcher.idle();
    await dispatcher.stop();
    expect(sender.shown).toEqual([]);
    expect((await store.deliveries.delivery(id))?.lastError).toMatch(/version 99, written by a newer paperbot/);
  });
}

describe('queued deliveries across an upgrade: SQLite', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  upgradeChecks(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-upgrade-'));
    dirs.push(dir);
    const store = openSqliteStore(dir);
    stores.push(store);
    return {
      store,
      raw: {
        async insert(reply) {
          // What the SQLite store wrote before: created_at and the JSON columns as text, no posting.
          const db = new Database(path.join(dir, STORE_FILE_NAME));
          try {
            const row = db
              .prepare<[string, string, string, string, string], { id: number }>(
                'INSERT INTO deliveries (platform, channel_id, entry_keys, reply, created_at, posting) VALUES (?, ?, ?, ?, ?, NULL) RETURNING id',
              )
              .get(
                channel.platform,
                channel.channelId,
                JSON.stringify(['doi:10.14336/ad.2020.0228']),
                reply,
                new Date().toISOString(),
              );
            if (!row) throw new Error('insert returned nothing');
            return row.id;
          } finally {
            db.close();
          }
        },
      },
    };
  });
});

describeWithPostgres('queued deliveries across an upgrade: PostgreSQL', () => {
  const databases: TestDatabase[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });
  afterAll(async () => {
    for (const each of databases.splice(0)) await each.drop();
  });

  upgradeChecks(async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const store = await openPostgresStore(database.url);
    stores.push(store);
    return {
      store,
      raw: {
        async insert(reply) {
          // What the PostgreSQL store wrote before: the JSON columns as jsonb, no posting.
          const sql = await PostgresDatabase.connect(database.url);
          try {
            const [row] = await sql.query<{ id: number }>(
              'INSERT INTO deliveries (platform, channel_id, entry_keys, reply, posting) VALUES ($1, $2, $3::jsonb, $4::jsonb, NULL) RETURNING id',
              [channel.platform, channel.channelId, JSON.stringify(['doi:10.14336/ad.2020.0228']), reply],
            );
            if (!row) throw new Error('insert returned nothing');
            return row.id;
          } finally {
            await sql.close();
          }
        },
      },
    };
  });
});
