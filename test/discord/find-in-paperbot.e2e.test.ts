// Right-click a message -> Apps -> "Find in paperbot": the entries its DOIs, links and accessions name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordHarness } from '../support/discord-harness.ts';
import { messageCommandInteraction } from '../support/discord-payloads.ts';
import { expectWithinDiscordLimits } from '../support/discord-limits.ts';
import { SEED_DATASET_TITLE, SEED_PAPER_TITLE } from '../support/corpus-files.ts';

const EPHEMERAL = 64;

describe('the "Find in paperbot" message command', () => {
  let harness: DiscordHarness;

  beforeAll(async () => {
    harness = await DiscordHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("answers a message holding a doi.org link and an accession with both entries' cards, pinging no one", async () => {
    const content = '@everyone read <https://doi.org/10.14336/AD.2020.0228> before Friday; the data is S-EPMC8546390.';
    const callback = await harness.send(messageCommandInteraction('Find in paperbot', { content }));
    expect(callback.type).toBe(4);
    expect((callback.data.embeds ?? []).map((embed) => embed.title)).toEqual([
      `1. ${SEED_PAPER_TITLE}`,
      `2. ${SEED_DATASET_TITLE}`,
    ]);
    expect(callback.data.embeds?.[0]?.url).toBe('https://doi.org/10.14336/AD.2020.0228');
    expect(callback.data.content).toContain('2 entries named there');
    expect(callback.data.allowed_mentions).toEqual({ parse: [] });
    expectWithinDiscordLimits(callback.data);
  });

  it('reads a bare DOI inside a link preview embed too', async () => {
    const callback = await harness.send(
      messageCommandInteraction('Find in paperbot', {
        content: 'this one',
        embeds: [
          {
            type: 'link',
            url: 'https://www.omicsdi.org/dataset/biostudies-literature/S-EPMC8546390',
            title: 'OmicsDI',
          },
        ],
      }),
    );
    expect((callback.data.embeds ?? []).map((embed) => embed.title)).toEqual([SEED_DATASET_TITLE]);
  });

  it('says privately that nothing was found when the message names no corpus entry', async () => {
    const callback = await harness.send(
      messageCommandInteraction('Find in paperbot', {
        content: 'see https://doi.org/10.5555/elsewhere and https://example.org',
      }),
    );
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(callback.data.embeds ?? []).toEqual([]);
    expect(callback.data.content).toMatch(/None of the 1 DOI or accession there is in the corpus/);
  });
});
