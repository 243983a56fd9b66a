// The fast index must answer like the plain definitions: filters like `entryFilter`, and an
// index grown by upserts and removals (then compacted into a snapshot image) like one built fresh.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/corpus/entry.ts';
import { CorpusIndex } from '../../src/search/corpus-index.ts';
import { FilterIndex } from '../../src/search/filter-index.ts';
import { entryFilter } from '../../src/search/filters.ts';
import { parseQuery, type ParsedQuery } from '../../src/search/query.ts';

const WORDS = ['covid', 'COVID-19', 'stem', 'cells', 'Zhao', 'zhaoxia', 'café', 'Müller', 'naïve', 'T-cell', 'CD4+', 'the', 'of', 'A&amp;E', 'x²', 'ﬁbrosis', '—', '(MSC)', 'li', 'Li'];
const word = fc.constantFrom(...WORDS);
const text = fc.array(word, { minLength: 0, maxLength: 12 }).map((words) => words.join(' '));

const entry = (i: number, fields: { title: string; abstract: string; authors: string[]; year?: number; dataset: boolean }): Entry => ({
  key: `doi:10.1000/eq.${i}`,
  kind: fields.dataset ? 'dataset' : 'paper',
  title: fields.title || `untitled ${i}`,
  authors: fields.authors,
  abstract: fields.abstract || undefined,
  year: fields.year,
  similar: [],
  source: { path: `eq-${i}.md`, format: 'front-matter' },
  added: '2024-01-01T00:00:00.000Z',
});

const entries = fc
  .array(fc.record({ title: text, abstract: text, authors: fc.array(text, { maxLength: 3 }), year: fc.option(fc.integer({ min: 1990, max: 2026 }), { nil: undefined }), dataset: fc.boolean() }), { minLength: 1, maxLength: 25 })
  .map((list) => list.map((fields, i) => entry(i, fields)));

const filterQuery = fc
  .record({
    phrase: fc.option(fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join(' ')), { nil: undefined }),
    author: fc.option(word, { nil: undefined }),
    kind: fc.option(fc.constantFrom('paper', 'dataset'), { nil: undefined }),
    year: fc.option(fc.constantFrom('2000..2020', '2021', '..1999'), { nil: undefined }),
  })
  .map((parts) => [parts.phrase && `"${parts.phrase.replace(/"/g, '')}"`, parts.author && `author:"${parts.author}"`, parts.kind && `kind:${parts.kind}`, parts.year && `year:${parts.year}`].filter(Boolean).join(' '));

function parsed(text: string): ParsedQuery | undefined {
  const result = parseQuery(text);
  return result.ok ? result.query : undefined;
}

function allKeys(index: CorpusIndex, query: ParsedQuery): string[] {
  return index.search(query, { offset: 0, limit: 10_000 }).hits.map((hit) => hit.entry.key).sort();
}

describe('the fast index agrees with the plain definitions', () => {
  it('filters (author:, "phrase", kind:, year:) pass exactly the entries entryFilter passes', () => {
    fc.assert(
      fc.property(entries, filterQuery, fc.array(entries, { maxLength: 2 }), (list, queryText, later) => {
        const query = parsed(queryText);
        if (!query) return;
        // Some entries in the built image, some added afterwards: both paths must agree.
        const filters = FilterIndex.build(list);
        const added = later.flat().map((item, i) => ({ ...item, key: `later:${i}` }));
        added.forEach((item, i) => filters.add(list.length + i, item));
        const fast = filters.compile(query);
        const plain = entryFilter(query);
        [...list, ...added].forEach((item, doc) => expect(fast ? fast(doc) : true).toBe(plain ? plain(item) : true));
      }),
      { numRuns: 200 },
    );
  });

  it('an index grown by upserts and removals, then compacted into an image, finds what a fresh build finds', () => {
    fc.assert(
      fc.property(entries, fc.array(fc.nat(), { maxLength: 20 }), fc.array(text.filter((words) => /\p{L}/u.test(words)), { minLength: 1, maxLength: 5 }), (list, removals, queries) => {
        const grown = new CorpusIndex(list.slice(0, Math.ceil(list.length / 2)));
        for (const item of list) grown.upsert(item);
        const removed = new Set(removals.map((n) => list[n % list.length]?.key));
        for (const key of removed) if (key) grown.remove(key);
        const kept = list.filter((item) => !removed.has(item.key));
        const fresh = new CorpusIndex(kept);
        const reloaded = new CorpusIndex(kept, grown.toImage());
        for (const queryText of queries) {
          const query = parsed(queryText);
          if (!query) continue;
          expect(allKeys(grown, query)).toEqual(allKeys(fresh, query));
          expect(allKeys(reloaded, query)).toEqual(allKeys(fresh, query));
        }
      }),
      { numRuns: 100 },
    );
  });
});
