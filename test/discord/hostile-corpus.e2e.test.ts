import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allButtons, DiscordHarness } from '../support/discord-harness.ts';
import { autocompleteInteraction, buttonInteraction, chatInputInteraction } from '../support/discord-payloads.ts';
import { removeTempCorpus, writeTempCorpus } from '../support/discord-corpus.ts';
import { expectNoLiveMentions, expectWithinDiscordLimits } from '../support/discord-limits.ts';

const MARKUP = '@here <@123> <@&1> <#1> **bold** _it_ ~~s~~ ||spoiler|| `code` [click](https://evil.example)';
const HOSTILE_TITLE = `@everyone zebrafish ${MARKUP} ${'fin regeneration '.repeat(600)}`.slice(0, 10_000);

describe('a corpus entry written to abuse Discord', () => {
  let harness: DiscordHarness;
  let corpusDir: string;

  beforeAll(async () => {
    corpusDir = await writeTempCorpus([
      {
        title: HOSTILE_TITLE,
        abstract: `# Heading\n> quote\n${MARKUP} zebrafish ${'blastema '.repeat(2000)}`,
        doi: '10.5555/hostile.1',
        author: '@everyone, <@123>',
      },
      { title: 'A calm zebrafish paper', abstract: 'Zebrafish fins regrow.', doi: '10.5555/calm.1' },
    ]);
    harness = await DiscordHarness.start({ corpusDir });
  });

  afterAll(async () => {
    await harness?.close();
    await removeTempCorpus(corpusDir);
  });

  it('answers a search within every limit, with no mention parsed or rendered', async () => {
    const callback = await harness.send(chatInputInteraction('paper', { query: 'zebrafish' }));
    expect(callback.type).toBe(4);
    expectWithinDiscordLimits(callback.data);
    expectNoLiveMentions(callback.data);
    const hostile = callback.data.embeds?.find(
      (embed) => embed.title?.includes('zebrafish') && embed.title.length > 200,
    );
    expect(hostile?.title?.length).toBeLessThanOrEqual(256);
    expect(hostile?.title).toMatch(/…$/);
    expect(hostile?.title).toContain('\\*\\*bold\\*\\*');
    expect(hostile?.title).not.toMatch(/(^|[^\\])\[click/);
  });

  it("answers the hostile entry's Summary within every limit", async () => {
    const results = await harness.send(chatInputInteraction('paper', { query: 'zebrafish' }));
    const summaries = allButtons(results).filter((button) => button.label.endsWith('Summary'));
    for (const button of summaries) {
      const callback = await harness.send(buttonInteraction(button.custom_id));
      expectWithinDiscordLimits(callback.data);
      expectNoLiveMentions(callback.data);
      for (const line of (callback.data.embeds?.[0]?.description ?? '').split('\n')) expect(line).not.toMatch(/^(#|>)/);
    }
  });

  it('suggests the hostile title with names within 100 characters and no mention', async () => {
    const callback = await harness.send(autocompleteInteraction('paper-summary', 'entry', 'zebraf'));
    const choices = callback.data.choices ?? [];
    expect(choices.length).toBeGreaterThanOrEqual(2);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
      expect(choice.name).not.toMatch(/@everyone|<@/);
    }
  });
});
