import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { STANDIN_TOKEN } from '../support/discord-harness.ts';
import { chatInputInteraction, STANDIN_IDS } from '../support/discord-payloads.ts';
import { spawnPaperbot, stopPaperbot, type PaperbotProcess } from '../support/discord-process.ts';
import { DiscordStandin } from '../support/discord-standin.ts';
import { commandFrom, dispatchAll } from '../support/hardening-discord.ts';

/**
 * Malformed gateway dispatches make discord.js itself throw (outside any handler of ours); the
 * real paperbot process survives them, keeps answering, and prints no secret while doing so.
 */
let running: PaperbotProcess | undefined;
let standin: DiscordStandin | undefined;
const folders: string[] = [];

afterEach(async () => {
  await stopPaperbot(running);
  await standin?.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const MALFORMED: Readonly<Record<string, (payload: Record<string, unknown>) => void>> = {
  'no entitlements': (payload) => delete payload.entitlements,
  'no data': (payload) => delete payload.data,
  'no member': (payload) => delete payload.member,
  'data is null': (payload) => (payload.data = null),
  'options not a list': (payload) => (payload.data = { ...(payload.data as object), options: 'x' }),
  'unknown type': (payload) => (payload.type = 99),
  'no channel': (payload) => {
    delete payload.channel;
    delete payload.channel_id;
  },
};

describe('malformed Discord payloads', () => {
  it('never take the process down, and nothing it prints holds the token', async () => {
    standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-malformed-'));
    folders.push(dataDir);
    running = spawnPaperbot([], {
      DISCORD_TOKEN: STANDIN_TOKEN,
      DISCORD_APPLICATION_ID: STANDIN_IDS.application,
      DISCORD_API_URL: standin.apiUrl,
      CORPUS_DIR: path.resolve('corpus'),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'debug',
    });
    await running.waitForLog(/paperbot started/);
    for (const mutate of Object.values(MALFORMED)) {
      const interaction = chatInputInteraction('paper', { query: 'MSC' });
      mutate(interaction.payload);
      standin.dispatchInteraction(interaction.payload);
    }
    const [answer] = await dispatchAll(standin, [commandFrom(STANDIN_IDS.user, 'paper', { query: 'MSC COVID' })]);
    expect(answer?.callback.data.embeds?.length).toBeGreaterThan(0);
    expect(running.child.exitCode).toBeNull();

    await stopPaperbot(running);
    const output = await running.exited;
    const printed = `${output.stdout}\n${output.stderr}`;
    expect(printed).not.toContain(STANDIN_TOKEN);
    const unexpected = printed.split('\n').filter((line) => line.includes('unexpected error')).length;
    console.log(
      `malformed Discord payloads: ${Object.keys(MALFORMED).length} dispatched, the process kept answering; ${unexpected} errors reported on stderr, none with the token`,
    );
  }, 60_000);
});
