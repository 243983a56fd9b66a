import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { DiscordPlatform } from '../../src/platforms/discord/discord-platform.ts';
import { DiscordStandin } from '../support/discord-standin.ts';
import { STANDIN_IDS } from '../support/discord-payloads.ts';
import { SHIPPED_CORPUS, STANDIN_TOKEN } from '../support/discord-harness.ts';
import { spawnPaperbot, stopPaperbot, type PaperbotProcess } from '../support/discord-process.ts';
import { COMMANDS } from '../../commands/index.ts';

const WRONG_TOKEN = ['MTEwMDAwMDAwMDAwMDAwMDk5', 'GWrong', 'wrong-token-that-discord-refuses-0000'].join('.');

async function platformFor(standin: DiscordStandin, token: string): Promise<DiscordPlatform> {
  const corpus = await Corpus.load(SHIPPED_CORPUS);
  return new DiscordPlatform({
    token,
    apiUrl: standin.apiUrl,
    bot: new Bot({ commands: COMMANDS, corpus, logger: silentLogger() }),
    logger: silentLogger(),
  });
}

async function startFailure(platform: DiscordPlatform): Promise<string> {
  return platform.start().then(
    () => 'started',
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}

describe('starting and stopping the Discord platform', () => {
  let standin: DiscordStandin;
  let platform: DiscordPlatform | undefined;

  beforeEach(async () => {
    standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
  });

  afterEach(async () => {
    await platform?.stop();
    await standin.close();
  });

  it('rejects a token REST refuses with one clear line that does not contain the token', async () => {
    platform = await platformFor(standin, WRONG_TOKEN);
    const message = await startFailure(platform);
    expect(message).toMatch(/refused the bot token.*DISCORD_TOKEN/);
    expect(message).not.toContain(WRONG_TOKEN);
    expect(message).not.toContain('\n');
    expect(standin.identifies).toEqual([]);
  });

  it('rejects a token the gateway refuses (close code 4004) the same way', async () => {
    await standin.close();
    standin = await DiscordStandin.start({ token: STANDIN_TOKEN, restAcceptsAnyToken: true });
    platform = await platformFor(standin, WRONG_TOKEN);
    const message = await startFailure(platform);
    expect(message).toMatch(/refused the bot token.*DISCORD_TOKEN/);
    expect(message).not.toContain(WRONG_TOKEN);
    expect(standin.identifies.map((identify) => identify.token)).toEqual([WRONG_TOKEN]);
  });

  it('connects with the Guilds intent only and stops cleanly, twice without harm', async () => {
    platform = await platformFor(standin, STANDIN_TOKEN);
    await platform.start();
    expect(standin.identifies).toEqual([{ token: STANDIN_TOKEN, intents: 1, shard: [0, 1] }]);
    await platform.stop();
    await platform.stop();
    expect(await startFailure(platform)).toMatch(/stopped/);
  });
});

/**
 * A whole start in a child process: tsx compiles the sources, the corpus is read and indexed and
 * citeproc reads its citation styles before Discord is contacted. Seconds alone, but well past
 * the default 30 s while the rest of the suite keeps both cores busy.
 */
const START_TIMEOUT_MS = 90_000;

describe('paperbot start with Discord configured', () => {
  let standin: DiscordStandin;
  let running: PaperbotProcess | undefined;
  let dataDir: string;

  beforeEach(async () => {
    standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'paperbot-start-'));
  });

  afterEach(async () => {
    await stopPaperbot(running);
    await standin.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  function start(token: string, logLevel = 'warn'): PaperbotProcess {
    return spawnPaperbot(['start'], {
      LOG_LEVEL: logLevel,
      CORPUS_DIR: SHIPPED_CORPUS,
      DATA_DIR: dataDir,
      DISCORD_TOKEN: token,
      DISCORD_APPLICATION_ID: STANDIN_IDS.application,
      DISCORD_API_URL: standin.apiUrl,
    });
  }

  it(
    'exits non-zero with one line, and no stack trace or token, when the token is refused',
    async () => {
      running = start(WRONG_TOKEN);
      const result = await running.exited;
      expect(result.code).not.toBe(0);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^paperbot: discord could not start: .*DISCORD_TOKEN/);
      expect(result.stderr).not.toContain(WRONG_TOKEN);
    },
    START_TIMEOUT_MS,
  );

  it(
    'connects, and closes the gateway and exits 0 on SIGTERM',
    async () => {
      running = start(STANDIN_TOKEN, 'info');
      // Signals are handled once start-up is complete, which the log says.
      await running.waitForLog(/"msg":"paperbot started"/);
      expect(standin.identifies).toHaveLength(1);
      running.child.kill('SIGTERM');
      const result = await running.exited;
      expect(result.code).toBe(0);
      expect(result.stderr).not.toContain(STANDIN_TOKEN);
    },
    START_TIMEOUT_MS,
  );
});
