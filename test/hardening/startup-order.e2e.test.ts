// A platform accepts commands only once the bot can answer them at once: all start-up work on the
// bot's thread (the corpus read and indexed, the folder watched and caught up, the notifier's
// ledger) is done before the gateway session opens, so no command waits behind it past Discord's
// 3 s. citation-js's styles are read then too, on their thread, so no one's first Cite waits on
// them. (The snapshot is written on a thread of its own, and may still be.)
// How long that work blocks is measured by `npm run bench:startup`, not here.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_FILE_NAME } from '../../src/store/sqlite/open.ts';
import { SHIPPED_CORPUS, STANDIN_TOKEN } from '../support/discord-harness.ts';
import { STANDIN_IDS } from '../support/discord-payloads.ts';
import { spawnPaperbot, stopPaperbot, type PaperbotProcess } from '../support/discord-process.ts';
import { DiscordStandin } from '../support/discord-standin.ts';
import { commandFrom, dispatchAll } from '../support/hardening-discord.ts';

let standin: DiscordStandin | undefined;
let running: PaperbotProcess | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await stopPaperbot(running);
  await standin?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  running = undefined;
  standin = undefined;
  dataDir = undefined;
});

describe('paperbot start', () => {
  it('opens its Discord session only after the start-up work is done, and answers a command sent right then', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'paperbot-order-'));
    dataDir = dir;
    // Read when the bot identifies, before it is sent READY: the notifier's first-start baseline is
    // written by the last start-up step (after the folder is watched and caught up), so it must be there.
    let baselineAtIdentify: { value: string } | undefined;
    let logAtIdentify = '';
    const readBaseline = (): void => {
      // The logger writes to a pipe synchronously: what was logged before connecting is here already.
      logAtIdentify = running?.stderr() ?? '';
      const store = new Database(path.join(dir, STORE_FILE_NAME), { readonly: true, fileMustExist: true });
      baselineAtIdentify = store
        .prepare<[string], { value: string }>('SELECT value FROM meta WHERE name = ?')
        .get('ledger.baseline');
      store.close();
    };
    standin = await DiscordStandin.start({ token: STANDIN_TOKEN, onIdentify: readBaseline });
    running = spawnPaperbot(['start'], {
      CORPUS_DIR: SHIPPED_CORPUS,
      DATA_DIR: dir,
      DISCORD_TOKEN: STANDIN_TOKEN,
      DISCORD_APPLICATION_ID: STANDIN_IDS.application,
      DISCORD_API_URL: standin.apiUrl,
      LOG_LEVEL: 'info',
    });
    const exited = running.exited.then((result) =>
      Promise.reject(new Error(`paperbot exited (${result.code}): ${result.stderr.slice(-500)}`)),
    );
    await Promise.race([standin.waitForSession(), exited]);
    expect(baselineAtIdentify?.value).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(logAtIdentify).toContain('"msg":"citation styles ready"');

    const [answer] = await dispatchAll(standin, [commandFrom('1100000000000000777', 'paper', { query: 'MSC COVID' })]);
    expect(answer?.callback.data.embeds?.length).toBe(2);
    await running.waitForLog(/"msg":"paperbot started"/);
  }, 90_000);
});
