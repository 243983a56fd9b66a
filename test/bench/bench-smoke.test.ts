// The bench at 1 000 entries completes and writes every figure for both sides; without the
// Europe PMC records it stops with a sentence saying where they are expected. No timings are asserted.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRealRecords, locateEuropePmc } from '../../bench/data/europepmc.ts';
import { runBench } from '../support/bench-process.ts';
import { REPO_ROOT } from '../support/corpus-files.ts';

const FIGURES = [
  'p50Ms',
  'p95Ms',
  'p99Ms',
  'buildMs',
  'coldStartMs',
  'incrementalMs',
  'peakRssMB',
  'recallAt5',
] as const;

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('npm run bench', () => {
  it('finds its Europe PMC records inside the repository, with their licence beside them, when nothing points elsewhere', async () => {
    const dir = locateEuropePmc({});
    expect(path.relative(REPO_ROOT, dir)).toBe(path.join('bench', 'records', 'europepmc'));
    expect((await readdir(dir)).sort()).toEqual([
      'LICENSE',
      'README.md',
      'covid-papers.csv',
      'covid-preprints.json',
      'papers.json',
    ]);
    expect(await readFile(path.join(dir, 'LICENSE'), 'utf8')).toMatch(/MIT License[\s\S]*Health Data Research UK/);
    const records = loadRealRecords(dir);
    // Enough for the 250 known-item queries at the smoke test's 1 000 entries (35 % real).
    expect(records.length).toBeGreaterThanOrEqual(350);
    expect(new Set(records.map((record) => record.source))).toEqual(
      new Set(['papers', 'covid-papers', 'covid-preprints']),
    );
  });

  it("runs 1 000 entries through our index and stock MiniSearch and writes both sides' figures", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paperbot-bench-test-'));
    made.push(dir);
    const out = path.join(dir, 'bench.json');
    const run = await runBench(['--sizes', '1000', '--out', out]);
    expect(run.stderr).not.toMatch(/failed|Error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/query p99/);
    const results = JSON.parse(await readFile(out, 'utf8')) as {
      results: { size: number; queries: number; ours: Record<string, unknown>; stock: Record<string, unknown> }[];
    };
    expect(results.results).toHaveLength(1);
    const [record] = results.results;
    expect(record?.size).toBe(1000);
    expect(record?.queries).toBeGreaterThanOrEqual(500);
    for (const side of [record?.ours, record?.stock]) {
      for (const figure of FIGURES) expect(typeof side?.[figure], figure).toBe('number');
    }
  }, 180_000);

  it('stops with a clear sentence when the Europe PMC records are not where it looks', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paperbot-bench-test-'));
    made.push(dir);
    const run = await runBench(['--sizes', '1000', '--out', path.join(dir, 'bench.json')], {
      PAPERBOT_BENCH_DATA: path.join(dir, 'nowhere'),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Europe PMC records are missing/);
    expect(run.stderr).toMatch(/PAPERBOT_BENCH_DATA/);
  });

  it('refuses a size it cannot run, saying which sizes it takes', async () => {
    const run = await runBench(['--sizes', 'ten']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--sizes takes whole numbers/);
  });
});
