// `/paper summary`: the source's own summary when it has one, else a deterministic extractive
// summary of two or three sentences taken from the abstract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { richToPlain, type Reply } from '../../src/reply.ts';
import { extractiveSummary, splitSentences } from '../../src/search/extractive-summary.ts';
import { SEED_DATASET_TITLE, SEED_PAPER_TITLE, TempDirs, frontMatterEntry } from '../support/corpus-files.ts';
import { COMMANDS } from '../../commands/index.ts';

const dirs = new TempDirs();
let root: string;
let bot: Bot;

beforeAll(async () => {
  root = await dirs.withSeeds({
    'two-sentences.md': frontMatterEntry({
      title: 'A two sentence abstract',
      abstract: 'Cells grew. Then they stopped.',
    }),
    'bare.md': frontMatterEntry({ title: 'An entry with nothing to summarise' }),
  });
  bot = new Bot({ commands: COMMANDS, corpus: await Corpus.load(root), logger: silentLogger() });
});
afterAll(() => dirs.cleanup());

async function summaryOf(ref: string, on: Bot = bot): Promise<{ reply: Reply; text: string }> {
  const reply = await on.runLine(`/paper summary ${ref}`, CONSOLE_CALLER);
  if (reply.tone === 'error') throw new Error(`summary of ${ref} failed: ${reply.fallback}`);
  return { reply, text: richToPlain(reply.cards[0]?.body) };
}

describe('an entry with its own summary', () => {
  it('shows the source summary, says so, and links the paper', async () => {
    const { reply, text } = await summaryOf('10.14336/AD.2020.0228');
    expect(reply.cards).toHaveLength(1);
    expect(reply.cards[0]?.title).toBe(SEED_PAPER_TITLE);
    expect(reply.cards[0]?.url).toBe('https://doi.org/10.14336/AD.2020.0228');
    expect(text).toBe(
      'HCoV-19 has caused the novel coronavirus disease (COVID-19) outbreak in Wuhan, China. ' +
        'Mesenchymal stem cells (MSCs) have a powerful immunomodulatory function. ' +
        'MSCs could cure or significantly improve the functional outcomes of seven patients without observed adverse effects. ' +
        'The pulmonary function and symptoms of these seven patients were significantly improved in 2 days after MSC transplantation.',
    );
    expect(reply.cards[0]?.footer).toBe('Summary from the source');
  });
});

describe('an entry without its own summary', () => {
  it('gets two or three whole sentences of its abstract, in the abstract’s order', async () => {
    const { reply, text } = await summaryOf('S-EPMC8546390');
    expect(reply.cards[0]?.title).toBe(SEED_DATASET_TITLE);
    expect(reply.cards[0]?.footer).toBe('Extractive summary of the abstract');
    const abstract = (await Corpus.load(root)).get('biostudies:S-EPMC8546390')?.abstract ?? '';
    const abstractSentences = splitSentences(abstract);
    const chosen = splitSentences(text);
    expect(chosen.length).toBeGreaterThanOrEqual(2);
    expect(chosen.length).toBeLessThanOrEqual(3);
    const positions = chosen.map((sentence) => abstractSentences.indexOf(sentence));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('gives the same summary every time, from a fresh bot too', async () => {
    const first = (await summaryOf('S-EPMC8546390')).text;
    expect((await summaryOf('s-epmc8546390')).text).toBe(first);
    const freshBot = new Bot({ commands: COMMANDS, corpus: await Corpus.load(root), logger: silentLogger() });
    expect((await summaryOf('S-EPMC8546390', freshBot)).text).toBe(first);
  });

  it('shows a short abstract whole', async () => {
    expect((await summaryOf('two sentence abstract')).text).toBe('Cells grew. Then they stopped.');
  });

  it('says plainly when there is nothing to summarise', async () => {
    const { reply, text } = await summaryOf('nothing to summarise');
    expect(text).toBe('');
    expect(reply.cards[0]?.footer).toBe('No summary or abstract in the source');
  });
});

describe('extractiveSummary', () => {
  const abstract =
    'Mesenchymal stem cells were infused into patients with severe pneumonia. ' +
    'The weather during the study was mild. ' +
    'Patients given stem cells left hospital sooner (P = 0.02) than patients given placebo. ' +
    'Funding came from a national grant. ' +
    'Stem cells lowered inflammatory cytokines in patients with pneumonia. ' +
    'The authors thank the nurses.';

  it('never splits a sentence at a decimal point, `e.g.` or `et al.`', () => {
    expect(splitSentences('A value of P = 0.0198 was seen, e.g. in mice. Smith et al. agreed. Done.')).toEqual([
      'A value of P = 0.0198 was seen, e.g. in mice.',
      'Smith et al. agreed.',
      'Done.',
    ]);
  });

  it('keeps the sentences that carry the abstract’s recurring words', () => {
    const summary = extractiveSummary(abstract);
    expect(summary).toContain('Mesenchymal stem cells were infused into patients with severe pneumonia.');
    expect(summary).not.toContain('The weather during the study was mild.');
    expect(summary).not.toContain('The authors thank the nurses.');
  });

  it('is deterministic', () => {
    expect(extractiveSummary(abstract)).toBe(extractiveSummary(abstract));
  });
});

describe('naming the entry', () => {
  it('accepts words, and answers an unknown entry with a short error', async () => {
    expect((await summaryOf('ACE2 mesenchymal transplantation')).reply.cards[0]?.title).toBe(SEED_PAPER_TITLE);
    const missing = await bot.runLine('/paper summary S-EPMC0000001', CONSOLE_CALLER);
    expect(missing.tone).toBe('error');
    expect(missing.fallback).toBe(
      'No entry matches "S-EPMC0000001". Search with /paper first, or use an accession such as S-EPMC8546390 or a DOI.',
    );
  });
});
