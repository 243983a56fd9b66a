// Odd and malformed BioStudies page dumps: fixtures in test/fixtures/biostudies plus variants of
// the real seed made here (each with its own accession, so they are not merged as duplicates).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { Entry } from '../../src/corpus/entry.ts';
import { formatProblem } from '../../src/corpus/problem.ts';
import {
  FIXTURES,
  SEED_DATASET_FILE,
  SEED_DATASET_TITLE,
  SHIPPED_CORPUS,
  TempDirs,
  readFixture,
  readSeed,
} from '../support/corpus-files.ts';

const dirs = new TempDirs();
let corpus: Corpus;
let seedLines: string[];

/** The seed with its accession swapped, so each variant is an entry of its own. */
function seedAs(accession: string): string {
  return seedLines.join('\n').replaceAll('S-EPMC8546390', accession);
}

function withoutBlock(text: string, from: string, to: string | undefined): string {
  const start = text.indexOf(from);
  const end = to ? text.indexOf(to) : text.length;
  return text.slice(0, start) + text.slice(end);
}

beforeAll(async () => {
  seedLines = (await readSeed(SEED_DATASET_FILE)).toString('utf8').split('\n');
  const files: Record<string, Buffer | string> = {};
  const fixtureDir = path.join(FIXTURES, 'biostudies');
  for (const name of await readdir(fixtureDir)) files[name] = await readFixture(`biostudies/${name}`);
  files['seed-crlf.txt'] = seedAs('S-EPMC9000001').replace(/\n/g, '\r\n');
  files['seed-bom.txt'] = `\uFEFF${seedAs('S-EPMC9000002')}`;
  files['seed-no-similar.txt'] = withoutBlock(seedAs('S-EPMC9000003'), 'Similar Datasets', undefined);
  files['seed-no-publications.txt'] = withoutBlock(seedAs('S-EPMC9000004'), 'Publications', 'Similar Datasets');
  files['seed-no-provider.txt'] = seedAs('S-EPMC9000005').replace(/^PROVIDER:.*$/m, '');
  files['seed-cut-after-abstract.txt'] = seedAs('S-EPMC9000006').slice(
    0,
    seedAs('S-EPMC9000006').indexOf('SUBMITTER:'),
  );
  files['empty.txt'] = '';
  files['binary.txt'] = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]);
  corpus = await Corpus.load(await dirs.make(files));
});
afterAll(() => dirs.cleanup());

function entryFrom(file: string): Entry {
  const entry = corpus.entries().find((candidate) => candidate.source.path === file);
  if (!entry) throw new Error(`${file} gave no entry; problems: ${corpus.problems().map(formatProblem).join(' / ')}`);
  return entry;
}

describe('page dumps that cannot be entries', () => {
  it('each gives one `path:line: reason` error', () => {
    const errors = corpus
      .problems()
      .filter((problem) => problem.severity === 'error')
      .map(formatProblem);
    expect(errors).toEqual([
      'binary.txt:1: not a text file (binary or not UTF-8)',
      'empty.txt:1: empty file',
      'no-title.txt:7: missing title: expected the dataset title before ABSTRACT:',
      'not-a-page.txt:1: not a recognised entry: expected YAML front matter (---) or a BioStudies page with ABSTRACT:/PROVIDER: lines',
      'seed-cut-after-abstract.txt:10: BioStudies page cut short: ABSTRACT: is not followed by SUBMITTER:, PROVIDER: or REPOSITORIES: lines',
    ]);
    expect(corpus.failedFiles().sort()).toEqual([
      'binary.txt',
      'empty.txt',
      'no-title.txt',
      'not-a-page.txt',
      'seed-cut-after-abstract.txt',
    ]);
  });

  it('leave every other page loaded', () => {
    expect(
      corpus
        .entries()
        .map((entry) => entry.source.path)
        .sort(),
    ).toEqual([
      'double-space-authors.txt',
      'html-entities.txt',
      'noise-lines.txt',
      'provider-without-accession.txt',
      'seed-bom.txt',
      'seed-crlf.txt',
      'seed-no-provider.txt',
      'seed-no-publications.txt',
      'seed-no-similar.txt',
    ]);
  });
});

