// DISCORD_API_URL pointing at something that is not Discord's API: start-up stops with one clear
// line naming the variable, never a TypeError from inside discord.js, and never hangs.
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { DiscordPlatform } from '../../src/platforms/discord/discord-platform.ts';
import { SHIPPED_CORPUS, STANDIN_TOKEN } from '../support/discord-harness.ts';
import { spawnPaperbot, stopPaperbot, type PaperbotProcess } from '../support/discord-process.ts';
import { COMMANDS } from '../../commands/index.ts';

interface Answer {
  readonly contentType: string;
  readonly body: string;
}

const sessionLimit = { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 };
const json = (value: unknown): Answer => ({ contentType: 'application/json', body: JSON.stringify(value) });

/** Answers that are not Discord's, each as some other service or a misconfigured proxy might give. */
const ANSWERS: Readonly<Record<string, Answer>> = {
  "another service's JSON": json({ hello: 'world' }),
  'JSON null': json(null),
  'a JSON list': json([]),
  'an HTML page': { contentType: 'text/html', body: '<html><body>Welcome to nginx!</body></html>' },
  'a gateway URL that is not a URL': json({ url: 'not a url', shards: 1, session_start_limit: sessionLimit }),
  'a gateway that is not a WebSocket': json({
    url: 'https://127.0.0.1:1/',
    shards: 1,
    session_start_limit: sessionLimit,
  }),
  'fields of the wrong type': json({ url: 'wss://127.0.0.1:1/', shards: 'one', session_start_limit: sessionLimit }),
};

const servers: http.Server[] = [];
let running: PaperbotProcess | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await stopPaperbot(running);
  running = undefined;
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

/** A loopback HTTP server that gives the same answer to every request, and counts them. */
async function notDiscord(answer: Answer): Promise<{ apiUrl: string; requests: string[] }> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'content-type': answer.contentType });
    response.end(answer.body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, requests };
}

async function startFailure(apiUrl: string): Promise<string> {
  const corpus = await Corpus.load(SHIPPED_CORPUS);
  const platform = new DiscordPlatform({
    token: STANDIN_TOKEN,
    apiUrl,
    bot: new Bot({ commands: COMMANDS, corpus, logger: silentLogger() }),
    logger: silentLogger(),
    readyTimeoutMs: 20_000,
  });
  try {
    return await platform.start().then(
      () => 'started',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
  } finally {
    await platform.stop();
  }
}

describe('DISCORD_API_URL that does not answer like Discord', () => {
  for (const [name, answer] of Object.entries(ANSWERS)) {
    it(`stops start-up with one line naming DISCORD_API_URL when /gateway/bot gives ${name}`, async () => {
      const server = await notDiscord(answer);
      const message = await startFailure(server.apiUrl);
      expect(message).toMatch(
        /^127\.0\.0\.1:\d+ does not answer like Discord's API \(GET \/gateway\/bot gave .+\); check DISCORD_API_URL$/,
      );
      expect(message).not.toMatch(/TypeError|Cannot read|undefined|\n/);
      expect(message).not.toContain(STANDIN_TOKEN);
      expect(server.requests).toEqual(['GET /api/v10/gateway/bot']);
    });
  }

  it('says which field is missing or wrong', async () => {
    expect(await startFailure((await notDiscord(ANSWERS["another service's JSON"] as Answer)).apiUrl)).toContain(
      'gave an object without "url"',
    );
    expect(
      await startFailure((await notDiscord(ANSWERS['a gateway that is not a WebSocket'] as Answer)).apiUrl),
    ).toContain('"url" that is not a ws:// or wss:// URL');
    expect(await startFailure((await notDiscord(ANSWERS['an HTML page'] as Answer)).apiUrl)).toContain(
      'gave an answer that is not JSON',
    );
  });

  it('makes `paperbot start` exit non-zero with that one line on stderr', async () => {
    const server = await notDiscord(ANSWERS['a gateway URL that is not a URL'] as Answer);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'paperbot-api-'));
    running = spawnPaperbot(['start'], {
      CORPUS_DIR: SHIPPED_CORPUS,
      DATA_DIR: dataDir,
      DISCORD_TOKEN: STANDIN_TOKEN,
      DISCORD_API_URL: server.apiUrl,
    });
    const result = await running.exited;
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^paperbot: discord could not start: 127\.0\.0\.1:\d+ does not answer like Discord's API .*; check DISCORD_API_URL$/,
      ),
    ]);
  }, 60_000);
});
