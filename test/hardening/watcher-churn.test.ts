import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Corpus } from '../../src/corpus/corpus.ts';
import { CorpusWatcher } from '../../src/corpus/watcher.ts';
import { createLogger } from '../../src/logger.ts';
import { seededRandom } from '../support/hardening-mutations.ts';
import { eventually } from '../notify/entry-files.ts';

/**
 * The watcher under churn: files renamed while they are written and read, cut short, swapped
 * for folders and pipes, removed and re-created, faster than it settles. It never stops, its
 * corpus ends up as a fresh load of the folder would be, and it still sees the next change.
 */
const ROUNDS = 30;
const STABILITY_MS = 60;
const SETTLE_MS = STABILITY_MS + 60;

const watchers: CorpusWatcher[] = [];
const folders: string[] = [];

afterEach(async () => {
  for (const watcher of watchers.splice(0)) await watcher.close();
  for (const folder of folders.splice(0)) await fs.rm(folder, { recursive: true, force: true });
});

function entry(title: string, doi: string, abstractBytes = 0): string {
  return `---\ntitle: "${title}"\ndoi: "${doi}"\noriginal: "${'regeneration '.repeat(Math.ceil(abstractBytes / 13))}"\n---\n`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** An entry as the tests compare it: key, title and file. */
function describeEntry(candidate: { key: string; title: string; source: { path: string } }): string {
  return `${candidate.key} ${candidate.title} ${candidate.source.path}`;
}

/**
 * Differences between the watched corpus and a fresh load of the same folder. By design a file
 * that turned malformed keeps its last good entry while watched, where a fresh load has none.
 */
function differences(watched: Corpus, fresh: Corpus): string[] {
  const broken = new Set(fresh.failedFiles());
  const seen = new Set(watched.entries().map(describeEntry));
  const expected = new Set(fresh.entries().map(describeEntry));
  const missing = [...expected].filter((line) => !seen.has(line)).map((line) => `missing: ${line}`);
  const extra = watched
    .entries()
    .filter((candidate) => !expected.has(describeEntry(candidate)) && !broken.has(candidate.source.path));
  return [...missing, ...extra.map((candidate) => `stale: ${describeEntry(candidate)}`)];
}

describe('the corpus watcher under churn', () => {
  it('survives renames mid-write and mid-read, pipes and folders, and ends as a fresh load would', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'paperbot-churn-'));
    folders.push(root);
    await fs.writeFile(path.join(root, 'steady.md'), entry('A steady entry', '10.5555/steady'));
    const corpus = await Corpus.load(root);
    const lines: string[] = [];
    const destination = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const watcher = new CorpusWatcher(corpus, () => undefined, createLogger({ level: 'debug', destination }), {
      stabilityMs: STABILITY_MS,
      pollMs: 10,
    });
    watchers.push(watcher);
    await watcher.start();

    const random = seededRandom(42);
    const at = (name: string): string => path.join(root, name);
    await fs.mkdir(at('sub'));
    let operations = 0;
    const act = async (work: () => Promise<unknown>): Promise<void> => {
      operations += 1;
      // Every step races the watcher; a step whose file the watcher already moved is fine to lose.
      await work().catch(() => undefined);
      if (random() < 0.5) await sleep(Math.floor(random() * 25));
    };
    for (let round = 0; round < ROUNDS; round += 1) {
      await act(() => fs.writeFile(at('moving.md'), entry(`Moving ${round}`, `10.5555/moving.${round}`, 200_000)));
      await act(() => fs.rename(at('moving.md'), at('moved.md')));
      await act(() => fs.rename(at('moved.md'), at(`sub/moved-${round % 3}.md`)));
      const handle = await fs.open(at('half-written.md'), 'w');
      await act(() => handle.write(entry(`Half ${round}`, `10.5555/half.${round}`, 50_000).slice(0, 30)));
      await act(() => fs.rename(at('half-written.md'), at('renamed-while-open.md')));
      await act(() => handle.write(`tail of round ${round}`));
      await handle.close();
      // chokidar reports a file swapped for a folder as a change only once the file's write has
      // settled; inside that window it reports nothing, so the swap waits for it.
      await sleep(SETTLE_MS);
      await act(() => fs.rm(at('swap.md'), { recursive: true, force: true }));
      await act(() =>
        round % 2
          ? fs.mkdir(at('swap.md'))
          : fs.writeFile(at('swap.md'), entry(`Swap ${round}`, `10.5555/swap.${round}`)),
      );
      await act(async () => execFileSync('mkfifo', [at(`pipe-${round % 4}.md`)]));
      await act(() => fs.rm(at(`pipe-${(round + 2) % 4}.md`), { force: true }));
      await act(() =>
        fs.writeFile(
          at('truncated.md'),
          entry(`Cut ${round}`, `10.5555/cut.${round}`).slice(0, Math.floor(random() * 80)),
        ),
      );
      await act(() => fs.rm(at(`sub/moved-${(round + 1) % 3}.md`), { force: true }));
    }
    await fs.writeFile(at('final.md'), entry('The last word', '10.5555/final'));

    let lastDifference: string[] = [];
    // Quiet now: the watcher catches up and its corpus is what a fresh load of the folder gives.
    await eventually(
      'the watched corpus to match a fresh load',
      async () => {
        await watcher.settled();
        lastDifference = differences(corpus, await Corpus.load(root));
        return lastDifference.length === 0 && corpus.get('doi:10.5555/final') !== undefined;
      },
      20_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${lastDifference.join('\n')}`);
    });
    expect(corpus.get('doi:10.5555/steady')?.title).toBe('A steady entry');

    await fs.writeFile(at('after-the-storm.md'), entry('Written after the churn', '10.5555/after'));
    await eventually(
      'the watcher to see a new file after the churn',
      () => corpus.get('doi:10.5555/after') !== undefined,
      10_000,
    );

    const problemLines = lines.filter((line) => line.includes('corpus file has a problem'));
    const failures = lines.filter(
      (line) => line.includes('could not apply a corpus change') || line.includes('corpus watcher error'),
    );
    const goneMidRead = problemLines.filter((line) => line.includes('no such file')).length;
    console.log(
      `watcher churn: ${operations} file operations in ${ROUNDS} rounds; ${problemLines.length} problems logged (${goneMidRead} files renamed or removed between being seen and being read), ${failures.length} failed changes; ${corpus.size} entries at the end, matching a fresh load (a file that turned malformed keeps its last good entry)`,
    );
    expect(failures).toEqual([]);
  }, 60_000);

  it('drops the entry of a file that is replaced by a folder of the same name', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'paperbot-swap-'));
    folders.push(root);
    await fs.writeFile(path.join(root, 'swap.md'), entry('Soon a folder', '10.5555/soon-a-folder'));
    const corpus = await Corpus.load(root);
    const watcher = new CorpusWatcher(corpus, () => undefined, createLogger({ level: 'silent' }), {
      stabilityMs: STABILITY_MS,
      pollMs: 10,
    });
    watchers.push(watcher);
    await watcher.start();
    expect(corpus.size).toBe(1);
    await fs.rm(path.join(root, 'swap.md'));
    await fs.mkdir(path.join(root, 'swap.md'));
    await eventually(
      'the entry to go with its file',
      async () => {
        await watcher.settled();
        return corpus.size === 0;
      },
      10_000,
    );
    expect(corpus.problems()).toEqual([]);
  });
});
