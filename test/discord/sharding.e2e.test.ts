import { afterEach, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { DiscordPlatform } from '../../src/platforms/discord/discord-platform.ts';
import { DiscordStandin } from '../support/discord-standin.ts';
import { SHIPPED_CORPUS, STANDIN_TOKEN } from '../support/discord-harness.ts';
import { COMMANDS } from '../../commands/index.ts';

/**
 * A bot in more than 2 500 servers must shard its gateway connection. Each process runs the
 * shards named by DISCORD_SHARDS of DISCORD_SHARD_COUNT through discord.js's own sharding, so
 * replicas split the servers between them and no interaction reaches two of them.
 */
const platforms: DiscordPlatform[] = [];
const standins: DiscordStandin[] = [];

afterEach(async () => {
  // A client whose server vanished first reconnects forever: stop the clients, then the stand-in.
  for (const platform of platforms.splice(0)) await platform.stop();
  for (const standin of standins.splice(0)) await standin.close();
});

const base = { CORPUS_DIR: SHIPPED_CORPUS, DISCORD_TOKEN: STANDIN_TOKEN };

describe('Discord sharding', () => {
  it('reads the shards of this process from DISCORD_SHARDS and DISCORD_SHARD_COUNT', () => {
    const config = loadConfig({ ...base, DISCORD_SHARD_COUNT: '4', DISCORD_SHARDS: '0-1, 3' });
    expect(config.ok && config.config.discord?.shards).toEqual({ ids: [0, 1, 3], count: 4 });
    const all = loadConfig({ ...base, DISCORD_SHARD_COUNT: '2' });
    expect(all.ok && all.config.discord?.shards).toEqual({ ids: [0, 1], count: 2 });
    const unsharded = loadConfig(base);
    expect(unsharded.ok && unsharded.config.discord?.shards).toBeUndefined();
  });

  it('names the variable when the shards do not add up', () => {
    const outside = loadConfig({ ...base, DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: '1-2' });
    expect(outside.ok ? [] : outside.errors).toEqual([
      'DISCORD_SHARDS: 1-2 is not within 0-1 (DISCORD_SHARD_COUNT is 2)',
    ]);
    const alone = loadConfig({ ...base, DISCORD_SHARDS: '0' });
    expect(alone.ok ? [] : alone.errors).toEqual([
      'DISCORD_SHARD_COUNT: missing; DISCORD_SHARDS needs the total number of shards beside it',
    ]);
    const garbled = loadConfig({ ...base, DISCORD_SHARD_COUNT: 'two', DISCORD_SHARDS: 'first' });
    expect(garbled.ok ? [] : garbled.errors.map((error) => error.split(':')[0])).toEqual([
      'DISCORD_SHARD_COUNT',
      'DISCORD_SHARDS',
    ]);
  });

  it('identifies each process on the gateway with its own shard of the total', async () => {
    const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
    standins.push(standin);
    const corpus = await Corpus.load(SHIPPED_CORPUS);
    for (const id of [0, 1]) {
      const platform = new DiscordPlatform({
        token: STANDIN_TOKEN,
        apiUrl: standin.apiUrl,
        bot: new Bot({ commands: COMMANDS, corpus, logger: silentLogger() }),
        logger: silentLogger(),
        shards: { ids: [id], count: 2 },
      });
      platforms.push(platform);
      await platform.start();
    }
    expect(standin.identifies.map((identify) => identify.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });
});
