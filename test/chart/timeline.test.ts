// `/paper timeline`: the chart's bars are the query's entries per year, the PNG decodes at the
// chart's size, and the text around it gives the total and the top venues.
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { CHART_HEIGHT, CHART_WIDTH, chartText, timelineSpec } from '../../src/chart/timeline-chart.ts';
import { timelineOf } from '../../src/chart/timeline-data.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { richToPlain } from '../../src/reply.ts';
import { TempDirs } from '../support/corpus-files.ts';
import { ORGANOID_PER_YEAR, ORGANOID_TOTAL, organoidCorpus } from '../support/timeline-corpus.ts';
import { COMMANDS } from '../../commands/index.ts';

const dirs = new TempDirs();
let bot: Bot;

beforeAll(async () => {
  bot = new Bot({
    commands: COMMANDS,
    corpus: await Corpus.load(await dirs.make(organoidCorpus())),
    logger: silentLogger(),
  });
});
afterAll(() => dirs.cleanup());

// vega, vega-lite and resvg load on first use: seconds on a busy machine.
describe('/paper timeline', { timeout: 120_000 }, () => {
  it("draws one bar per year of the matching entries, empty years as 0, as a PNG of the chart's size", async () => {
    const reply = await bot.runLine('/paper timeline organoid', CONSOLE_CALLER);
    expect(reply.tone).toBe('result');
    const [image] = reply.attachments ?? [];
    expect(image?.name).toBe('timeline.png');
    expect(image?.contentType).toBe('image/png');
    expect(image?.figures).toEqual(ORGANOID_PER_YEAR);
    const png = PNG.sync.read(Buffer.from(image?.data ?? new Uint8Array()));
    expect([png.width, png.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    // Not a blank canvas: the bars are drawn in their colour.
    let barPixels = 0;
    for (let offset = 0; offset < png.data.length; offset += 4)
      if (png.data[offset] === 0x58 && png.data[offset + 1] === 0x65 && png.data[offset + 2] === 0xf2) barPixels += 1;
    expect(barPixels).toBeGreaterThan(1000);
  });

  it('gives the total, the span and the top venues beside the picture', async () => {
    const reply = await bot.runLine('/paper timeline organoid', CONSOLE_CALLER);
    expect(reply.heading).toBe(`Timeline: ${ORGANOID_TOTAL} entries match "organoid"`);
    expect(richToPlain(reply.cards[0]?.body)).toBe(`${ORGANOID_TOTAL} entries: from 2018 to 2021, most in 2020 (3).`);
    expect(reply.cards[0]?.fields).toEqual([
      { name: 'Top venues', value: 'Nature (3)\nCell (2)\nScience (1)' },
      { name: 'Without a year', value: '1', inline: true },
    ]);
    expect(reply.ephemeral).toBe(false);
  });

  it('builds the Vega-Lite data from the same counts it reports', () => {
    const entries = bot.corpus.entries().filter((entry) => /organoid/i.test(entry.title));
    const timeline = timelineOf(entries);
    const spec = timelineSpec(timeline, chartText(timeline, 'organoid'));
    expect(spec.data && 'values' in spec.data ? spec.data.values : undefined).toEqual(
      ORGANOID_PER_YEAR.map((bar) => ({ year: bar.label, count: bar.value })),
    );
  });

  it('answers a query with no match, or a bad one, with a short notice and no picture', async () => {
    const none = await bot.runLine('/paper timeline zebrafish', CONSOLE_CALLER);
    expect(none.heading).toBe('No entries match "zebrafish"');
    expect(none.attachments).toBeUndefined();
    const bad = await bot.runLine('/paper timeline', CONSOLE_CALLER);
    expect(bad.tone).toBe('error');
    expect(bad.fallback).toContain('paper-timeline needs query');
  });

  it('offers a Timeline button on search results that runs the same query', async () => {
    const results = await bot.runLine('/paper organoid', CONSOLE_CALLER);
    const button = results.actions.find((action) => action.label === 'Timeline');
    expect(button).toBeDefined();
    const reply = await bot.runAction(button?.id ?? '', CONSOLE_CALLER);
    expect(reply.attachments?.[0]?.figures).toEqual(ORGANOID_PER_YEAR);
  });
});
