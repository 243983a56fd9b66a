/**
 * Issue 23: SIGTERM while Discord's gateway is unreachable. The bot is spawned as an operator
 * runs it, the stand-in it talks to is closed (an outage), a new entry is queued for a
 * subscribed channel, and a SIGTERM must stop it, with the delivery still pending in the store
 * and sent on the next start.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { SHIPPED_CORPUS, STANDIN_TOKEN } from '../support/discord-harness.ts';
import { STANDIN_IDS } from '../support/discord-payloads.ts';
import { spawnPaperbot, stopPaperbot, type PaperbotProcess } from '../support/discord-process.ts';
import { DiscordStandin } from '../support/discord-standin.ts';
import { entryFile, eventually } from '../notify/entry-files.ts';

/** tsx compiles the sources and citeproc loads in the child: seconds alone, far more on a busy machine. */
const TEST_TIMEOUT_MS = 150_000;
const CHANNEL = { platform: 'discord' as const, channelId: STANDIN_IDS.channel };
const NEW_TITLE = 'Quokkaplasty in the outage';

const running: PaperbotProcess[] = [];
const standins: DiscordStandin[] = [];
const folders: string[] = [];

afterEach(async () => {
  for (const child of running.splice(0)) await stopPaperbot(child);
  for (const standin of standins.splice(0)) await standin.close();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

async function standin(): Promise<DiscordStandin> {
  const started = await DiscordStandin.start({ token: STANDIN_TOKEN });
  standins.push(started);
  return started;
}

function spawnBot(apiUrl: string, corpusDir: string, dataDir: string): PaperbotProcess {
  const child = spawnPaperbot(['start'], {
    LOG_LEVEL: 'info',
    CORPUS_DIR: corpusDir,
    DATA_DIR: dataDir,
    DISCORD_TOKEN: STANDIN_TOKEN,
    DISCORD_APPLICATION_ID: STANDIN_IDS.application,
    DISCORD_API_URL: apiUrl,
    WATCH_STABILITY_MS: '200',
    NOTIFY_BATCH_MS: '100',
    NOTIFY_RETRY_BASE_MS: '500',
  });
  running.push(child);
  return child;
}

/** Waits for a log line, failing with what the bot did write, so a hang says where it hung. */
async function logged(bot: PaperbotProcess, pattern: RegExp): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no log line ${pattern} in:\n${bot.stderr().slice(-4000)}`)), 60_000);
  });
  try {
    await Promise.race([bot.waitForLog(pattern), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function pendingTitles(dataDir: string): Promise<string[]> {
  const store = openSqliteStore(dataDir);
  try {
    return (await store.deliveries.pendingDeliveries()).map((delivery) => delivery.reply?.fallback ?? '');
  } finally {
    await store.close();
  }
}

describe('stopping while Discord is unreachable', () => {
  it(
    'exits on SIGTERM with the gateway gone, leaving the queued delivery pending for the next start',
    async () => {
      const corpusDir = folder('paperbot-outage-corpus-');
      cpSync(SHIPPED_CORPUS, corpusDir, { recursive: true });
      const dataDir = folder('paperbot-outage-data-');
      const seed = openSqliteStore(dataDir);
      await seed.subscriptions.subscribe(CHANNEL, 'quokkaplasty');
      await seed.close();

      const first = await standin();
      const bot = spawnBot(first.apiUrl, corpusDir, dataDir);
      await logged(bot, /paperbot started/);
      await first.close();
      standins.splice(standins.indexOf(first), 1);
      await logged(bot, /reconnecting to the discord gateway/);
      writeFileSync(path.join(corpusDir, 'outage.md'), entryFile({ title: NEW_TITLE, doi: '10.5555/outage.1' }));
      await logged(bot, /delivery.*(failed|retry)|could not (send|post)/i);

      bot.child.kill('SIGTERM');
      await logged(bot, /"paperbot stopped"/);
      const exited = await bot.exited;
      expect(exited.code).toBe(0);
      expect((await pendingTitles(dataDir)).join('\n')).toContain(NEW_TITLE);

      const second = await standin();
      spawnBot(second.apiUrl, corpusDir, dataDir);
      const posted = await eventually(
        'the pending delivery sent on the next start',
        () =>
          second.requests.find(
            (request) =>
              request.method === 'POST' &&
              request.path === `/channels/${STANDIN_IDS.channel}/messages` &&
              JSON.stringify(request.body).includes(NEW_TITLE),
          ),
        60_000,
      );
      expect(posted).toBeDefined();
      await eventually('nothing left pending once sent', async () => (await pendingTitles(dataDir)).length === 0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'exits at once on a second signal while a post hangs, and the post stays pending',
    async () => {
      const corpusDir = folder('paperbot-outage-corpus-');
      cpSync(SHIPPED_CORPUS, corpusDir, { recursive: true });
      const dataDir = folder('paperbot-outage-data-');
      const seed = openSqliteStore(dataDir);
      await seed.subscriptions.subscribe(CHANNEL, 'quokkaplasty');
      await seed.close();

      const discord = await standin();
      const held = discord.hold(
        (request) => request.method === 'POST' && request.path === `/channels/${STANDIN_IDS.channel}/messages`,
      );
      const bot = spawnBot(discord.apiUrl, corpusDir, dataDir);
      await logged(bot, /paperbot started/);
      writeFileSync(path.join(corpusDir, 'outage.md'), entryFile({ title: NEW_TITLE, doi: '10.5555/outage.1' }));
      await held.arrived;

      bot.child.kill('SIGINT');
      await logged(bot, /"stopping"/);
      bot.child.kill('SIGINT');
      const exited = await bot.exited;
      expect(exited.code).toBe(130);
      expect(exited.stderr).toMatch(/second stop signal/);
      expect((await pendingTitles(dataDir)).join('\n')).toContain(NEW_TITLE);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'exits on SIGTERM while still connecting to a Discord that does not answer',
    async () => {
      const corpusDir = folder('paperbot-outage-corpus-');
      cpSync(SHIPPED_CORPUS, corpusDir, { recursive: true });
      const discord = await standin();
      const held = discord.hold((request) => request.method === 'GET' && request.path === '/gateway/bot');
      const bot = spawnBot(discord.apiUrl, corpusDir, folder('paperbot-outage-data-'));
      await held.arrived;
      bot.child.kill('SIGTERM');
      const exited = await bot.exited;
      expect(exited.code).toBe(0);
      expect(exited.stderr).toMatch(/"paperbot stopped"/);
      expect(exited.stderr).not.toMatch(/paperbot started/);
    },
    TEST_TIMEOUT_MS,
  );
});
