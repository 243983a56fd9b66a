import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { promises as fs, openSync, closeSync, ftruncateSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { Corpus, DEFAULT_MAX_FILE_BYTES } from '../../src/corpus/corpus.ts';
import { formatProblem } from '../../src/corpus/problem.ts';
import { byteFlips, encodingMutants, truncations, yamlBombs, type Mutant } from '../support/hardening-mutations.ts';

/**
 * Mutated copies of the seed files — cut at every line, bytes flipped, YAML bombs, binary and
 * mis-encoded files — beside a 50 MB file, link loops, broken links, a named pipe and a folder
 * named like an entry: the loader never throws or hangs, every good entry still loads exactly
 * as it would alone, and every file that gives no entry is reported as `path: reason`.
 */
const SEEDS = ['leng-2020-ace2-msc-covid19-pneumonia.md', 'S-EPMC8546390-msc-covid19-immunomodulation.txt'];
const FLIPS_PER_SEED = 1_000;
const FIFTY_MB = 50 * 1024 * 1024;
const asRoot = process.getuid?.() === 0;

const CONTROLS: Readonly<Record<string, string>> = {
  'good/control-zebrafish.md':
    '---\ntitle: "Zebrafish fin regeneration needs control entries"\nlink: "https://doi.org/10.5555/control.1"\nauthor:\n- "Doe, Jane; Roe, Rick"\noriginal:\n- "Fins regrow after amputation."\n---\n',
  'good/control-axolotl.md':
    '---\ntitle: "Axolotl limbs are controls too"\ndoi: "10.5555/control.2"\nkind: dataset\n---\n',
};

let root: string;
let controlsOnly: string;
let mutantCount = 0;
const special: string[] = [];

async function writeMutants(folder: string, mutants: readonly Mutant[]): Promise<void> {
  await fs.mkdir(path.join(root, folder), { recursive: true });
  for (const mutant of mutants) await fs.writeFile(path.join(root, folder, mutant.name), mutant.bytes);
  mutantCount += mutants.length;
}

/** A file of 50 MB of real content, so a loader that ignored the limit would really read it. */
function writeFiftyMegabytes(file: string): void {
  const fd = openSync(file, 'w');
  writeSync(fd, '---\ntitle: "A fifty megabyte entry"\noriginal: "');
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  for (let written = 0; written < FIFTY_MB; written += chunk.length) writeSync(fd, chunk);
  writeSync(fd, '"\n---\n');
  ftruncateSync(fd, FIFTY_MB + 64);
  closeSync(fd);
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'paperbot-fuzz-'));
  controlsOnly = await fs.mkdtemp(path.join(os.tmpdir(), 'paperbot-fuzz-controls-'));
  for (const [name, text] of Object.entries(CONTROLS)) {
    for (const base of [root, controlsOnly]) {
      await fs.mkdir(path.dirname(path.join(base, name)), { recursive: true });
      await fs.writeFile(path.join(base, name), text);
    }
  }
  for (const [index, seedName] of SEEDS.entries()) {
    const seed = await fs.readFile(path.resolve('corpus', seedName));
    await writeMutants('cut', truncations(seedName, seed));
    await writeMutants('flip', byteFlips(seedName, seed, FLIPS_PER_SEED, 1000 + index));
    if (index === 0) await writeMutants('encoding', encodingMutants(seed));
  }
  await writeMutants('bomb', yamlBombs());

  const odd = path.join(root, 'odd');
  await fs.mkdir(odd);
  writeFiftyMegabytes(path.join(odd, 'fifty-megabytes.md'));
  await fs.symlink('.', path.join(odd, 'loop-to-itself'));
  await fs.mkdir(path.join(odd, 'deeper'));
  await fs.symlink('..', path.join(odd, 'deeper', 'loop-to-parent'));
  await fs.symlink('nowhere.md', path.join(odd, 'dangling-link.md'));
  await fs.symlink('self-link.md', path.join(odd, 'self-link.md'));
  execFileSync('mkfifo', [path.join(odd, 'named-pipe.md')]);
  await fs.mkdir(path.join(odd, 'folder-named-like-an-entry.md'));
  await fs.writeFile(path.join(odd, 'no-permission.md'), '---\ntitle: "Locked away"\ndoi: "10.5555/locked.1"\n---\n');
  await fs.chmod(path.join(odd, 'no-permission.md'), 0o000);
  special.push(
    'odd/fifty-megabytes.md',
    'odd/loop-to-itself',
    'odd/deeper/loop-to-parent',
    'odd/dangling-link.md',
    'odd/self-link.md',
    'odd/named-pipe.md',
  );
  mutantCount += special.length + 2;
}, 60_000);

