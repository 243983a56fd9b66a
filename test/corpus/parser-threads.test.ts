// Files are parsed on threads with a time limit: a file that runs over is a named problem, the
// rest is served, and the file is not parsed again at the next start until it changes. A large
// export re-read after one record was added reports that record alone.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import { formatProblem } from '../../src/corpus/problem.ts';
import { PARSER_HEAP_MB } from '../../src/corpus/limits.ts';
import { TempDirs, frontMatterEntry } from '../support/corpus-files.ts';

const dirs = new TempDirs();
afterAll(() => dirs.cleanup());

function cslJson(items: number, from = 1): string {
  const list = Array.from({ length: items }, (_, i) => ({
    id: `item-${from + i}`,
    type: 'article-journal',
    title: `Generated paper ${from + i}`,
    author: [{ family: `Family${from + i}`, given: 'Ann' }],
    DOI: `10.5555/threads.${from + i}`,
  }));
  return JSON.stringify(list, null, 1);
}

const GOOD_PAGE = frontMatterEntry({ title: 'A page beside the slow export', doi: '10.5555/page' });

describe('parser threads', { timeout: 120_000 }, () => {
  it('skips a file that runs over the time limit by name, serves the rest, and remembers it until it changes', async () => {
    const root = await dirs.make({ 'page.md': GOOD_PAGE, 'slow.json': cslJson(100_000) });
    // The threads start once; started here, the limit below times the parsing alone.
    await Corpus.load(await dirs.make({ 'warm.md': GOOD_PAGE }));
    const first = await Corpus.load(root, { parseLimits: { heapMb: PARSER_HEAP_MB, timeLimitMs: 1_000 } });
    expect(first.entries().map((entry) => entry.title)).toEqual(['A page beside the slow export']);
    const problem = ['slow.json:1: parsing took over 1 s; skipped until the file changes'];
    expect(first.problems().map(formatProblem)).toEqual(problem);

    // Without a time limit to speak of, a parse would now read every item: it is not tried again.
    const previous = new Map(first.fileRecords().map((record) => [record.path, record]));
    const second = await Corpus.load(root, { previous });
    expect(second.problems().map(formatProblem)).toEqual(problem);
    expect(second.size).toBe(1);

    await writeFile(path.join(root, 'slow.json'), cslJson(2));
    const third = await Corpus.load(root, { previous });
    expect(third.problems()).toEqual([]);
    expect(third.size).toBe(3);
  });

  it('reports only the record added to a 5 000-record export as added, none as updated', async () => {
    const root = await dirs.make({ 'library.json': cslJson(5_000) });
    const corpus = await Corpus.load(root);
    const grown = `${cslJson(5_000).slice(0, -2)},\n${cslJson(1, 5_001).slice(1)}`;
    await writeFile(path.join(root, 'library.json'), grown);
    const change = await corpus.refreshFile('library.json');
    expect(change.added.map((entry) => entry.title)).toEqual(['Generated paper 5001']);
    expect(change.updated).toEqual([]);
    expect(change.removed).toEqual([]);
    expect(corpus.size).toBe(5_001);
  });
});
