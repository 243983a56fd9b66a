// Similar entries computed from the index: each seed finds the other, never itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { Entry } from '../../src/corpus/entry.ts';
import type { SearchBackend } from '../../src/search/search-backend.ts';
import { TempDirs, frontMatterEntry } from '../support/corpus-files.ts';
import { describeOnEachBackend } from '../support/search-backends.ts';

const PAPER = 'doi:10.14336/ad.2020.0228';
const DATASET = 'biostudies:S-EPMC8546390';
const dirs = new TempDirs();

describeOnEachBackend('similar entries', (open) => {
  let index: SearchBackend;
  let entries: Entry[];

  beforeAll(async () => {
    // The seeds among unrelated entries, so "first" means something.
    const root = await dirs.withSeeds({
      'soil.md': frontMatterEntry({
        title: 'Soil bacteria under drought',
        abstract: 'Drought changed soil bacteria in wheat fields.',
      }),
      'stars.md': frontMatterEntry({
        title: 'Variable stars in a globular cluster',
        abstract: 'We measured the light curves of stars.',
      }),
      'covid-masks.md': frontMatterEntry({
        title: 'Face masks and COVID-19 transmission',
        abstract: 'Masks reduced COVID-19 transmission in schools.',
      }),
    });
    entries = (await Corpus.load(root)).entries();
    index = await open(entries);
  });
  afterAll(() => dirs.cleanup());

  async function similarKeys(key: string): Promise<string[]> {
    const entry = await index.find({ keys: [key] });
    if (!entry) throw new Error(`${key} is not in the index`);
    return (await index.similar(entry, 5)).map((hit) => hit.entry.key);
  }

  describe('similarTo', () => {
    it('finds the dataset first for the paper', async () => {
      expect((await similarKeys(PAPER))[0]).toBe(DATASET);
    });

    it('finds the paper first for the dataset', async () => {
      expect((await similarKeys(DATASET))[0]).toBe(PAPER);
    });

    it('never returns the entry itself', async () => {
      for (const entry of entries) expect(await similarKeys(entry.key)).not.toContain(entry.key);
    });

    it('respects the limit', async () => {
      const entry = await index.find({ keys: [PAPER] });
      if (!entry) throw new Error('paper missing');
      expect(await index.similar(entry, 1)).toHaveLength(1);
    });
  });
});
