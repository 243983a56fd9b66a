// Cite on the loopback Discord: the button on a search result answers privately with the
// citations citation-js writes, within Discord's limits; a record too long to show is attached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonLabelled, DiscordHarness } from '../support/discord-harness.ts';
import { buttonInteraction, chatInputInteraction } from '../support/discord-payloads.ts';
import { expectWithinDiscordLimits } from '../support/discord-limits.ts';
import { citationJs, entryByRef } from '../support/citations.ts';
import { TempDirs, frontMatterEntry } from '../support/corpus-files.ts';

const EPHEMERAL = 64;
const CONSORTIUM = Array.from({ length: 400 }, (_, index) => `Author${index}, Given${index}`).join('; ');
const dirs = new TempDirs();

// citation-js loads its CSL engine, styles and locales on first use: seconds on a busy machine,
// done before connecting as paperbot start does, so the gateway session is not held up mid-test.
describe('Cite on Discord', { timeout: 120_000 }, () => {
  let harness: DiscordHarness;

  beforeAll(async () => {
    const corpusDir = await dirs.withSeeds({
      'consortium.md': frontMatterEntry({
        title: 'A consortium paper on stem cells',
        doi: '10.5555/consortium',
        authors: CONSORTIUM,
        year: 2022,
      }),
    });
    harness = await DiscordHarness.start({ corpusDir, warmUpCitations: true });
  });

  afterAll(async () => {
    await harness?.close();
    await dirs.cleanup();
  });

  it('answers the Cite button of a card privately with APA, Vancouver, BibTeX and RIS, the BibTeX as a code block', async () => {
    const summary = await harness.send(chatInputInteraction('paper-summary', { entry: 'S-EPMC8546390' }));
    const callback = await harness.send(buttonInteraction(buttonLabelled(summary, 'Cite').custom_id));
    expect(callback.type).toBe(4);
    expect(callback.data.flags).toBe(EPHEMERAL);
    expectWithinDiscordLimits(callback.data);
    const embeds = callback.data.embeds ?? [];
    expect(embeds.map((embed) => embed.title)).toEqual(['APA', 'Vancouver', 'BibTeX', 'RIS']);
    const dataset = entryByRef(harness.bot.corpus, 'S-EPMC8546390');
    const bibtex = citationJs(dataset, 'bibtex');
    expect(embeds[2]?.description).toBe(`\`\`\`\n${bibtex}\n\`\`\``);
    expect(embeds[3]?.description).toMatch(/^```\nTY {2}- DATA\n[\s\S]*ER {2}-\s*\n```$/);
  });

  it('answers /paper-cite with one style', async () => {
    const callback = await harness.send(
      chatInputInteraction('paper-cite', { entry: '10.14336/AD.2020.0228', style: 'vancouver' }),
    );
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(callback.data.embeds?.map((embed) => embed.title)).toEqual(['Vancouver']);
    expect(callback.data.embeds?.[0]?.description).toMatch(
      /^1\\\. Leng Z, Zhu R, Hou W, Feng Y, Yang Y, Han Q, et al\. Transplantation of ACE2\(-\) Mesenchymal/,
    );
  });

  it('attaches a record too long to show, as a file holding all of it', async () => {
    const interaction = chatInputInteraction('paper-cite', { entry: '10.5555/consortium', style: 'bibtex' });
    const answered = harness.standin.waitForRequest(
      (request) => request.method === 'POST' && request.path.endsWith(`/${interaction.token}/callback`),
    );
    harness.standin.dispatchInteraction(interaction.payload);
    const request = await answered;
    const body = request.body as {
      data: Parameters<typeof expectWithinDiscordLimits>[0] & { flags?: number; attachments?: unknown[] };
    };
    expect(body.data.flags).toBe(EPHEMERAL);
    expectWithinDiscordLimits(body.data);
    expect(request.files.map((file) => file.name)).toEqual(['10.5555_consortium-bibtex.bib']);
    const consortium = entryByRef(harness.bot.corpus, '10.5555/consortium');
    expect(request.files[0]?.data.toString('utf8')).toBe(`${citationJs(consortium, 'bibtex')}\n`);
    expect(body.data.attachments).toHaveLength(1);
  });

  it("names a record over the interaction's attachment limit as not attached, and never claims it", async () => {
    const interaction = chatInputInteraction('paper-cite', { entry: '10.5555/consortium', style: 'bibtex' });
    // A server without boosts on a smaller plan: less than the record's size.
    interaction.payload.attachment_size_limit = 1_000;
    const answered = harness.standin.waitForRequest(
      (request) => request.method === 'POST' && request.path.endsWith(`/${interaction.token}/callback`),
    );
    harness.standin.dispatchInteraction(interaction.payload);
    const request = await answered;
    const body = request.body as {
      data: Parameters<typeof expectWithinDiscordLimits>[0] & { attachments?: unknown[] };
    };
    expectWithinDiscordLimits(body.data);
    expect(request.files).toEqual([]);
    const footer = body.data.embeds?.[0]?.footer?.text ?? '';
    expect(footer).not.toMatch(/is in the attached/);
    expect(footer).toBe('10.5555_consortium-bibtex.bib is not attached: it is over the upload limit here.');
    expect(body.data.content).toMatch(
      /\*Not attached, over the upload limit here: .*consortium-bibtex\.bib \(9 KB\)\.\*$/,
    );
  });
});
