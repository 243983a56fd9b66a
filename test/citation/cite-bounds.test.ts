// Cite on an entry with a million authors: each style cites as many as its rules name, a record
// style names a bounded number and says so, and another user's Cite is answered meanwhile.
import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/corpus/entry.ts';
import { citeEntry } from '../../src/citation/citation-js.ts';
import { MAX_RECORD_AUTHORS } from '../../src/citation/entry-csl.ts';
import { citationJs } from '../support/citations.ts';

const AUTHORS = 1_000_000;

function entry(fields: Partial<Entry> & Pick<Entry, 'title' | 'authors'>): Entry {
  return {
    key: `title:${fields.title}`,
    kind: 'paper',
    year: 2020,
    date: '2020-03-09',
    journal: 'Journal of Large Teams',
    similar: [],
    source: { path: 'big.nbib', format: 'pubmed', line: 1 },
    added: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
}

const huge = entry({
  title: 'A consortium paper with very many authors.',
  authors: Array.from({ length: AUTHORS }, (_, i) => `Author${i + 1}, Given`),
  doi: '10.5555/huge',
});
const small = entry({ title: 'A paper by two.', authors: ['Leng, Zikuan', 'Zhu, Rongjia'], doi: '10.5555/small' });

// citation-js loads its CSL engine, styles and locales on first use: seconds on a busy machine.
describe('Cite with a million authors', { timeout: 120_000 }, () => {
  it('answers every style with bounded authors while another user is answered too', async () => {
    const [vancouver, apa, bibtex, ris, other] = await Promise.all([
      citeEntry(huge, 'vancouver'),
      citeEntry(huge, 'apa'),
      citeEntry(huge, 'bibtex'),
      citeEntry(huge, 'ris'),
      citeEntry(small, 'apa'),
    ]);
    expect(vancouver.text).toMatch(
      /^1\. Author1 G, Author2 G, Author3 G, Author4 G, Author5 G, Author6 G, et al\. A consortium/,
    );
    expect(apa.text).toMatch(/^Author1, G\., .*Author19, G\., … Author1000000, G\. \(2020/);
    expect(apa.text).not.toContain('Author20,');
    expect(bibtex.omitted).toBe(AUTHORS - MAX_RECORD_AUTHORS);
    expect(bibtex.text).toContain(`Author${MAX_RECORD_AUTHORS}, Given`);
    expect(bibtex.text).not.toContain(`Author${MAX_RECORD_AUTHORS + 1}, Given`);
    expect(ris.omitted).toBe(AUTHORS - MAX_RECORD_AUTHORS);
    expect(other).toEqual({ text: citationJs(small, 'apa'), omitted: 0 });
  });
});