afterAll(async () => {
  for (const dir of [root, controlsOnly]) if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('loading a corpus full of broken files', () => {
  let corpus: Corpus;

  beforeAll(async () => {
    corpus = await Corpus.load(root);
    console.log(
      `corpus fuzzing: ${mutantCount} mutated or hostile files tried in one folder (${FLIPS_PER_SEED} byte-flip copies per seed, every line cut of both seeds, ${yamlBombs().length} YAML bombs, 8 encodings, ${special.length + 2} odd paths); ${corpus.size} entries loaded, ${corpus.failedFiles().length} files failed, ${corpus.problems().length} problems reported`,
    );
  }, 60_000);

  it('still loads every good entry exactly as it loads alone', async () => {
    const alone = await Corpus.load(controlsOnly);
    expect(alone.size).toBe(2);
    for (const entry of alone.entries())
      expect({ ...corpus.get(entry.key), added: undefined }).toEqual({ ...entry, added: undefined });
    expect(corpus.get('doi:10.14336/ad.2020.0228')?.title).toBeTruthy();
    expect(corpus.get('biostudies:S-EPMC8546390')?.title).toBeTruthy();
  });

  it('reports every file that gave no entry as path: reason, in plain words', () => {
    const problems = corpus.problems();
    for (const file of corpus.failedFiles()) {
      const own = problems.filter((problem) => problem.path === file && problem.severity === 'error');
      expect(own.length, `no problem reported for ${file}`).toBeGreaterThan(0);
    }
    for (const problem of problems) {
      expect(formatProblem(problem)).toMatch(/^[^\s:][^:]*(:\d+)?: \S/);
      expect(problem.reason.length).toBeLessThan(400);
      expect(problem.reason).not.toMatch(/\n\s+at |undefined|\[object Object\]/);
    }
  });

  it('reports the 50 MB file, link loops, broken links, the pipe and the folder named like an entry without reading or hanging', () => {
    const byPath = new Map(corpus.problems().map((problem) => [problem.path, formatProblem(problem)]));
    expect(byPath.get('odd/fifty-megabytes.md')).toMatch(
      /^odd\/fifty-megabytes\.md: file is 50\.0 MB, over the 5\.0 MB limit; skipped$/,
    );
    expect(byPath.get('odd/loop-to-itself')).toMatch(/loops back/);
    expect(byPath.get('odd/deeper/loop-to-parent')).toMatch(/loops back/);
    expect(byPath.get('odd/dangling-link.md')).toMatch(/broken link: no such file or folder/);
    expect(byPath.get('odd/self-link.md')).toMatch(/broken link: too many levels of links/);
    expect(byPath.get('odd/named-pipe.md')).toMatch(/not a regular file/);
    // A folder named x.md is a folder: walked (it is empty), never opened as a file.
    expect([...byPath.keys()].some((file) => file.startsWith('odd/folder-named-like-an-entry.md'))).toBe(false);
  });

  it(
    asRoot
      ? 'reads a chmod 000 file when running as root (modes do not bind root; the links and the pipe above are the unreadable cases)'
      : 'reports a chmod 000 file as permission denied',
    () => {
      const problem = corpus.problems().find((candidate) => candidate.path === 'odd/no-permission.md');
      if (asRoot) expect(problem).toBeUndefined();
      else expect(problem && formatProblem(problem)).toBe('odd/no-permission.md: cannot read file: permission denied');
    },
  );

  it('skips files over MAX_FILE_BYTES with a problem naming both sizes', async () => {
    const config = loadConfig({
      CORPUS_DIR: controlsOnly,
      DATA_DIR: path.join(controlsOnly, 'data'),
      MAX_FILE_BYTES: '150',
    });
    if (!config.ok) throw new Error(config.errors.join('; '));
    expect(DEFAULT_MAX_FILE_BYTES).toBe(5 * 1024 * 1024);
    const limited = await Corpus.load(controlsOnly, { maxFileBytes: config.config.maxFileBytes });
    expect(limited.size).toBe(1);
    expect(limited.problems().map(formatProblem)).toEqual([
      'good/control-zebrafish.md: file is 1 KB, over the 1 KB limit; skipped',
    ]);
  });
});
