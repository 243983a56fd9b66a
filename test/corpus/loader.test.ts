// The loader: a folder tree in, entries and positioned problems out.
import { rename, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import { formatProblem } from '../../src/corpus/problem.ts';
import { TempDirs, frontMatterEntry } from '../support/corpus-files.ts';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

const rich = frontMatterEntry({
  title: 'Exosomes from MSCs in sepsis',
  doi: '10.1000/Sepsis.7',
  authors: 'Ng, Wei; Ortiz, Lara; Park, Min',
  summary: 'Exosomes lowered mortality in septic mice.',
  abstract: 'Exosomes from MSCs were given to septic mice. Mortality fell. Cytokines fell too.',
  journal: 'Shock',
  year: 2022,
});
const thin = frontMatterEntry({ title: 'Exosomes from MSCs in sepsis', doi: '10.1000/sepsis.7' });

describe('walking the corpus folder', () => {
  it('reads entries in nested folders, with paths relative to the root', async () => {
    const root = await dirs.make({
      'top.md': frontMatterEntry({ title: 'Top level' }),
      '2021/march/nested.md': frontMatterEntry({ title: 'Two levels down' }),
      '2022/page.txt': frontMatterEntry({ title: 'A .txt file holding front matter' }),
    });
    const corpus = await Corpus.load(root);
    expect(
      corpus
        .entries()
        .map((entry) => entry.source.path)
        .sort(),
    ).toEqual(['2021/march/nested.md', '2022/page.txt', 'top.md']);
    expect(corpus.problems()).toEqual([]);
  });

  it('passes over README files, dotfiles, dot-folders and other extensions without a word', async () => {
    const root = await dirs.make({
      'entry.md': frontMatterEntry({ title: 'The only entry' }),
      'README.md': '# About this corpus\n',
      'sub/readme.txt': 'notes about the sub folder\n',
      'CHANGELOG.md': 'nothing here\n',
      '.draft.md': 'not front matter at all',
      '.git/HEAD.md': 'ref: refs/heads/main',
      'notes.json': '{"title": 1}',
      'figure.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]),
      'table.csv': 'a,b\n1,2\n',
    });
    const corpus = await Corpus.load(root);
    expect(corpus.entries().map((entry) => entry.title)).toEqual(['The only entry']);
    expect(corpus.problems()).toEqual([]);
    expect(corpus.failedFiles()).toEqual([]);
  });

  it('follows a folder link once and stops at a link loop', async () => {
    const root = await dirs.make({ 'a/entry.md': frontMatterEntry({ title: 'Inside a' }) });
    await symlink(path.join(root, 'a'), path.join(root, 'a', 'loop'));
    const corpus = await Corpus.load(root);
    expect(corpus.entries().map((entry) => entry.source.path)).toEqual(['a/entry.md']);
    expect(corpus.problems().map(formatProblem)).toEqual([
      'a/loop: folder link loops back to a folder already read; skipped',
    ]);
  });

  it('reports a corpus folder that does not exist instead of throwing', async () => {
    const root = path.join(await dirs.make(), 'missing');
    const corpus = await Corpus.load(root);
    expect(corpus.size).toBe(0);
    expect(corpus.problems().map(formatProblem)).toEqual(['.: cannot read folder: no such file or folder']);
  });
});

describe('duplicates', () => {
  it('merges two files with the same DOI into one entry, keeps the richer, and warns naming both files', async () => {
    const root = await dirs.make({ 'a-thin.md': thin, 'b-rich.md': rich });
    const corpus = await Corpus.load(root);
    expect(corpus.size).toBe(1);
    const entry = corpus.get('doi:10.1000/sepsis.7');
    expect(entry?.source.path).toBe('b-rich.md');
    expect(entry?.summary).toBe('Exosomes lowered mortality in septic mice.');
    expect(corpus.problems().map(formatProblem)).toEqual([
      'a-thin.md:1: same entry as b-rich.md (doi:10.1000/sepsis.7); keeping the richer file, b-rich.md',
    ]);
    expect(corpus.problems()[0]?.severity).toBe('warning');
    expect(corpus.failedFiles()).toEqual([]);
  });

  it('keeps the richer file whatever the file names’ order', async () => {
    const root = await dirs.make({ 'a-rich.md': rich, 'z-thin.md': thin });
    const corpus = await Corpus.load(root);
    expect(corpus.get('doi:10.1000/sepsis.7')?.source.path).toBe('a-rich.md');
    expect(corpus.problems().map(formatProblem)).toEqual([
      'z-thin.md:1: same entry as a-rich.md (doi:10.1000/sepsis.7); keeping the richer file, a-rich.md',
    ]);
  });

  it('treats the same accession in a page dump and in front matter as one entry', async () => {
    const root = await dirs.make({
      'page.txt': 'A dataset\n\nABSTRACT: Cells.\n\nPROVIDER: S-EPMC7777777 | biostudies-literature | 2020 Jan\n',
      'copy.md': frontMatterEntry({ title: 'A dataset', accession: 's-epmc7777777', kind: 'dataset' }),
    });
    const corpus = await Corpus.load(root);
    expect(corpus.entries().map((entry) => entry.key)).toEqual(['biostudies:S-EPMC7777777']);
    expect(corpus.problems()).toHaveLength(1);
  });
});

describe('identity', () => {
  it('a renamed or moved file keeps its key, with or without a DOI', async () => {
    const root = await dirs.make({
      'old-name.md': frontMatterEntry({ title: 'No identifier but its title' }),
      'with-doi.md': rich,
    });
    const before = (await Corpus.load(root))
      .entries()
      .map((entry) => entry.key)
      .sort();
    await rename(path.join(root, 'old-name.md'), path.join(root, 'new-name.md'));
    await rename(path.join(root, 'with-doi.md'), path.join(root, 'moved.md'));
    const after = await Corpus.load(root);
    expect(
      after
        .entries()
        .map((entry) => entry.key)
        .sort(),
    ).toEqual(before);
    expect(
      after
        .entries()
        .map((entry) => entry.source.path)
        .sort(),
    ).toEqual(['moved.md', 'new-name.md']);
  });

  it('gives the same title key whatever the case, accents and punctuation of the title', async () => {
    const root = await dirs.make({
      'one.md': frontMatterEntry({ title: 'Stem-cell therapy: a review' }),
      'two.md': frontMatterEntry({ title: 'STEM CELL THERAPY — A REVIEW' }),
    });
    const corpus = await Corpus.load(root);
    expect(corpus.size).toBe(1);
  });
});

describe('the file size limit', () => {
  it('skips a file over the limit with a problem and loads the rest', async () => {
    const big = frontMatterEntry({ title: 'Too big', abstract: 'word '.repeat(600) });
    const root = await dirs.make({ 'big.md': big, 'small.md': frontMatterEntry({ title: 'Small enough' }) });
    const corpus = await Corpus.load(root, { maxFileBytes: 1024 });
    expect(corpus.entries().map((entry) => entry.title)).toEqual(['Small enough']);
    expect(corpus.problems().map(formatProblem)).toEqual(['big.md: file is 3 KB, over the 1 KB limit; skipped']);
    expect(corpus.failedFiles()).toEqual(['big.md']);
  });
});
