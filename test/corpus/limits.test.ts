// Files built to cost the loader as much as possible: each over-limit record is a named problem
// and costs only itself, and nothing out of range loads as if it were fine.
import { afterAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import { formatProblem } from '../../src/corpus/problem.ts';
import { MAX_AUTHORS_PER_RECORD, MAX_RECORD_LINES } from '../../src/corpus/limits.ts';
import { TempDirs } from '../support/corpus-files.ts';
import { deeplyNestedCslJson, macroBombBibtex, manyAuthorMedline } from '../support/hostile-exports.ts';

const dirs = new TempDirs();
afterAll(() => dirs.cleanup());

async function load(files: Record<string, string>): Promise<{ corpus: Corpus; problems: string[] }> {
  const corpus = await Corpus.load(await dirs.make(files));
  return { corpus, problems: corpus.problems().map(formatProblem) };
}

describe('corpus limits', () => {
  it('skips each record of a BibTeX macro bomb by name and reads the records beside it', async () => {
    const bomb = macroBombBibtex(2_500);
    const { corpus, problems } = await load({
      'bomb.bib': `${bomb}@article{fine, title = {A fine record beside the bomb}, year = 2020}\n`,
    });
    expect(corpus.entries().map((entry) => entry.title)).toEqual(['A fine record beside the bomb']);
    expect(problems).toHaveLength(2_500);
    expect(problems[0]).toBe(
      'bomb.bib:6: k1: the @string macros this record uses expand to over 100000 characters; skipped',
    );
  });

  it('names recursive @string definitions', async () => {
    const { problems } = await load({
      'loop.bib': '@string{a = b # "x"}\n@string{b = a}\n@article{k, title = {Looped}, note = a}\n',
    });
    expect(problems).toEqual([
      'loop.bib:2: @string b: cannot read this @string (it refers to itself: b → a → b); records that use it read it as empty',
    ]);
  });

  it('costs one deeply nested CSL-JSON item only itself', async () => {
    const { corpus, problems } = await load({ 'library.json': deeplyNestedCslJson(20_000) });
    expect(
      corpus
        .entries()
        .map((entry) => entry.title)
        .sort(),
    ).toEqual(['First good item', 'Second good item']);
    expect(problems).toEqual(['library.json:3: deep: item is nested over 64 levels deep; skipped']);
  });

  it('names a RIS record that never ends and reads the next one', async () => {
    const endless = Array.from({ length: MAX_RECORD_LINES + 10 }, (_, i) => `N1  - note ${i}`).join('\n');
    const { corpus, problems } = await load({
      'library.ris': `TY  - JOUR\nTI  - Never ends\n${endless}\nTY  - JOUR\nTI  - Comes after\nER  - \n`,
    });
    expect(corpus.entries().map((entry) => entry.title)).toEqual(['Comes after']);
    expect(problems).toEqual([
      `library.ris:1: record runs ${MAX_RECORD_LINES + 12} lines without an ER line, over the ${MAX_RECORD_LINES}-line limit; skipped`,
    ]);
  });

  it('names a PubMed record over the line limit', async () => {
    const { corpus, problems } = await load({ 'big.nbib': manyAuthorMedline(MAX_RECORD_LINES) });
    expect(corpus.size).toBe(0);
    expect(problems).toEqual([
      `big.nbib:1: PMID 31000001: record spans ${2 * MAX_RECORD_LINES + 4} lines, over the ${MAX_RECORD_LINES}-line limit; skipped`,
    ]);
  });

  it('keeps the first authors of a record over the author limit, with a warning', async () => {
    const { corpus, problems } = await load({ 'many.nbib': manyAuthorMedline(MAX_AUTHORS_PER_RECORD + 1) });
    expect(corpus.entries()[0]?.authors).toHaveLength(MAX_AUTHORS_PER_RECORD);
    expect(problems).toEqual([
      `many.nbib:1: PMID 31000001: record names ${MAX_AUTHORS_PER_RECORD + 1} authors, over the ${MAX_AUTHORS_PER_RECORD} limit; the first ${MAX_AUTHORS_PER_RECORD} are kept`,
    ]);
  });

  it.each([
    ['0000-01-01', '0000-01-01'],
    ['275760-09-13', '275760-09-13'],
  ])('reports date %s as out of range and drops it', async (written, named) => {
    const { corpus, problems } = await load({ 'page.md': `---\ntitle: Dated page\ndate: ${written}\n---\nBody.\n` });
    const entry = corpus.entries()[0];
    expect(entry?.date).toBeUndefined();
    expect(entry?.year).toBeUndefined();
    expect(problems).toEqual([`page.md:3: date ${named} is out of range (years 1000–2999); date dropped`]);
  });
});
