// A page dump cut off mid-way (a download that stopped, a file still being written): parsing
// never throws, and either keeps what it can or reports one positioned problem.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEntryFile } from '../../src/corpus/parse-file.ts';
import { SEED_DATASET_FILE, SEED_DATASET_TITLE, readSeed } from '../support/corpus-files.ts';

let seed: string;
let fullAuthors: readonly string[];
let fullSimilar: readonly string[];

function parseCut(text: string) {
  const verdict = parseEntryFile('cut.txt', Buffer.from(text, 'utf8'));
  if (verdict.kind !== 'parsed') throw new Error('a .txt file was ignored');
  // A page dump holds one entry at most.
  expect(verdict.entries.length).toBeLessThanOrEqual(1);
  return { entry: verdict.entries[0]?.entry, problems: verdict.problems };
}

/** The seed cut just after the first occurrence of `marker` plus `extra` characters. */
function cutAfter(marker: string, extra = 0): string {
  const at = seed.indexOf(marker);
  if (at < 0) throw new Error(`marker not in seed: ${marker}`);
  return seed.slice(0, at + marker.length + extra);
}

beforeAll(async () => {
  seed = (await readSeed(SEED_DATASET_FILE)).toString('utf8');
  const whole = parseCut(seed).entry;
  if (!whole) throw new Error('the whole seed did not parse');
  fullAuthors = whole.authors;
  fullSimilar = whole.similar;
});

describe('a page dump cut at any point', () => {
  it('never throws, and gives an entry or an error with a line inside the file', () => {
    for (let length = 1; length < seed.length; length += 37) {
      const text = seed.slice(0, length);
      const verdict = parseCut(text);
      const errors = verdict.problems.filter((problem) => problem.severity === 'error');
      if (verdict.entry) {
        expect(errors, `cut at ${length}`).toEqual([]);
        expect(verdict.entry.title, `cut at ${length}`).toBe(SEED_DATASET_TITLE);
      } else {
        expect(errors, `cut at ${length}`).toHaveLength(1);
        const line = errors[0]?.line ?? 0;
        expect(line, `cut at ${length}`).toBeGreaterThanOrEqual(1);
        expect(line, `cut at ${length}`).toBeLessThanOrEqual(text.split('\n').length);
      }
    }
  });
});

describe('a page dump cut at telling points', () => {
  it('before ABSTRACT: is not recognised as an entry', () => {
    const verdict = parseCut(cutAfter('Mesenchymal stem cell treatment improves', 0));
    expect(verdict.entry).toBeUndefined();
    expect(verdict.problems.map((problem) => problem.line)).toEqual([1]);
  });

  it('inside the abstract says the page was cut short, at the ABSTRACT: line', () => {
    const verdict = parseCut(cutAfter('ABSTRACT: The infusion of coronavirus', 0));
    expect(verdict.entry).toBeUndefined();
    expect(verdict.problems).toEqual([
      {
        line: 10,
        reason: 'BioStudies page cut short: ABSTRACT: is not followed by SUBMITTER:, PROVIDER: or REPOSITORIES: lines',
        severity: 'error',
      },
    ]);
  });

  it('just after PROVIDER keeps title, abstract, accession and the PROVIDER year', () => {
    const verdict = parseCut(cutAfter('PROVIDER: S-EPMC8546390 | biostudies-literature | 2021 Dec'));
    expect(verdict.entry?.key).toBe('biostudies:S-EPMC8546390');
    expect(verdict.entry?.abstract).toMatch(/^The infusion of coronavirus disease 2019/);
    expect(verdict.entry?.year).toBe(2021);
    expect(verdict.entry?.authors).toEqual([]);
  });

  it('inside the author line keeps the authors read so far', () => {
    const verdict = parseCut(cutAfter('Lim Lee Wei LW', 0));
    const authors = verdict.entry?.authors ?? [];
    expect(authors.length).toBeGreaterThan(30);
    expect(authors.length).toBeLessThan(52);
    // Every name before the cut is whole and in order; only the last may be a fragment.
    expect(authors.slice(0, -1)).toEqual(fullAuthors.slice(0, authors.length - 1));
  });

  it('after the journal line has every author, the journal and the date', () => {
    const verdict = parseCut(cutAfter('Cell research 20211026 12'));
    expect(verdict.entry?.authors).toEqual(fullAuthors);
    expect(verdict.entry?.journal).toBe('Cell research');
    expect(verdict.entry?.date).toBe('2021-10-26');
    expect(verdict.entry?.similar).toEqual([]);
  });

  it('inside the Similar Datasets list keeps the whole rows before the cut', () => {
    const verdict = parseCut(cutAfter('| S-EPMC9357915 | biostudies-literature\n| S-EPMC75', 0));
    expect(verdict.entry?.similar).toEqual(fullSimilar.slice(0, 6));
  });
});
