// Start-up over a large corpus gives the event loop turns while it indexes and while it reads
// and writes the snapshot (issue 12: a platform's heartbeats and acks wait behind a blocked loop).
// How long each block lasts is the start-up bench's figure; these tests show that turns happen
// at all, and that the chunked paths answer exactly as the one-go paths do.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import type { Entry } from '../../src/corpus/entry.ts';
import { silentLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { MiniSearchBackend } from '../../src/search/minisearch-backend.ts';
import { openCorpus } from '../../src/search/open-corpus.ts';
import { SNAPSHOT_FILE } from '../../src/search/snapshot.ts';
import { parseQuery } from '../../src/search/query.ts';
import { TempDirs, frontMatterEntry } from '../support/corpus-files.ts';
import { COMMANDS } from '../../commands/index.ts';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

const WORDS = [
  'ferret',
  'influenza',
  'exosome',
  'sepsis',
  'zebrafish',
  'regeneration',
  'atlas',
  'murine',
  'organoid',
  'cortex',
  'lineage',
  'tracing',
];
const word = (i: number, salt: number): string => WORDS[(i * 7 + salt * 5) % WORDS.length] ?? 'cell';

function entry(i: number): Entry {
  return {
    key: `doi:10.5555/turns.${i}`,
    kind: 'paper',
    title: `${word(i, 1)} ${word(i, 2)} study number${i}`,
    authors: [`Author${i % 50}, Ada`],
    doi: `10.5555/turns.${i}`,
    abstract: `${word(i, 3)} ${word(i, 4)} ${word(i, 5)} observed in sample${i}.`,
    year: 1990 + (i % 35),
    similar: [],
    source: { path: `f/${i}.md`, format: 'front-matter' },
    added: '2026-01-01T00:00:00.000Z',
  };
}

/** Counts turns of the event loop until stopped. */
function turnCounter(): { stop: () => number } {
  let turns = 0;
  let running = true;
  const tick = (): void => {
    if (!running) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop: () => {
      running = false;
      return turns;
    },
  };
}

const keysOf = (page: { hits: readonly { entry: Entry }[] }): string[] => page.hits.map((hit) => hit.entry.key);

describe('start-up over a large corpus', () => {
  it('indexes in chunks with turns of the event loop between them, and finds what a one-go build finds', async () => {
    const entries = Array.from({ length: 2_000 }, (_, i) => entry(i));
    const counter = turnCounter();
    const chunked = await MiniSearchBackend.buildAsync(entries);
    const turns = counter.stop();
    // A build in one go gives none: the ticker would only run after it.
    expect(turns).toBeGreaterThanOrEqual(10);

    const whole = MiniSearchBackend.build(entries);
    for (const text of ['zebrafish atlas', 'number1234', 'author:Author7', 'sepsis -murine', 'regenration']) {
      const parsed = parseQuery(text);
      if (!parsed.ok) throw new Error(`the query ${text} parses`);
      const page = { offset: 0, limit: 20 };
      expect(keysOf(await chunked.search(parsed.query, page))).toEqual(keysOf(await whole.search(parsed.query, page)));
    }
    expect(await chunked.count()).toBe(2_000);
  });

  it('writes the index across many lines of the snapshot and answers the same from it', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 1_500 }, (_, i) => {
        const { title, doi, abstract, year } = entry(i);
        return [
          `f${Math.floor(i / 500)}/${i}.md`,
          frontMatterEntry({ title, doi, abstract, year, authors: `Author${i % 50}, Ada; Lind, Eva${i}` }),
        ];
      }),
    );
    const root = await dirs.make(files);
    const dataDir = path.join(await dirs.make(), 'data');
    const built = await openCorpus({ corpusDir: root, maxFileBytes: 5 * 1024 * 1024, dataDir });
    await built.snapshotSaved;
    expect(built.origin).toBe('built');

    const lines = (await readFile(path.join(dataDir, SNAPSHOT_FILE), 'utf8')).split('\n');
    // No line holds the whole index: the longest is about a megabyte, however large the corpus.
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(1_200_000);
    expect(lines.length).toBeGreaterThan(1 + 15 + 5);

    const again = await openCorpus({ corpusDir: root, maxFileBytes: 5 * 1024 * 1024, dataDir });
    expect(again.origin).toBe('snapshot');
    const titles = async (opened: typeof built, query: string): Promise<string[]> =>
      (
        await new Bot({
          commands: COMMANDS,
          corpus: opened.corpus,
          search: opened.search,
          logger: silentLogger(),
        }).runLine(`/paper ${query}`, CONSOLE_CALLER)
      ).cards.map((card) => card.title);
    for (const query of ['zebrafish atlas', 'author:Eva77', 'year:2001 organoid', 'lineage -cortex']) {
      expect(await titles(again, query)).toEqual(await titles(built, query));
    }
    // Words one typo away from it score alike, and MiniSearch breaks such ties by the order of its
    // term tree, which loading rebuilds; the exact match comes first either way.
    expect((await titles(again, 'number1234'))[0]).toBe('sepsis organoid study number1234');
  });
});
