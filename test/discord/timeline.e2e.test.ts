// Timeline on the loopback Discord: the button under search results answers with the chart
// attached as a PNG and shown in the embed, within Discord's limits.
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/chart/timeline-chart.ts';
import { buttonLabelled, DiscordHarness, type InteractionCallback } from '../support/discord-harness.ts';
import { buttonInteraction, chatInputInteraction } from '../support/discord-payloads.ts';
import { expectNoLiveMentions, expectWithinDiscordLimits } from '../support/discord-limits.ts';
import { TempDirs } from '../support/corpus-files.ts';
import { ORGANOID_TOTAL, organoidCorpus } from '../support/timeline-corpus.ts';

const dirs = new TempDirs();

describe('Timeline on Discord', { timeout: 120_000 }, () => {
  let harness: DiscordHarness;

  beforeAll(async () => {
    // The chart is answered directly rather than deferred, so the test reads one callback.
    harness = await DiscordHarness.start({ corpusDir: await dirs.make(organoidCorpus()), deferAfterMs: 100_000 });
  });

  afterAll(async () => {
    await harness?.close();
    await dirs.cleanup();
  });

  it('attaches the chart as timeline.png and shows it in the embed when Timeline is pressed', async () => {
    const results = await harness.send(chatInputInteraction('paper', { query: 'organoid' }));
    const press = buttonInteraction(buttonLabelled(results, 'Timeline').custom_id);
    const answered = harness.standin.waitForRequest(
      (request) => request.method === 'POST' && request.path.endsWith(`/${press.token}/callback`),
    );
    harness.standin.dispatchInteraction(press.payload);
    const request = await answered;
    const callback = request.body as InteractionCallback;
    expect(callback.type).toBe(4);
    expect(callback.data.flags ?? 0).toBe(0);
    expectWithinDiscordLimits(callback.data);
    expectNoLiveMentions(callback.data);
    expect(callback.data.content).toContain(`Timeline: ${ORGANOID_TOTAL} entries match "organoid"`);
    const embed = (callback.data.embeds ?? [])[0] as { image?: { url: string } } | undefined;
    expect(embed?.image?.url).toBe('attachment://timeline.png');
    expect(request.files.map((file) => [file.name, file.contentType])).toEqual([['timeline.png', 'image/png']]);
    const png = PNG.sync.read(request.files[0]?.data ?? Buffer.alloc(0));
    expect([png.width, png.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
  });

  it('answers /paper-timeline the same way', async () => {
    const interaction = chatInputInteraction('paper-timeline', { query: 'organoid year:2020' });
    const answered = harness.standin.waitForRequest(
      (request) => request.method === 'POST' && request.path.endsWith(`/${interaction.token}/callback`),
    );
    harness.standin.dispatchInteraction(interaction.payload);
    const request = await answered;
    expect((request.body as InteractionCallback).data.content).toContain(
      'Timeline: 3 entries match "organoid year:2020"',
    );
    expect(request.files).toHaveLength(1);
  });
});
