// Identity never merges different papers: a DOI copied onto another paper's page, or a title
// that recurs ("Editorial"), leaves every paper findable, and `paperbot check` says what clashed.
import { rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import { formatProblem } from '../../src/corpus/problem.ts';
import { checkCorpus } from '../../src/cli/check.ts';
import { TempDirs, frontMatterEntry } from '../support/corpus-files.ts';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

const MAX = 5 * 1024 * 1024;
const cells = frontMatterEntry({
  title: 'Mesenchymal stromal cells in septic shock',
  doi: '10.1000/shared.1',
  authors: 'Ng, Wei',
  year: 2021,
});
const copied = frontMatterEntry({
  title: 'Gut microbiota after antibiotic exposure in infants',
  doi: '10.1000/SHARED.1',
  authors: 'Ortiz, Lara',
  year: 2022,
});

describe('one DOI on two different titles', () => {
  it('serves both papers, each under its own key, and reports an error on both files naming the other', async () => {
    const root = await dirs.make({ 'a-cells.md': cells, 'b-gut.md': copied });
    const corpus = await Corpus.load(root);
    expect(
      corpus
        .entries()
        .map((entry) => entry.title)
        .sort(),
    ).toEqual(['Gut microbiota after antibiotic exposure in infants', 'Mesenchymal stromal cells in septic shock']);
    const keys = corpus.entries().map((entry) => entry.key);
    expect(new Set(keys).size).toBe(2);
    expect(keys).toContain('doi:10.1000/shared.1');
    expect(keys.find((key) => key !== 'doi:10.1000/shared.1')).toMatch(/^doi:10\.1000\/shared\.1~[0-9a-f]{8}$/);
    const errors = corpus
      .problems()
      .filter((problem) => problem.severity === 'error')
      .map(formatProblem);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(
      /^a-cells\.md:1: doi:10\.1000\/shared\.1 is also given to "Gut microbiota after antibiotic exposure in infants" in b-gut\.md/,
    );
    expect(errors[1]).toMatch(
      /^b-gut\.md:1: doi:10\.1000\/shared\.1 is also given to "Mesenchymal stromal cells in septic shock" in a-cells\.md/,
    );
  });

  it("gives each file's problems on their own as the whole list has them", async () => {
    const root = await dirs.make({
      'a-cells.md': cells,
      'b-gut.md': copied,
      'c-broken.md': '---\ntitle: [unclosed\n---\n',
    });
    const corpus = await Corpus.load(root);
    for (const file of ['a-cells.md', 'b-gut.md', 'c-broken.md']) {
      const own = corpus.problemsOf(file).map(formatProblem);
      expect(own.length).toBeGreaterThan(0);
      expect(own).toEqual(
        corpus
          .problems()
          .filter((problem) => problem.path === file)
          .map(formatProblem),
      );
    }
  });

  it('makes `paperbot check` exit 1', async () => {
    const root = await dirs.make({ 'a-cells.md': cells, 'b-gut.md': copied });
    const outcome = await checkCorpus(root, MAX);
    expect(outcome.exitCode).toBe(1);
  });

  it('keeps the plain key on the page that was there first when a page with a copied DOI arrives', async () => {
    const root = await dirs.make({ 'z-cells.md': cells });
    const corpus = await Corpus.load(root);
    await writeFile(path.join(root, 'a-gut.md'), copied);
    const change = await corpus.refreshFile('a-gut.md');
    expect(change.added.map((entry) => entry.title)).toEqual(['Gut microbiota after antibiotic exposure in infants']);
    expect(change.added[0]?.key).toMatch(/~[0-9a-f]{8}$/);
    expect(change.updated).toEqual([]);
    expect(corpus.get('doi:10.1000/shared.1')?.title).toBe('Mesenchymal stromal cells in septic shock');

    await rm(path.join(root, 'a-gut.md'));
    const gone = corpus.removeFile('a-gut.md');
    expect(gone.removed.map((entry) => entry.title)).toEqual(['Gut microbiota after antibiotic exposure in infants']);
    expect(corpus.problems()).toEqual([]);
  });

  it('keeps the plain key on the page that was there first even when the newcomer carries an older file time', async () => {
    const root = await dirs.make({ 'z-cells.md': cells });
    const corpus = await Corpus.load(root);
    // A copy that kept its time (`cp -p`, an unpacked archive) looks older than the page already served.
    await writeFile(path.join(root, 'a-gut.md'), copied);
    const longAgo = new Date('2001-01-01T00:00:00Z');
    await utimes(path.join(root, 'a-gut.md'), longAgo, longAgo);
    const change = await corpus.refreshFile('a-gut.md');
    expect(change.added.map((entry) => entry.title)).toEqual(['Gut microbiota after antibiotic exposure in infants']);
    expect(change.added[0]?.key).toMatch(/~[0-9a-f]{8}$/);
    expect(change.updated).toEqual([]);
    expect(corpus.get('doi:10.1000/shared.1')?.title).toBe('Mesenchymal stromal cells in septic shock');
  });
});

describe('the same paper written twice', () => {
  it('is one entry when the DOI matches and the titles differ only in case, markup, TeX or a subtitle', async () => {
    const root = await dirs.make({
      'a.md': frontMatterEntry({
        title: 'The role of $\\beta$-catenin in <i>Xenopus</i> axis formation',
        doi: '10.1000/beta.2',
      }),
      'b.md': frontMatterEntry({
        title: 'The Role of β-Catenin in Xenopus Axis Formation: A Review of Ten Years',
        doi: '10.1000/beta.2',
        journal: 'Development',
      }),
    });
    const corpus = await Corpus.load(root);
    expect(corpus.size).toBe(1);
    expect(corpus.problems().map((problem) => problem.severity)).toEqual(['warning']);
    expect((await checkCorpus(root, MAX)).exitCode).toBe(0);
  });

  it('is one entry for the same title without DOI when year and first author agree or are missing', async () => {
    const root = await dirs.make({
      'a.md': frontMatterEntry({ title: 'Single-cell atlas of the ageing lung', authors: 'Ito, Ken', year: 2020 }),
      'b.md': frontMatterEntry({ title: 'Single-cell atlas of the ageing lung', authors: 'Ken Ito; Ana Ruiz' }),
    });
    expect((await Corpus.load(root)).size).toBe(1);
  });
});

describe('one title on different papers', () => {
  it('keeps editorials of different years, or by different first authors, apart without an error', async () => {
    const root = await dirs.make({
      'editorial-2019.md': frontMatterEntry({ title: 'Editorial', authors: 'Ng, Wei', year: 2019 }),
      'editorial-2020.md': frontMatterEntry({ title: 'Editorial', authors: 'Ng, Wei', year: 2020 }),
      'editorial-other.md': frontMatterEntry({ title: 'Editorial', authors: 'Park, Min', year: 2020 }),
    });
    const corpus = await Corpus.load(root);
    expect(corpus.size).toBe(3);
    expect(new Set(corpus.entries().map((entry) => entry.key)).size).toBe(3);
    expect(corpus.problems()).toEqual([]);
  });
});
