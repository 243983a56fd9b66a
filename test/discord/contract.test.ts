import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/command-types.ts';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { renderChannelMessage, renderReply } from '../../src/platforms/discord/render.ts';
import { SHIPPED_CORPUS } from '../support/discord-harness.ts';
import { expectNoLiveMentions, expectWithinDiscordLimits } from '../support/discord-limits.ts';
import { COMMANDS } from '../../commands/index.ts';

const CALLER: Caller = {
  platform: 'discord',
  channelId: '1100000000000000003',
  userId: '1100000000000000004',
  canManageChannel: true,
};

describe("every command's reply on Discord", () => {
  let bot: Bot;

  beforeAll(async () => {
    bot = new Bot({ commands: COMMANDS, corpus: await Corpus.load(SHIPPED_CORPUS), logger: silentLogger() });
  });

  it("renders within Discord's limits, for each command's own example and for every button in it", async () => {
    expect(bot.commands.length).toBeGreaterThan(0);
    for (const command of bot.commands) {
      const reply = await bot.runLine(command.example, CALLER);
      for (const message of [renderReply(reply), renderChannelMessage(reply)]) {
        expectWithinDiscordLimits(message);
        expectNoLiveMentions(message);
      }
      const buttons = [...reply.actions, ...reply.cards.flatMap((card) => card.actions ?? [])];
      for (const button of buttons) expectWithinDiscordLimits(renderReply(await bot.runAction(button.id, CALLER)));
    }
  });
});
