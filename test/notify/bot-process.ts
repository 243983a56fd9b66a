/**
 * The real `paperbot` process (from the sources, see paperbot-from-source.mjs) against the Discord stand-in, for the tests
 * that kill it or run several: start with a given environment, read what it logged, stop it,
 * and count what reached the stand-in's channels.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DiscordStandin, RecordedRequest } from '../support/discord-standin.ts';
import { STANDIN_TOKEN } from '../support/discord-harness.ts';
import { STANDIN_IDS } from '../support/discord-payloads.ts';
import { eventually, sleep } from './entry-files.ts';

const BIN = fileURLToPath(new URL('../support/paperbot-from-source.mjs', import.meta.url));

export interface BotProcess {
  readonly child: ChildProcess;
  output(): string;
}

/** The environment of a Discord bot on the stand-in; `extra` adds to or overrides it. */
export function discordBotEnvironment(
  standin: DiscordStandin,
  corpusDir: string,
  dataDir: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CORPUS_DIR: corpusDir,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    DISCORD_TOKEN: STANDIN_TOKEN,
    DISCORD_APPLICATION_ID: STANDIN_IDS.application,
    DISCORD_API_URL: standin.apiUrl,
    // One message per entry (no digest), so repeats can be counted entry by entry.
    NOTIFY_DIGEST_THRESHOLD: '100000',
    NOTIFY_BATCH_MS: '300',
    NOTIFY_RETRY_BASE_MS: '50',
    WATCH_STABILITY_MS: '300',
    ...extra,
  };
}

/** Starts paperbot and waits for its "started" line; the working folder is `cwd`, so no developer's .env is read. */
export async function startBotProcess(env: NodeJS.ProcessEnv, cwd: string, started: BotProcess[]): Promise<BotProcess> {
  const child = spawn(process.execPath, [BIN], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const bot: BotProcess = { child, output: () => output };
  started.push(bot);
  await eventually(
    'paperbot to start',
    () => {
      if (child.exitCode !== null) throw new Error(`paperbot exited with ${child.exitCode}: ${output.slice(-2000)}`);
      return output.includes('paperbot started');
    },
    60_000,
  );
  return bot;
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export function channelPosts(standin: DiscordStandin, channelId: string = STANDIN_IDS.channel): RecordedRequest[] {
  return standin.requests.filter(
    (request) => request.method === 'POST' && request.path === `/channels/${channelId}/messages`,
  );
}

export function announcedTitles(standin: DiscordStandin, channelId: string = STANDIN_IDS.channel): string[] {
  return channelPosts(standin, channelId).flatMap((request) => {
    const embeds = (request.body as { embeds?: { title?: string }[] } | undefined)?.embeds ?? [];
    return embeds.map((embed) => embed.title ?? '');
  });
}

export function counts(titles: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const title of titles) map.set(title, (map.get(title) ?? 0) + 1);
  return map;
}

/** Waits until the stand-in has had no channel post for a while: the bots have nothing left to send. */
export async function quiet(standin: DiscordStandin, timeoutMs = 60_000): Promise<void> {
  const posts = (): number =>
    standin.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/channels/')).length;
  let seen = -1;
  await eventually(
    'the bots to finish posting',
    async () => {
      const now = posts();
      if (now === seen) return true;
      seen = now;
      await sleep(1_500);
      return false;
    },
    timeoutMs,
  );
}
