import { afterAll, afterEach, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openPostgresStore } from '../../src/store/postgres/open.ts';
import { DiscordStandin } from '../support/discord-standin.ts';
import { STANDIN_TOKEN } from '../support/discord-harness.ts';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.ts';
import { entryFile, eventually, TempFolders } from './entry-files.ts';
import {
  announcedTitles,
  channelPosts,
  counts,
  discordBotEnvironment,
  quiet,
  startBotProcess,
  stopChild,
  type BotProcess,
} from './bot-process.ts';

/**
 * Three real paperbot processes on one PostgreSQL database and one corpus folder, posting to the
 * Discord stand-in. 1 000 entries arrive; the process that owns the corpus duties is killed with
 * SIGKILL while deliveries are going out. Every subscribed channel must get every entry, and
 * none twice except the one message per channel that was in flight at the kill.
 */
const ENTRIES = 1_000;
const CHANNELS = ['1200000000000000001', '1200000000000000002'];
const BASELINE = 3;

const folders = new TempFolders();
const bots: BotProcess[] = [];
const standins: DiscordStandin[] = [];
const databases: TestDatabase[] = [];

afterEach(async () => {
  for (const bot of bots.splice(0)) await stopChild(bot.child, 'SIGKILL');
  for (const standin of standins.splice(0)) await standin.close();
  folders.cleanup();
});

afterAll(async () => {
  for (const database of databases.splice(0)) await database.drop();
});

const title = (i: number): string => `Replicated entry number ${String(i).padStart(4, '0')}`;

describeWithPostgres('three replicas on one PostgreSQL database', () => {
  it('announce each of 1 000 new entries once per channel, though the owner is killed mid-delivery', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
    standins.push(standin);
    const corpus = folders.make();
    for (let i = 1; i <= BASELINE; i += 1)
      writeFileSync(
        path.join(corpus, `baseline-${i}.md`),
        entryFile({ title: `Present before the first start ${i}`, doi: `10.5555/base.${i}` }),
      );

    // All three start together on an empty database: one schema, one baseline, one owner.
    const replicas = await Promise.all(
      [1, 2, 3].map((_n) =>
        startBotProcess(
          discordBotEnvironment(standin, corpus, folders.make(), { DATABASE_URL: database.url, NOTIFY_POLL_MS: '200' }),
          corpus,
          bots,
        ),
      ),
    );
    const ownerOf = (): BotProcess[] =>
      replicas.filter((bot) => bot.output().includes('this process owns the corpus duties'));
    expect(ownerOf()).toHaveLength(1);
    const [owner] = ownerOf();
    if (!owner) throw new Error('no owner');

    const store = await openPostgresStore(database.url);
    try {
      for (const channelId of CHANNELS) await store.subscriptions.subscribe({ platform: 'discord', channelId }, '');
    } finally {
      await store.close();
    }

    for (let i = 1; i <= ENTRIES; i += 1)
      writeFileSync(path.join(corpus, `entry-${i}.md`), entryFile({ title: title(i), doi: `10.5555/replica.${i}` }));
    await eventually(
      'deliveries to be under way',
      () => CHANNELS.every((channelId) => channelPosts(standin, channelId).length >= 50),
      180_000,
    ).catch((error: unknown) => {
      console.log(replicas.map((bot) => bot.output().slice(-3000)).join('\n=====\n'));
      console.log(standin.requests.slice(-5).map((r) => `${r.method} ${r.path}`));
      throw error;
    });
    owner.child.kill('SIGKILL');
    await stopChild(owner.child, 'SIGKILL');
    const atKill = CHANNELS.map((channelId) => channelPosts(standin, channelId).length);

    const survivors = replicas.filter((bot) => bot !== owner);
    await eventually(
      'a survivor to take over the corpus duties',
      () => survivors.some((bot) => bot.output().includes('this process owns the corpus duties')),
      30_000,
    );
    await eventually(
      'every entry to reach every channel',
      () => CHANNELS.every((channelId) => counts(announcedTitles(standin, channelId)).size >= ENTRIES),
      240_000,
    );
    await quiet(standin);

    const everyTitle = Array.from({ length: ENTRIES }, (_, i) => title(i + 1)).sort();
    const repeats = CHANNELS.map((channelId) => {
      const perTitle = counts(announcedTitles(standin, channelId));
      expect([...perTitle.keys()].sort()).toEqual(everyTitle);
      expect(Math.max(...perTitle.values())).toBeLessThanOrEqual(2);
      return [...perTitle.values()].filter((count) => count > 1).length;
    });
    console.log(
      `three replicas: owner killed after ${atKill.join(' and ')} posts; all ${ENTRIES} entries reached each of ${CHANNELS.length} channels; repeated per channel: ${repeats.join(', ')}`,
    );
    // The killed process had at most one message per channel in flight.
    for (const repeated of repeats) expect(repeated).toBeLessThanOrEqual(1);
    for (const bot of survivors) expect(bot.output()).not.toMatch(/"level":(50|60)/);
  }, 600_000);
});
