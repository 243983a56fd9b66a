// Malformed and odd front-matter files (test/fixtures/front-matter, plus a few made here because
// git or editors would change their bytes): every failing file is one `path:line: reason`
// problem, and the good files beside them still load.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { Entry } from '../../src/corpus/entry.ts';
import { formatProblem } from '../../src/corpus/problem.ts';
import { FIXTURES, TempDirs, readFixture } from '../support/corpus-files.ts';

const dirs = new TempDirs();
let corpus: Corpus;

async function variantsFolder(): Promise<string> {
  const fixtureDir = path.join(FIXTURES, 'front-matter');
  const files: Record<string, Buffer | string> = {};
  for (const name of await readdir(fixtureDir)) files[name] = await readFixture(`front-matter/${name}`);
  const good = (await readFixture('front-matter/good.md')).toString('utf8');
  const variant = (title: string, doi: string): string =>
    good.replace(/^title: .*$/m, `title: "${title}"`).replace(/10\.1000\/good\.2021\.1/, doi);
  files['crlf.md'] = variant('Windows line endings', '10.1000/crlf').replace(/\n/g, '\r\n');
  files['bom.md'] = `\uFEFF${variant('Starts with a byte order mark', '10.1000/bom')}`;
  files['binary.md'] = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  ]);
  files['latin1.md'] = Buffer.from('---\ntitle: Caf\xe9 society\n---\n', 'latin1');
  files['whitespace.md'] = '  \n\t\n';
  return dirs.make(files);
}

function entryFrom(file: string): Entry {
  const entry = corpus.entries().find((candidate) => candidate.source.path === file);
  if (!entry) throw new Error(`${file} gave no entry; problems: ${corpus.problems().map(formatProblem).join(' / ')}`);
  return entry;
}

beforeAll(async () => {
  corpus = await Corpus.load(await variantsFolder());
});
afterAll(() => dirs.cleanup());

describe('front-matter files that cannot be entries', () => {
  it('each gives one error as `path:line: reason`, with the line that is wrong', () => {
    const errors = corpus
      .problems()
      .filter((problem) => problem.severity === 'error')
      .map(formatProblem);
    expect(errors).toEqual([
      'binary.md:1: not a text file (binary or not UTF-8)',
      'empty-title.md:3: missing title: add a `title:` field',
      'empty.md:1: empty file',
      'js-front-matter.md:1: front matter in "js" is refused: only YAML and TOML front matter are read, and code in an entry is never run',
      'latin1.md:2: not a text file (binary or not UTF-8)',
      'missing-title.md:1: missing title: add a `title:` field',
      'no-front-matter.md:1: no front matter: expected the file to start with a --- (YAML) or +++ (TOML) line',
      'not-a-mapping.md:2: front matter is not a mapping of fields',
      'unclosed.md:1: front matter is not closed: expected a second --- line',
      'whitespace.md:1: file holds only whitespace',
      'yaml-bad-indent.md:5: YAML syntax error: bad indentation of a mapping entry',
      'yaml-duplicate-key.md:5: YAML syntax error: duplicated mapping key',
    ]);
  });

  it('are exactly the files reported as failed', () => {
    expect(corpus.failedFiles().sort()).toEqual([
      'binary.md',
      'empty-title.md',
      'empty.md',
      'js-front-matter.md',
      'latin1.md',
      'missing-title.md',
      'no-front-matter.md',
      'not-a-mapping.md',
      'unclosed.md',
      'whitespace.md',
      'yaml-bad-indent.md',
      'yaml-duplicate-key.md',
    ]);
  });

  it('never runs `---js` front matter', () => {
    expect(Object.hasOwn(globalThis, 'paperbotRanFrontMatterCode')).toBe(false);
  });

  it('do not stop the good files beside them from loading', () => {
    expect(
      corpus
        .entries()
        .map((entry) => entry.source.path)
        .sort(),
    ).toEqual([
      'authors-many-items.md',
      'authors-plain-string.md',
      'block-scalars.md',
      'bom.md',
      'crlf.md',
      'good.md',
      'html-entities.md',
      'non-ascii-names.md',
      'odd-kind-and-year.md',
    ]);
  });
});

