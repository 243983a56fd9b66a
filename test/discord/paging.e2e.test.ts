import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allButtons, buttonLabelled, DiscordHarness, type InteractionCallback } from '../support/discord-harness.ts';
import { buttonInteraction, chatInputInteraction, messageObject, STANDIN_IDS } from '../support/discord-payloads.ts';
import { removeTempCorpus, writeTempCorpus } from '../support/discord-corpus.ts';
import { expectWithinDiscordLimits } from '../support/discord-limits.ts';

const ORGANOID_TITLES = Array.from(
  { length: 7 },
  (_, index) => `Organoid study number ${index + 1} on kidney development`,
);

/** The message the button sits on, as Discord sends it with the click. */
function pressedOn(callback: InteractionCallback): unknown {
  return messageObject(STANDIN_IDS.channel, '1300000000000000099', callback.data);
}

describe('paging through results on Discord', () => {
  let harness: DiscordHarness;
  let corpusDir: string;

  beforeAll(async () => {
    corpusDir = await writeTempCorpus(
      ORGANOID_TITLES.map((title, index) => ({
        title,
        abstract: `Kidney organoids grown for ${index + 2} weeks show nephron patterning.`,
        doi: `10.5555/organoid.${index + 1}`,
      })),
    );
    harness = await DiscordHarness.start({ corpusDir });
  });

  afterAll(async () => {
    await harness?.close();
    await removeTempCorpus(corpusDir);
  });

  it('shows the first five of seven matches with a Next button on the last row', async () => {
    const first = await harness.send(chatInputInteraction('paper', { query: 'organoid' }));
    expect(first.type).toBe(4);
    expect(first.data.embeds).toHaveLength(5);
    expect(first.data.content).toContain('page 1 of 2');
    const rows = first.data.components ?? [];
    expect(rows[rows.length - 1]?.components.map((button) => button.label)).toEqual(['Next ▶', 'Timeline']);
    expectWithinDiscordLimits(first.data);
  });

  it('replaces the message in place when Next and Prev are pressed', async () => {
    const first = await harness.send(chatInputInteraction('paper', { query: 'organoid' }));
    const next = await harness.send(buttonInteraction(buttonLabelled(first, 'Next ▶').custom_id, pressedOn(first)));
    expect(next.type).toBe(7);
    expect(next.data.embeds).toHaveLength(2);
    expect(next.data.content).toContain('page 2 of 2');
    expect(next.data.flags).toBeUndefined();
    const shown = [...(first.data.embeds ?? []), ...(next.data.embeds ?? [])].map((embed) =>
      embed.title?.replace(/^\d+\. /, ''),
    );
    expect(new Set(shown)).toEqual(new Set(ORGANOID_TITLES));
    expect(allButtons(next).map((button) => button.label)).toContain('◀ Prev');

    const back = await harness.send(buttonInteraction(buttonLabelled(next, '◀ Prev').custom_id, pressedOn(next)));
    expect(back.type).toBe(7);
    expect(back.data.embeds?.map((embed) => embed.title)).toEqual(first.data.embeds?.map((embed) => embed.title));
  });

  it('answers Summary on a later page with a new message, leaving the page in place', async () => {
    const first = await harness.send(chatInputInteraction('paper', { query: 'organoid' }));
    const next = await harness.send(buttonInteraction(buttonLabelled(first, 'Next ▶').custom_id, pressedOn(first)));
    const summary = await harness.send(
      buttonInteraction(buttonLabelled(next, '1 · Summary').custom_id, pressedOn(next)),
    );
    expect(summary.type).toBe(4);
    expect(ORGANOID_TITLES).toContain(summary.data.embeds?.[0]?.title);
  });
});
