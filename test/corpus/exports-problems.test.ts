// A malformed record in an export costs that record only: the rest of the file loads, and each
// problem names the file, the record's line and its reference, as `paperbot check` prints them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import { formatProblem } from '../../src/corpus/problem.ts';
import { TempDirs } from '../support/corpus-files.ts';

const BIBTEX = String.raw`% A hand-kept list with mistakes in it.
@string{jrn = {Journal of Odd Corners}}
@string{broken = {unclosed}

@article{good1,
  title = {First good record},
  author = {Smith, Ann},
  journal = jrn,
  year = 2020,
}

@article{unclosed2,
  title = {Missing its closing brace},
  year = 2021,

@article{nocomma3,
  title = {Fields without a comma}
  year = 2021,
}

@article{notitle4,
  author = {Doe, John},
  year = 2019,
}

@article{dollar5,
  title = {Prices in $5 for {\"o}l},
  year = 2022,
}

@article{good6,
  title = {Third good record},
  year = {20xx},
}
`;

const RIS = `AU  - Stray, Line
TY  - JOUR
TI  - A good RIS record
AU  - Smith, Ann
PY  - 2020
ER  - 

TY  - JOUR
AU  - Doe, John
PY  - 2019
ER  - 

TY  - JOUR
TI  - Another good RIS record
PY  - 2021
ER  - 
`;

const CSL_JSON = `[
  {"id": "ok1", "type": "article-journal", "title": "A good CSL item", "issued": {"date-parts": [[2020]]}},
  {"id": "notitle2", "type": "article-journal", "author": [{"family": "Doe"}]},
  "not an item",
  {"id": "ok4", "title": "Another good CSL item", "author": "Smith, Ann; Doe, John"}
]
`;

const MEDLINE = `PMID- 111
TI  - A good PubMed record
AU  - Smith A
DP  - 2020 Jan

PMID- 222
AU  - Doe J
DP  - 2019
this line is not a field

PMID- 333
TI  - Another good PubMed record
DP  - 2021
`;

const dirs = new TempDirs();
let corpus: Corpus;

beforeAll(async () => {
  const root = await dirs.make({
    'library.bib': BIBTEX,
    'notes.bib': 'Just notes, no records.\n',
    'export.ris': RIS,
    'items.json': CSL_JSON,
    'broken.json': '[\n  {"id": "a", "title": "x"},\n  {"id": "b" "title": "y"}\n]\n',
    'set.nbib': MEDLINE,
  });
  corpus = await Corpus.load(root);
});
afterAll(() => dirs.cleanup());

function problemsOf(file: string): string[] {
  return corpus
    .problems()
    .filter((problem) => problem.path === file)
    .map((problem) => `${problem.severity} ${formatProblem(problem)}`);
}

function titlesOf(file: string): string[] {
  return corpus
    .entries()
    .filter((entry) => entry.source.path === file)
    .map((entry) => entry.title)
    .sort();
}

describe('a BibTeX file with broken records', () => {
  it('loads every readable record, the @string macros they use included', () => {
    expect(titlesOf('library.bib')).toEqual(['First good record', 'Prices in $5 for öl', 'Third good record']);
    expect(corpus.entries().find((entry) => entry.source.ref === 'good1')?.journal).toBe('Journal of Odd Corners');
  });

  it('names each lost record by line and citation key, and what is wrong with it', () => {
    expect(problemsOf('library.bib')).toEqual([
      'warning library.bib:3: @string broken: cannot read this @string (expected "}" but found the end of the record at line 5); records that use it read it as empty',
      'error library.bib:12: unclosed2: cannot read this record: expected "}" but found the end of the record at line 16; skipped',
      'error library.bib:16: nocomma3: cannot read this record: expected "}" but found a field name at line 18; skipped',
      'error library.bib:21: notitle4: record has no title; skipped',
      'warning library.bib:26: dollar5: a field has an unmatched $ (TeX math); read with every $ as a dollar sign',
      'warning library.bib:31: good6: date "20xx" holds no year; read without one',
    ]);
  });

  it('a .bib file with no record at all is an error, and the file counts as failed', () => {
    expect(problemsOf('notes.bib')).toEqual([
      'error notes.bib:1: not a recognised entry file: expected BibTeX / BibLaTeX exports',
    ]);
    expect(corpus.failedFiles()).toContain('notes.bib');
    expect(corpus.failedFiles()).not.toContain('library.bib');
  });
});

describe('a RIS file with a record that has no title', () => {
  it('loads the others and names the record by its TY line', () => {
    expect(titlesOf('export.ris')).toEqual(['A good RIS record', 'Another good RIS record']);
    expect(problemsOf('export.ris')).toEqual([
      'warning export.ris:1: tagged lines outside a TY … ER record are ignored',
      'error export.ris:8: record has no title; skipped',
    ]);
  });
});

describe('a CSL-JSON file with items that are not entries', () => {
  it('loads the good items (an author string read as names) and names the others by line and id', () => {
    expect(titlesOf('items.json')).toEqual(['A good CSL item', 'Another good CSL item']);
    expect(corpus.entries().find((entry) => entry.source.ref === 'ok4')?.authors).toEqual(['Smith, Ann', 'Doe, John']);
    expect(problemsOf('items.json')).toEqual([
      'error items.json:3: notitle2: record has no title; skipped',
      'error items.json:4: item 3: record is not a CSL item (an object of fields)',
    ]);
  });

  it('JSON that does not parse is one error at the line where it breaks', () => {
    expect(problemsOf('broken.json')).toEqual([expect.stringMatching(/^error broken\.json:3: not valid JSON: /)]);
    expect(corpus.failedFiles()).toContain('broken.json');
  });
});

describe('a PubMed file with a record that has no title', () => {
  it('loads the others and names the record by its PMID', () => {
    expect(titlesOf('set.nbib')).toEqual(['A good PubMed record', 'Another good PubMed record']);
    expect(problemsOf('set.nbib')).toEqual([
      'error set.nbib:6: PMID 222: record has no title; skipped',
      'warning set.nbib:9: line is neither a "TAG - value" field nor the continuation of one; ignored',
    ]);
  });
});
