import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiscordStandin, type RecordedRequest } from '../support/discord-standin.ts';
import { STANDIN_TOKEN } from '../support/discord-harness.ts';
import { STANDIN_IDS, chatInputInteraction } from '../support/discord-payloads.ts';
import { entryFile, eventually, sleep, TempFolders } from './entry-files.ts';

/**
 * The real `paperbot` process, on Discord (the stand-in), killed with SIGKILL while it is
 * posting: after a restart every entry must be announced, none more than twice.
 */
const BIN = fileURLToPath(new URL('../../bin/paperbot.js', import.meta.url));
// Enough that, at Discord's 50 requests a second, many are still to send when the kill comes.
const ENTRIES = 60;

const folders = new TempFolders();
const children: ChildProcess[] = [];
const standins: DiscordStandin[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) await stopChild(child, 'SIGKILL');
  for (const standin of standins.splice(0)) await standin.close();
  folders.cleanup();
});

interface Bot {
  readonly child: ChildProcess;
  output(): string;
}

async function startBot(standin: DiscordStandin, corpusDir: string, dataDir: string): Promise<Bot> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CORPUS_DIR: corpusDir,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    DISCORD_TOKEN: STANDIN_TOKEN,
    DISCORD_APPLICATION_ID: STANDIN_IDS.application,
    DISCORD_API_URL: standin.apiUrl,
    // One message per entry (no digest), so repeats can be counted entry by entry.
    NOTIFY_DIGEST_THRESHOLD: '1000',
    NOTIFY_BATCH_MS: '300',
    NOTIFY_RETRY_BASE_MS: '50',
    WATCH_STABILITY_MS: '300',
  };
  // The working folder is the data folder, so no developer's .env is read.
  const child = spawn(process.execPath, [BIN], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually('paperbot to start', () => {
    if (child.exitCode !== null) throw new Error(`paperbot exited with ${child.exitCode}: ${output.slice(-2000)}`);
    return output.includes('paperbot started');
  }, 30_000);
  return { child, output: () => output };
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

async function subscribeOnDiscord(standin: DiscordStandin): Promise<string> {
  const interaction = chatInputInteraction('paper-subscribe', {}, { canManageChannel: true });
  const answered = standin.waitForRequest((request) => request.path === `/interactions/${interaction.id}/${interaction.token}/callback`);
  standin.dispatchInteraction(interaction.payload);
  return JSON.stringify((await answered).body);
}

function channelPosts(standin: DiscordStandin): RecordedRequest[] {
  return standin.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${STANDIN_IDS.channel}/messages`);
}

function announcedTitles(standin: DiscordStandin): string[] {
  return channelPosts(standin).flatMap((request) => {
    const embeds = (request.body as { embeds?: { title?: string }[] } | undefined)?.embeds ?? [];
    return embeds.map((embed) => embed.title ?? '');
  });
}

function counts(titles: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const title of titles) map.set(title, (map.get(title) ?? 0) + 1);
  return map;
}

/** Waits until the stand-in has heard nothing new for a while: the bot has nothing left to send. */
async function quiet(standin: DiscordStandin): Promise<void> {
  let seen = -1;
  await eventually('the bot to finish posting', async () => {
    const now = channelPosts(standin).length;
    if (now === seen) return true;
    seen = now;
    await sleep(1_500);
    return false;
  }, 60_000);
}

const title = (i: number): string => `Crash-safe entry number ${String(i).padStart(2, '0')}`;

describe('the paperbot process', () => {
  it('loses no announcement and repeats at most the ones in flight when killed with SIGKILL', async () => {
    const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
    standins.push(standin);
    const corpus = folders.make();
    const data = folders.make();
    const first = await startBot(standin, corpus, data);
    expect(await subscribeOnDiscord(standin)).toContain('every new entry');

    for (let i = 1; i <= ENTRIES; i += 1) writeFileSync(path.join(corpus, `entry-${i}.md`), entryFile({ title: title(i), doi: `10.5555/crash.${i}` }));
    // Kill it once a few messages are out and the rest are queued or in flight.
    await eventually('the first announcements', () => channelPosts(standin).length >= 3, 30_000);
    first.child.kill('SIGKILL');
    await stopChild(first.child, 'SIGKILL');
    const beforeCrash = channelPosts(standin).length;

    const second = await startBot(standin, corpus, data);
    await eventually('every entry to be announced', () => counts(announcedTitles(standin)).size === ENTRIES, 60_000);
    await quiet(standin);

    const perTitle = counts(announcedTitles(standin));
    const repeated = [...perTitle.values()].filter((count) => count > 1).length;
    console.log(`SIGKILL after ${beforeCrash} of ${ENTRIES} announcements had reached Discord; after the restart all ${ENTRIES} were announced, ${repeated} of them twice`);
    expect([...perTitle.keys()].sort()).toEqual(Array.from({ length: ENTRIES }, (_, i) => title(i + 1)).sort());
    expect(Math.max(...perTitle.values())).toBeLessThanOrEqual(2);
    expect(second.output()).not.toMatch(/"level":(50|60)/);
  }, 150_000);

  it('announces nothing again after a clean restart, and once what was added while it was stopped', async () => {
    const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
    standins.push(standin);
    const corpus = folders.make();
    const data = folders.make();
    writeFileSync(path.join(corpus, 'baseline.md'), entryFile({ title: 'Present at the very first start', doi: '10.5555/base.1' }));
    const first = await startBot(standin, corpus, data);
    await subscribeOnDiscord(standin);
    writeFileSync(path.join(corpus, 'live.md'), entryFile({ title: title(1), doi: '10.5555/crash.1' }));
    await eventually('the live entry to be announced', () => announcedTitles(standin).includes(title(1)), 30_000);
    await stopChild(first.child, 'SIGTERM');
    expect(first.child.exitCode).toBe(0);

    writeFileSync(path.join(corpus, 'offline.md'), entryFile({ title: title(2), doi: '10.5555/crash.2' }));
    const second = await startBot(standin, corpus, data);
    await eventually('the offline entry to be announced', () => announcedTitles(standin).includes(title(2)), 30_000);
    await stopChild(second.child, 'SIGTERM');

    const third = await startBot(standin, corpus, data);
    // A new live entry proves the third run is watching and sending before we count.
    writeFileSync(path.join(corpus, 'marker.md'), entryFile({ title: title(3), doi: '10.5555/crash.3' }));
    await eventually('the marker entry to be announced', () => announcedTitles(standin).includes(title(3)), 30_000);
    await stopChild(third.child, 'SIGTERM');
    expect(announcedTitles(standin)).toEqual([title(1), title(2), title(3)]);
  }, 150_000);
});
