import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';
import { buildAllApplicationCommands } from '../../src/platforms/discord/application-commands.ts';
import { registerDiscordCommands } from '../../src/platforms/discord/register.ts';
import { registerDiscordFromConfig } from '../../src/cli/register-discord.ts';
import { loadConfig } from '../../src/config.ts';
import { DiscordStandin } from '../support/discord-standin.ts';
import { STANDIN_IDS } from '../support/discord-payloads.ts';
import { STANDIN_TOKEN } from '../support/discord-harness.ts';
import { spawnPaperbot, stopPaperbot, type PaperbotProcess } from '../support/discord-process.ts';

const WRONG_TOKEN = ['MTEwMDAwMDAwMDAwMDAwMDk5', 'GWrong', 'wrong-token-that-discord-refuses-0000'].join('.');

describe('registering the commands with Discord', () => {
  let standin: DiscordStandin;

  beforeEach(async () => {
    standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
  });

  afterEach(async () => {
    await standin.close();
  });

  it("overwrites one guild's commands when a guild is set", async () => {
    const outcome = await registerDiscordCommands(
      {
        token: STANDIN_TOKEN,
        applicationId: STANDIN_IDS.application,
        guildId: STANDIN_IDS.guild,
        apiUrl: standin.apiUrl,
      },
      COMMANDS,
    );
    const puts = standin.requests.filter((request) => request.method === 'PUT');
    expect(puts.map((request) => request.path)).toEqual([
      `/applications/${STANDIN_IDS.application}/guilds/${STANDIN_IDS.guild}/commands`,
    ]);
    expect(puts[0]?.body).toEqual(buildAllApplicationCommands(COMMANDS));
    expect(puts[0]?.authorization).toBe(`Bot ${STANDIN_TOKEN}`);
    expect(outcome.names).toEqual(COMMANDS.map((command) => command.name));
    expect(outcome.messageCommands).toEqual(['Find in paperbot']);
  });

  it('overwrites the global commands when no guild is set, looking the application up from the token', async () => {
    await registerDiscordCommands({ token: STANDIN_TOKEN, apiUrl: standin.apiUrl }, COMMANDS);
    expect(standin.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /applications/@me',
      `PUT /applications/${STANDIN_IDS.application}/commands`,
    ]);
  });

  it('changes nothing when run twice', async () => {
    const settings = { token: STANDIN_TOKEN, applicationId: STANDIN_IDS.application, apiUrl: standin.apiUrl };
    await registerDiscordCommands(settings, COMMANDS);
    const first = JSON.stringify(standin.registeredCommands('global'));
    await registerDiscordCommands(settings, COMMANDS);
    const puts = standin.requests.filter((request) => request.method === 'PUT');
    expect(puts).toHaveLength(2);
    expect(JSON.stringify(puts[1]?.body)).toBe(JSON.stringify(puts[0]?.body));
    expect(JSON.stringify(standin.registeredCommands('global'))).toBe(first);
  });

  it('fails with one clear line, without the token, when Discord refuses the token', async () => {
    const failure = await registerDiscordCommands(
      { token: WRONG_TOKEN, applicationId: STANDIN_IDS.application, apiUrl: standin.apiUrl },
      COMMANDS,
    ).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(failure).toMatch(/DISCORD_TOKEN/);
    expect(failure).not.toContain(WRONG_TOKEN);
    expect(failure).not.toContain('\n');
  });
});

describe('paperbot register-discord', () => {
  it('says which variable is missing when no token is set', async () => {
    const loaded = loadConfig({ CORPUS_DIR: path.resolve('corpus') });
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    expect(await registerDiscordFromConfig(loaded.config, COMMANDS)).toEqual({
      exitCode: 2,
      lines: [expect.stringMatching(/^DISCORD_TOKEN: missing/)],
    });
  });

  let standin: DiscordStandin;
  let running: PaperbotProcess | undefined;
  let dataDir: string;

  beforeEach(async () => {
    standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'paperbot-register-'));
  });

  afterEach(async () => {
    await stopPaperbot(running);
    await standin.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('registers every command to the configured guild and says so', async () => {
    running = spawnPaperbot(['register-discord'], {
      CORPUS_DIR: path.resolve('corpus'),
      DATA_DIR: dataDir,
      DISCORD_TOKEN: STANDIN_TOKEN,
      DISCORD_APPLICATION_ID: STANDIN_IDS.application,
      DISCORD_GUILD_ID: STANDIN_IDS.guild,
      DISCORD_API_URL: standin.apiUrl,
    });
    const result = await running.exited;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^Registered ${COMMANDS.length} commands to guild ${STANDIN_IDS.guild}.*and the message command "Find in paperbot"`,
      ),
    );
    expect(standin.registeredCommands(STANDIN_IDS.guild)).toHaveLength(buildAllApplicationCommands(COMMANDS).length);
  });
});
