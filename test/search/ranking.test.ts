// Ranking on a small corpus built for the purpose: where a word matches decides the order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { SearchBackend } from '../../src/search/search-backend.ts';
import { parseQuery } from '../../src/search/query.ts';
import { TempDirs, frontMatterEntry } from '../support/corpus-files.ts';
import { describeOnEachBackend } from '../support/search-backends.ts';

const dirs = new TempDirs();

describeOnEachBackend('ranked results', (open) => {
  let index: SearchBackend;

  beforeAll(async () => {
    const root = await dirs.make({
      'in-title.md': frontMatterEntry({
        title: 'Venous thrombosis after stem cell infusion',
        abstract: 'We followed patients after infusion of stem cells for a year.',
      }),
      'in-abstract.md': frontMatterEntry({
        title: 'Safety of stem cell infusion',
        abstract: 'One patient developed a venous thrombosis. Others had no events.',
      }),
      'twice-in-abstract.md': frontMatterEntry({
        title: 'Adverse events in cell therapy',
        abstract: 'Thrombosis was the main adverse event. Thrombosis was treated with heparin.',
      }),
      'unrelated.md': frontMatterEntry({ title: 'Gut microbiome and diet', abstract: 'Fibre changed the microbiome.' }),
    });
    index = await open((await Corpus.load(root)).entries());
  });
  afterAll(() => dirs.cleanup());

  async function search(text: string, offset = 0, limit = 10) {
    const parsed = parseQuery(text);
    if (!parsed.ok) throw new Error(parsed.error);
    return index.search(parsed.query, { offset, limit });
  }

  describe('on a small corpus', () => {
    it('puts a title match above abstract matches, and leaves out entries that do not match', async () => {
      const result = await search('thrombosis');
      expect(result.total).toBe(3);
      expect(result.hits[0]?.entry.title).toBe('Venous thrombosis after stem cell infusion');
      expect(result.hits.map((hit) => hit.entry.title)).not.toContain('Gut microbiome and diet');
    });

    it('orders hits by falling score', async () => {
      const scores = (await search('thrombosis')).hits.map((hit) => hit.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    });

    it('prefers entries holding every word, then falls back to any word rather than nothing', async () => {
      expect((await search('venous thrombosis')).hits.map((hit) => hit.entry.title).sort()).toEqual([
        'Safety of stem cell infusion',
        'Venous thrombosis after stem cell infusion',
      ]);
      expect((await search('heparin microbiome')).total).toBe(2);
    });

    it('reports the index terms each hit matched, expanded from prefixes and typos', async () => {
      expect((await search('thromb')).hits[0]?.terms).toContain('thrombosis');
      expect((await search('thrombosys')).hits[0]?.terms).toContain('thrombosis');
    });

    it('suggests titles for what is typed so far, every word a prefix', async () => {
      expect((await index.suggest('venous thromb', 5))[0]?.title).toBe('Venous thrombosis after stem cell infusion');
      expect((await index.suggest('micro', 5)).map((entry) => entry.title)).toEqual(['Gut microbiome and diet']);
    });

    it('pages through results with offset and limit, keeping the total', async () => {
      const all = (await search('thrombosis')).hits.map((hit) => hit.entry.key);
      const second = await search('thrombosis', 1, 1);
      expect(second.total).toBe(3);
      expect(second.hits.map((hit) => hit.entry.key)).toEqual(all.slice(1, 2));
      expect((await search('thrombosis', 10, 5)).hits).toEqual([]);
    });
  });
});