describe('odd but readable front matter', () => {
  it('reads the good file completely', () => {
    const entry = entryFrom('good.md');
    expect(entry.key).toBe('doi:10.1000/good.2021.1');
    expect(entry.authors).toEqual(['Smith, Anna', 'Jones, Bram']);
    expect(entry.summary).toBe('Cord-derived cells were given to twelve patients. Oxygenation improved.');
    expect(entry.abstract).toMatch(/^Cord-derived cells .* No serious adverse events were seen\.$/);
  });

  it('reads CRLF line endings like LF', () => {
    const entry = entryFrom('crlf.md');
    expect(entry.title).toBe('Windows line endings');
    expect(entry.key).toBe('doi:10.1000/crlf');
    expect(entry.authors).toEqual(['Smith, Anna', 'Jones, Bram']);
    expect(entry.summary).not.toMatch(/\r/);
  });

  it('skips a byte order mark', () => {
    const entry = entryFrom('bom.md');
    expect(entry.title).toBe('Starts with a byte order mark');
    expect(entry.key).toBe('doi:10.1000/bom');
  });

  it('takes authors as a list of many items, splitting `Zhao R, Yan T` style items', () => {
    expect(entryFrom('authors-many-items.md').authors).toEqual([
      'Leng, Zikuan',
      'Zhu, Rongjia',
      'Zhao R',
      'Yan T',
      'Lim, Lee Wei',
      'Brown-Borg HM',
    ]);
  });

  it('takes authors and summary as plain strings instead of lists', () => {
    const entry = entryFrom('authors-plain-string.md');
    expect(entry.authors).toEqual(['Leng, Zikuan', 'Zhu, Rongjia', 'Zhao, Robert Chunhua']);
    expect(entry.summary).toBe('A plain string, not a one-item list.');
  });

  it('reads folded (`>-`, `>`) and literal (`|`) block scalars, one author per line of a `|` block', () => {
    const entry = entryFrom('block-scalars.md');
    expect(entry.title).toBe('A folded title that spans two lines');
    expect(entry.authors).toEqual(['Leng, Zikuan', 'Zhu, Rongjia']);
    expect(entry.summary).toBe('First line of the summary. Second line of the summary.');
    expect(entry.abstract).toBe('An abstract folded over lines.');
  });

  it('keeps non-ASCII titles and names as written', () => {
    const entry = entryFrom('non-ascii-names.md');
    expect(entry.title).toBe('Étude des cellules souches mésenchymateuses — 间充质干细胞');
    expect(entry.authors).toEqual(['Müller, Jürgen', 'Øster, Åse', 'Nguyễn, Văn An', 'Çelik, Ömer', '李, 华']);
  });

  it('decodes HTML entities and drops tags, without splitting a name at an entity’s semicolon', () => {
    const entry = entryFrom('html-entities.md');
    expect(entry.title).toBe('IL-6 & TNF-α in ACE2 mice');
    expect(entry.authors).toEqual(["O'Brien, Seán", 'Müller, Jürgen']);
    expect(entry.abstract).toBe('Background Cells were studied (p<0.05). They grew.');
  });

  it('loads an entry with an unknown kind and a non-year, warning at each field’s line', () => {
    expect(entryFrom('odd-kind-and-year.md').kind).toBe('paper');
    const warnings = corpus
      .problems()
      .filter((problem) => problem.severity === 'warning')
      .map(formatProblem);
    expect(warnings).toEqual([
      'odd-kind-and-year.md:3: kind "preprint" is not paper or dataset; read as paper',
      'odd-kind-and-year.md:4: year "soon" is not a year; ignored',
    ]);
  });
});
