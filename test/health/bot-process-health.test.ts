import { createServer } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { DiscordStandin } from '../support/discord-standin.ts';
import { STANDIN_TOKEN } from '../support/discord-harness.ts';
import { TempFolders } from '../notify/entry-files.ts';
import { discordBotEnvironment, startBotProcess, stopChild, type BotProcess } from '../notify/bot-process.ts';

const bots: BotProcess[] = [];
const standins: DiscordStandin[] = [];
const folders = new TempFolders();
afterEach(async () => {
  for (const bot of bots.splice(0)) await stopChild(bot.child, 'SIGKILL');
  for (const standin of standins.splice(0)) await standin.close();
  folders.cleanup();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address && typeof address === 'object' ? address.port : 0;
}

it('paperbot start opens its health endpoints before loading anything, and reports Discord once connected', async () => {
  const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
  standins.push(standin);
  const port = await freePort();
  const data = folders.make();
  const env = discordBotEnvironment(standin, folders.make(), data, { HEALTH_PORT: String(port) });
  const bot = await startBotProcess(env, data, bots);
  const log = bot.output();
  expect(log.indexOf('HTTP endpoints listening')).toBeGreaterThan(-1);
  // Before the store, the corpus and the platforms: /healthz answers all through start-up.
  expect(log.indexOf('HTTP endpoints listening')).toBeLessThan(log.indexOf('connected to Discord'));
  const base = `http://127.0.0.1:${port}`;
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  const ready = await fetch(`${base}/readyz`);
  expect({ status: ready.status, body: await ready.text() }).toEqual({ status: 200, body: 'ready\n' });
  const metrics = await (await fetch(`${base}/metrics`)).text();
  expect(metrics).toContain('paperbot_corpus_entries 0');
  expect(metrics).toContain('paperbot_corpus_duties_owner 1');
  await stopChild(bot.child, 'SIGTERM');
});
