import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPIRED_ACTION_MESSAGE } from '../../src/bot.ts';
import { allButtons, buttonLabelled, DiscordHarness } from '../support/discord-harness.ts';
import { autocompleteInteraction, buttonInteraction, chatInputInteraction } from '../support/discord-payloads.ts';

const LENG_TITLE =
  'Transplantation of ACE2(-) Mesenchymal Stem Cells Improves the Outcome of Patients with COVID-19 Pneumonia';
const ZHU_TITLE =
  'Mesenchymal stem cell treatment improves outcome of COVID-19 patients via multiple immunomodulatory mechanisms.';
const EPHEMERAL = 64;

describe('slash commands on the shipped corpus', () => {
  let harness: DiscordHarness;

  beforeAll(async () => {
    harness = await DiscordHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('connects with the Guilds intent only', () => {
    expect(harness.standin.identifies.map((identify) => identify.intents)).toEqual([1]);
  });

  it('answers /paper query:"MSC COVID" with both seed entries as embeds and their buttons', async () => {
    const callback = await harness.send(chatInputInteraction('paper', { query: 'MSC COVID' }));
    expect(callback.type).toBe(4);
    const titles = (callback.data.embeds ?? []).map((embed) => embed.title);
    expect(titles).toHaveLength(2);
    expect(titles).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\d\. Transplantation of ACE2\(-\) Mesenchymal/),
        expect.stringMatching(/^\d\. Mesenchymal stem cell treatment/),
      ]),
    );
    expect(titles.map((title) => title?.replace(/^\d\. /, ''))).toEqual(
      expect.arrayContaining([LENG_TITLE, ZHU_TITLE]),
    );
    expect(allButtons(callback).map((button) => button.label)).toEqual([
      '1 · Summary',
      '1 · Similar',
      '1 · Cite',
      '1 · Discuss',
      '2 · Summary',
      '2 · Similar',
      '2 · Cite',
      '2 · Discuss',
      'Timeline',
    ]);
    expect(callback.data.allowed_mentions).toEqual({ parse: [] });
    expect(callback.data.flags ?? 0).toBe(0);
    expect(callback.data.content).toContain('MSC COVID');
  });

  it('suggests entries while the user types an entry option', async () => {
    const callback = await harness.send(autocompleteInteraction('paper-summary', 'entry', 'mesenchym'));
    expect(callback.type).toBe(8);
    const choices = callback.data.choices ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.map((choice) => choice.value)).toContain('S-EPMC8546390');
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
    }
  });

  it('suggests titles as query text for the query option', async () => {
    const callback = await harness.send(autocompleteInteraction('paper', 'query', 'immunomod'));
    expect(callback.type).toBe(8);
    expect(callback.data.choices?.map((choice) => choice.value)).toContain(ZHU_TITLE.slice(0, 100));
  });

  it('answers a Summary click with a new message, leaving the results in place', async () => {
    const results = await harness.send(chatInputInteraction('paper', { query: 'MSC COVID' }));
    const summary = buttonLabelled(results, '2 · Summary');
    const callback = await harness.send(buttonInteraction(summary.custom_id));
    expect(callback.type).toBe(4);
    const embed = callback.data.embeds?.[0];
    expect(embed?.title).toBe(ZHU_TITLE);
    expect(embed?.description?.length).toBeGreaterThan(100);
    expect(embed?.footer?.text).toMatch(/summary/i);
    expect(allButtons(callback).map((button) => button.label)).toEqual(['Similar', 'Cite', 'Discuss']);
  });

  it('answers a Similar click with the other seed entry', async () => {
    const results = await harness.send(chatInputInteraction('paper', { query: 'MSC COVID' }));
    const callback = await harness.send(buttonInteraction(buttonLabelled(results, '1 · Similar').custom_id));
    expect(callback.type).toBe(4);
    const text = JSON.stringify(callback.data.embeds);
    expect(text).toContain('S-EPMC8546390');
  });

  it("answers an expired button privately with the core's sentence", async () => {
    const callback = await harness.send(buttonInteraction('pb1~gone-long-ago'));
    expect(callback.type).toBe(4);
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(callback.data.content).toBe(EXPIRED_ACTION_MESSAGE);
  });

  it('answers /paper-help privately', async () => {
    const callback = await harness.send(chatInputInteraction('paper-help'));
    expect(callback.type).toBe(4);
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(JSON.stringify(callback.data.embeds)).toContain('/paper summary S-EPMC8546390');
  });

  it('answers an unknown entry with a private, helpful sentence', async () => {
    const callback = await harness.send(chatInputInteraction('paper-summary', { entry: 'S-EPMC0000000' }));
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(callback.data.content).toMatch(/^No entry matches "S-EPMC0000000"/);
  });
});