describe('odd page dumps that still load', () => {
  it('reads CRLF and BOM copies of the seed exactly like the seed', async () => {
    const seed = (await Corpus.load(SHIPPED_CORPUS)).get('biostudies:S-EPMC8546390');
    for (const [file, accession] of [
      ['seed-crlf.txt', 'S-EPMC9000001'],
      ['seed-bom.txt', 'S-EPMC9000002'],
    ] as const) {
      const entry = entryFrom(file);
      expect(entry.key).toBe(`biostudies:${accession}`);
      expect(entry.title).toBe(SEED_DATASET_TITLE);
      expect(entry.authors).toEqual(seed?.authors);
      expect(entry.abstract).toBe(seed?.abstract);
      expect(entry.similar).toEqual(seed?.similar);
      expect([entry.journal, entry.date, entry.submitter, entry.provider]).toEqual([
        'Cell research',
        '2021-10-26',
        'Zhu R',
        'biostudies-literature',
      ]);
    }
  });

  it('has no similar datasets when the page has no Similar Datasets block', () => {
    const entry = entryFrom('seed-no-similar.txt');
    expect(entry.similar).toEqual([]);
    expect(entry.authors).toHaveLength(52);
  });

  it('without a Publications block, has no authors or journal and takes the date from PROVIDER', () => {
    const entry = entryFrom('seed-no-publications.txt');
    expect(entry.authors).toEqual([]);
    expect(entry.journal).toBeUndefined();
    expect(entry.date).toBe('2021-12');
    expect(entry.year).toBe(2021);
    expect(entry.similar).toHaveLength(9);
  });

  it('without PROVIDER, loads under a title key with a warning that the dump may be truncated', () => {
    const entry = entryFrom('seed-no-provider.txt');
    expect(entry.key).toMatch(/^title:[0-9a-f]{16}$/);
    expect(entry.accession).toBeUndefined();
    const warning = corpus.problems().find((problem) => problem.path === 'seed-no-provider.txt');
    expect(warning?.severity).toBe('warning');
    expect(warning?.reason).toBe('no PROVIDER: line, so no accession: the page dump may be truncated');
  });

  it('reads a PROVIDER line that lost its accession, warning at that line', () => {
    const entry = entryFrom('provider-without-accession.txt');
    expect(entry.key).toMatch(/^title:/);
    expect(entry.provider).toBe('biostudies-literature');
    expect(entry.year).toBe(2017);
    expect(corpus.problems().map(formatProblem)).toContain(
      'provider-without-accession.txt:7: PROVIDER does not start with an accession like S-EPMC8546390',
    );
  });

  it('ignores noise lines (Unknown, 0, altmetric image) wherever they appear', () => {
    const entry = entryFrom('noise-lines.txt');
    expect(entry.title).toBe('Bone marrow stromal cells in lung fibrosis.');
    expect(entry.authors).toEqual(['Park, Jiwoo', 'Kim, Min-Seo', 'Ahn, Ho']);
    expect(entry.journal).toBe('Respiratory research');
    expect(entry.date).toBe('2019-06-11');
    expect(entry.similar).toEqual(['S-EPMC2222222', 'S-EPMC3333333']);
    expect(entry.submitter).toBe('Park J');
  });

  it('decodes HTML entities and drops tags in title, abstract and names', () => {
    const entry = entryFrom('html-entities.txt');
    expect(entry.title).toBe('IL-6 & TNF-α signalling in Ace2 knockout mice');
    expect(entry.abstract).toBe('Knockout mice (p<0.01) lost weight faster. Café staff were not involved.');
    expect(entry.authors).toEqual(['Müller, Jürgen', "O'Brien, Seán"]);
    expect(entry.submitter).toBe('Müller J');
  });

  it('splits authors on double spaces in older dumps, with compound and non-ASCII initials', () => {
    expect(entryFrom('double-space-authors.txt').authors).toEqual([
      'Ma, Yan-Qing',
      'Brown-Borg, Holly M',
      'Lim, Lee Wei',
      'Åström, Åsa',
    ]);
  });
});
