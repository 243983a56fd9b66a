import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { DiscordStandin } from '../support/discord-standin.ts';
import { STANDIN_TOKEN } from '../support/discord-harness.ts';
import { chatInputInteraction } from '../support/discord-payloads.ts';
import { entryFile, eventually, TempFolders } from './entry-files.ts';
import {
  announcedTitles,
  counts,
  discordBotEnvironment,
  quiet,
  startBotProcess,
  stopChild,
  type BotProcess,
} from './bot-process.ts';

const BIN = fileURLToPath(new URL('../support/paperbot-from-source.mjs', import.meta.url));
const bots: BotProcess[] = [];
const standins: DiscordStandin[] = [];
const folders = new TempFolders();
afterEach(async () => {
  for (const bot of bots.splice(0)) await stopChild(bot.child, 'SIGKILL');
  for (const standin of standins.splice(0)) await standin.close();
  folders.cleanup();
});

/** Runs one `paperbot` subcommand to its end, as an operator types it. */
function paperbot(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

const title = (name: string): string => `Backed-up entry ${name}`;
const add = (corpus: string, name: string): void =>
  writeFileSync(path.join(corpus, `${name}.md`), entryFile({ title: title(name), doi: `10.5555/backup.${name}` }));

it('a restored store announces exactly what its backup had not seen, once each, and restore refuses a running bot', async () => {
  const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
  standins.push(standin);
  const corpus = folders.make();
  const data = folders.make();
  const env = discordBotEnvironment(standin, corpus, data);
  const first = await startBotProcess(env, data, bots);
  const interaction = chatInputInteraction('paper-subscribe', {}, { canManageChannel: true });
  const answered = standin.waitForRequest((request) => request.path.includes(`/interactions/${interaction.id}/`));
  standin.dispatchInteraction(interaction.payload);
  await answered;

  add(corpus, 'a');
  await eventually('a to be announced', () => announcedTitles(standin).includes(title('a')), 30_000);
  const backup = path.join(folders.make(), 'paperbot-backup.sqlite');
  // Taken while the bot runs.
  expect(await paperbot(['backup', backup], env, data)).toMatchObject({ code: 0 });
  expect(existsSync(backup)).toBe(true);

  add(corpus, 'b');
  add(corpus, 'c');
  await eventually(
    'b and c to be announced',
    () => announcedTitles(standin).includes(title('c')) && announcedTitles(standin).includes(title('b')),
    30_000,
  );
  const refused = await paperbot(['restore', backup], env, data);
  expect(refused.code).toBe(1);
  expect(refused.output).toContain(`paperbot: restore refused: a paperbot (process ${first.child.pid}) is running`);

  await stopChild(first.child, 'SIGTERM');
  const restored = await paperbot(['restore', backup], env, data);
  expect(restored).toMatchObject({ code: 0 });
  const before = announcedTitles(standin).length;

  await startBotProcess(env, data, bots);
  add(corpus, 'd');
  await eventually('d to be announced', () => announcedTitles(standin).includes(title('d')), 30_000);
  await quiet(standin);
  // The backup's ledger had seen a, not b or c: those two again, d once, a never again.
  expect(counts(announcedTitles(standin).slice(before))).toEqual(
    new Map([
      [title('b'), 1],
      [title('c'), 1],
      [title('d'), 1],
    ]),
  );
}, 150_000);
