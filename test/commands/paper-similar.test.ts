// `/paper similar`: what the source lists as similar (titled when in the corpus, else linked to
// the public page), then the most similar entries computed from the index; never the entry itself.
import { afterEach, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import type { Card, Reply, TextSegment } from '../../src/reply.ts';
import {
  SEED_DATASET_TITLE,
  SEED_PAPER_TITLE,
  SHIPPED_CORPUS,
  TempDirs,
  frontMatterEntry,
} from '../support/corpus-files.ts';
import { COMMANDS } from '../../commands/index.ts';

const LISTED = [
  'S-EPMC7473478',
  'S-EPMC7069465',
  'S-EPMC10103048',
  'S-EPMC9456387',
  'S-EPMC10328058',
  'S-EPMC9357915',
  'S-EPMC7512102',
  'S-EPMC4142833',
  'S-EPMC8907937',
];
const LISTED_TITLE = 'Listed as similar by the source (9)';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

async function botFor(root: string): Promise<Bot> {
  return new Bot({ commands: COMMANDS, corpus: await Corpus.load(root), logger: silentLogger() });
}

async function similar(bot: Bot, ref: string): Promise<Reply> {
  const reply = await bot.runLine(`/paper similar ${ref}`, CONSOLE_CALLER);
  if (reply.tone === 'error') throw new Error(reply.fallback);
  return reply;
}

/** The linked segments of the listed card, one per listed dataset. */
function listedLinks(reply: Reply): TextSegment[] {
  const card = reply.cards.find((candidate) => candidate.title === LISTED_TITLE);
  return (card?.body ?? []).filter((segment) => segment.url);
}

const computedCards = (reply: Reply): Card[] =>
  reply.cards.filter((card) => !card.title.startsWith('Listed as similar'));

describe('/paper similar on the shipped corpus', () => {
  it('lists the nine similar datasets of the page dump, in order, each linked to its public BioStudies page', async () => {
    const reply = await similar(await botFor(SHIPPED_CORPUS), 'S-EPMC8546390');
    expect(reply.heading).toBe(`Similar to: ${SEED_DATASET_TITLE}`);
    expect(reply.cards[0]?.title).toBe(LISTED_TITLE);
    expect(listedLinks(reply)).toEqual(
      LISTED.map((accession) => ({ text: accession, url: `https://www.ebi.ac.uk/biostudies/studies/${accession}` })),
    );
  });

  it('computes the paper as the first similar entry of the dataset', async () => {
    const reply = await similar(await botFor(SHIPPED_CORPUS), 'S-EPMC8546390');
    expect(computedCards(reply)[0]?.title).toBe(SEED_PAPER_TITLE);
  });

  it('computes the dataset as the first similar entry of the paper, which lists nothing itself', async () => {
    const reply = await similar(await botFor(SHIPPED_CORPUS), '10.14336/AD.2020.0228');
    expect(reply.cards.some((card) => card.title.startsWith('Listed as similar'))).toBe(false);
    expect(computedCards(reply)[0]?.title).toBe(SEED_DATASET_TITLE);
    expect(computedCards(reply)[0]?.url).toBe('https://www.ebi.ac.uk/biostudies/studies/S-EPMC8546390');
  });

  it('never shows the entry itself', async () => {
    const bot = await botFor(SHIPPED_CORPUS);
    for (const [ref, title] of [
      ['S-EPMC8546390', SEED_DATASET_TITLE],
      ['10.14336/AD.2020.0228', SEED_PAPER_TITLE],
    ]) {
      const reply = await similar(bot, ref ?? '');
      expect(reply.cards.map((card) => card.title)).not.toContain(title);
    }
  });
});

describe('/paper similar when a listed dataset is in the corpus', () => {
  it('shows that dataset by title, linked, with its ref', async () => {
    const root = await dirs.withSeeds({
      'S-EPMC7473478.md': frontMatterEntry({
        title: 'Umbilical cord MSCs in severe COVID-19: a pilot study',
        accession: 'S-EPMC7473478',
        kind: 'dataset',
        abstract: 'Umbilical cord mesenchymal stem cells were given to severe COVID-19 patients.',
      }),
    });
    const reply = await similar(await botFor(root), 'S-EPMC8546390');
    const listed = reply.cards.find((card) => card.title === LISTED_TITLE);
    expect(listed?.body?.slice(0, 2)).toEqual([
      {
        text: 'Umbilical cord MSCs in severe COVID-19: a pilot study',
        url: 'https://www.ebi.ac.uk/biostudies/studies/S-EPMC7473478',
      },
      { text: ' (S-EPMC7473478, in this corpus)' },
    ]);
    // The other eight are still listed and linked to their public pages.
    expect(
      listedLinks(reply)
        .slice(1)
        .map((segment) => segment.text),
    ).toEqual(LISTED.slice(1));
    // Already listed, so not repeated among the computed cards; the other seed still is.
    const computedTitles = reply.cards.filter((card) => card !== listed).map((card) => card.title);
    expect(computedTitles).not.toContain('Umbilical cord MSCs in severe COVID-19: a pilot study');
    expect(computedTitles[0]).toMatch(/^Transplantation of ACE2/);
  });

  it('drops a listed line that names the entry itself, and links a listed DOI to doi.org', async () => {
    const root = await dirs.make({
      'self.md': [
        '---',
        'title: "An entry that lists itself"',
        'accession: S-EPMC1000001',
        'similar:',
        '- S-EPMC1000001',
        '- 10.1000/elsewhere.1',
        '- Some title without an identifier',
        '---',
        '',
      ].join('\n'),
      'other.md': frontMatterEntry({ title: 'Another entry that lists itself in its title' }),
    });
    const reply = await similar(await botFor(root), 'S-EPMC1000001');
    const listed = reply.cards.find((card) => card.title.startsWith('Listed as similar'));
    expect(listed?.title).toBe('Listed as similar by the source (2)');
    expect(listed?.body).toEqual([
      { text: '10.1000/elsewhere.1', url: 'https://doi.org/10.1000/elsewhere.1' },
      { text: ' (public page)' },
      { text: '\n' },
      { text: 'Some title without an identifier' },
    ]);
  });
});

describe('/paper similar with nothing similar', () => {
  it('answers with a notice rather than an empty reply', async () => {
    const root = await dirs.make({
      'alone.md': frontMatterEntry({ title: 'Alone in the corpus', abstract: 'Nothing else here.' }),
    });
    const reply = await (await botFor(root)).runLine('/paper similar Alone in the corpus', CONSOLE_CALLER);
    expect(reply.tone).toBe('notice');
    expect(reply.fallback).toBe('Similar to: Alone in the corpus\nNothing similar found in this corpus yet.');
  });
});
