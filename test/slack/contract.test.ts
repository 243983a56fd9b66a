import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { slackCaller } from '../../src/platforms/slack/caller.ts';
import { responseFor } from '../../src/platforms/slack/response.ts';
import { SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { buttonsOf, limitViolations } from '../support/slack-blocks.ts';
import { COMMANDS } from '../../commands/index.ts';

describe('every command renders within Slack limits', () => {
  it('holds for each command example, and for every button those replies offer', async () => {
    const bot = new Bot({ commands: COMMANDS, corpus: await Corpus.load(SHIPPED_CORPUS), logger: silentLogger() });
    const caller = slackCaller('C0PAPERS', 'U0READER', true);
    const seen: string[] = [];
    for (const command of bot.commands) {
      const text = command.example.replace(/^\/paper\s*/, '');
      const response = responseFor(await bot.runSubcommandText(text, caller), { source: { kind: 'text', text } });
      expect(limitViolations(response), command.example).toEqual([]);
      seen.push(command.example);
      for (const button of buttonsOf(response).filter((candidate) => candidate.actionId !== 'paperbot:share')) {
        const pressed = responseFor(await bot.runAction(button.value, caller), {
          source: { kind: 'action', actionId: button.value },
        });
        expect(limitViolations(pressed), `${command.example} → ${button.text}`).toEqual([]);
      }
    }
    expect(seen.length).toBe(bot.commands.length);
  });
});
