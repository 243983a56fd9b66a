// `/paper cite`: every style is citation-js's own output for the entry's CSL data, and the CSL
// data says what the seed files say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { Entry } from '../../src/corpus/entry.ts';
import { silentLogger } from '../../src/logger.ts';
import { entryToCsl } from '../../src/citation/entry-csl.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { richToPlain, type Reply } from '../../src/reply.ts';
import { INLINE_CITATION_OF_FOUR } from '../../commands/paper-cite.ts';
import { citationJs, entryByRef } from '../support/citations.ts';
import { TempDirs, frontMatterEntry } from '../support/corpus-files.ts';
import { COMMANDS } from '../../commands/index.ts';

const dirs = new TempDirs();
let bot: Bot;
let paper: Entry;
let dataset: Entry;

const CONSORTIUM = Array.from({ length: 400 }, (_, index) => `Author${index}, Given${index}`).join('; ');

beforeAll(async () => {
  const root = await dirs.withSeeds({
    'consortium.md': frontMatterEntry({
      title: 'A consortium paper',
      doi: '10.5555/consortium',
      authors: CONSORTIUM,
      year: 2022,
    }),
  });
  const corpus = await Corpus.load(root);
  bot = new Bot({ commands: COMMANDS, corpus, logger: silentLogger() });
  paper = entryByRef(bot.corpus, '10.14336/AD.2020.0228');
  dataset = entryByRef(bot.corpus, 'S-EPMC8546390');
});
afterAll(() => dirs.cleanup());

async function cite(line: string): Promise<Reply> {
  const reply = await bot.runLine(line, CONSOLE_CALLER);
  if (reply.tone === 'error') throw new Error(`${line} failed: ${reply.fallback}`);
  return reply;
}

// citation-js loads its CSL engine, styles and locales on first use: seconds on a busy machine.
describe('CSL data of the seeds', { timeout: 120_000 }, () => {
  it('describes the paper as a journal article with its DOI and 38 authors, family names first', () => {
    const item = entryToCsl(paper);
    expect(item.type).toBe('article-journal');
    expect(item.DOI).toBe('10.14336/AD.2020.0228');
    expect(item.author).toHaveLength(38);
    expect(item.author?.[0]).toEqual({ family: 'Leng', given: 'Zikuan' });
    expect(item.author?.at(-1)).toEqual({ family: 'Zhao', given: 'Robert Chunhua' });
  });

  it('describes the dataset with its accession, repository and date', () => {
    const item = entryToCsl(dataset);
    expect(item.type).toBe('dataset');
    expect(item.number).toBe('S-EPMC8546390');
    expect(item.publisher).toBe('biostudies-literature');
    expect(item.issued).toEqual({ 'date-parts': [[2021, 10, 26]] });
    expect(item.author?.[0]).toEqual({ family: 'Zhu', given: 'Rongjia' });
  });
});

// citation-js loads its CSL engine, styles and locales on first use: seconds on a busy machine.
describe('/paper cite on both seeds', { timeout: 120_000 }, () => {
  for (const [name, ref] of [
    ['paper', '10.14336/AD.2020.0228'],
    ['dataset', 'S-EPMC8546390'],
  ] as const) {
    for (const style of ['bibtex', 'ris', 'apa', 'vancouver'] as const) {
      it(`gives citation-js's own ${style} for the ${name}`, async () => {
        const reply = await cite(`/paper cite ${ref} ${style}`);
        const entry = name === 'paper' ? paper : dataset;
        expect(reply.cards).toHaveLength(1);
        expect(richToPlain(reply.cards[0]?.body)).toBe(citationJs(entry, style));
        expect(reply.attachments ?? []).toEqual([]);
      });
    }
  }

  it('shows all four styles, privately, when no style is named', async () => {
    const reply = await cite('/paper cite S-EPMC8546390');
    expect(reply.ephemeral).toBe(true);
    expect(reply.cards.map((card) => card.title)).toEqual(['APA', 'Vancouver', 'BibTeX', 'RIS']);
    expect(reply.cards[2]?.body?.[0]?.code).toBe(true);
    expect(richToPlain(reply.cards[2]?.body)).toMatch(/^@misc\{Zhu2021Mesenchymal,/);
  });

  it('finds the entry by title words too', async () => {
    const reply = await cite('/paper cite transplantation ACE2 mesenchymal bibtex');
    expect(richToPlain(reply.cards[0]?.body)).toBe(citationJs(paper, 'bibtex'));
  });

  it('sends a record too long to show as a file, and shows its beginning', async () => {
    const reply = await cite('/paper cite 10.5555/consortium');
    const consortium = entryByRef(bot.corpus, '10.5555/consortium');
    const bibtex = reply.attachments?.find((file) => file.name.endsWith('.bib'));
    expect(new TextDecoder().decode(bibtex?.data)).toBe(`${citationJs(consortium, 'bibtex')}\n`);
    expect(reply.attachments?.map((file) => file.name)).toEqual([
      '10.5555_consortium-bibtex.bib',
      '10.5555_consortium-ris.ris',
    ]);
    const shown = richToPlain(reply.cards[2]?.body);
    expect(shown.length).toBeLessThan(INLINE_CITATION_OF_FOUR);
    expect(shown).toMatch(/^@article\{Author02022[a-z]*,[\s\S]*…$/);
    expect(reply.cards[2]?.footer).toMatch(/attached 10\.5555_consortium-bibtex\.bib/);
  });

  it('says what to type when the entry is missing or unknown', async () => {
    const missing = await bot.runLine('/paper cite', CONSOLE_CALLER);
    expect(missing.tone).toBe('error');
    expect(missing.fallback).toContain('paper-cite needs entry');
    const unknown = await bot.runLine('/paper cite S-EPMC0000000 apa', CONSOLE_CALLER);
    expect(unknown.fallback).toMatch(/No entry matches "S-EPMC0000000"/);
    const badStyle = await bot.run('paper-cite', { entry: 'S-EPMC8546390', style: 'mla' }, CONSOLE_CALLER);
    expect(badStyle.fallback).toContain('style must be one of apa, vancouver, bibtex, ris');
  });
});
