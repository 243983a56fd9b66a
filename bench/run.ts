/**
 * The bench: for each size, a generated corpus (real Europe PMC records as they are, plus
 * entries generated from their statistics), a fixed query set, and each side measured in its
 * own child processes — ours (the full command path) and a stock MiniSearch (search alone).
 *
 *   npm run bench -- --sizes 1000,10000,50000 --out bench.json
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_FILE_BYTES } from '../src/corpus/corpus.ts';
import { USAGE, parseArgs } from './args.ts';
import { extraPaper, generateCorpus } from './corpus/generate.ts';
import { buildTextModel } from './corpus/text-model.ts';
import { MissingDataError, loadRealRecords, locateEuropePmc } from './data/europepmc.ts';
import { buildQueries } from './queries.ts';
import { checkTargets, formatRecord, ratios, sideFigures, type SizeRecord } from './report.ts';
import type { ChildMessage, ColdStartReport, SideInput, SideResult } from './sides/protocol.ts';

const SIDES = fileURLToPath(new URL('./sides/', import.meta.url));
const EXTRA_PAPERS = 5;
/** Generous: the 100 000-entry stock side alone takes minutes. */
const CHILD_TIMEOUT_MS = 20 * 60 * 1000;
/** Stock MiniSearch needs more than the default heap to serialise 100 000 entries. */
const STOCK_HEAP = ['--max-old-space-size=8192'];

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`bench: ${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  const { sizes, out, seed, keep } = parsed.args;
  let dataDir: string;
  try {
    dataDir = locateEuropePmc();
  } catch (error) {
    if (error instanceof MissingDataError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const records = loadRealRecords(dataDir);
  const model = buildTextModel(records);
  log(`${records.length} real records, ${model.abstractWords.items.length} distinct abstract words; sizes ${sizes.join(', ')}`);

  const results: SizeRecord[] = [];
  for (const size of sizes) {
    const work = mkdtempSync(path.join(os.tmpdir(), 'paperbot-bench-'));
    try {
      results.push(await runSize(size, seed, work, records, model));
      process.stdout.write(`${formatRecord(results.at(-1) as SizeRecord)}\n`);
    } finally {
      if (keep) log(`kept ${work}`);
      else rmSync(work, { recursive: true, force: true });
    }
  }

  const machine = { cpus: os.cpus().length, memoryGB: Math.round(os.totalmem() / 1024 ** 3), node: process.version, platform: `${os.platform()} ${os.arch()}` };
  writeFileSync(out, `${JSON.stringify({ generatedAt: new Date().toISOString(), seed, machine, results }, null, 2)}\n`);
  log(`results written to ${out}`);
  for (const record of results) {
    const checks = checkTargets(record);
    if (!checks.length) continue;
    process.stdout.write(`\ntargets at ${record.size.toLocaleString('en')} entries:\n`);
    for (const check of checks) process.stdout.write(`  ${check.met ? 'met    ' : 'NOT MET'}  ${check.target}: ${check.actual}\n`);
  }
  return 0;
}

async function runSize(size: number, seed: number, work: string, records: ReturnType<typeof loadRealRecords>, model: ReturnType<typeof buildTextModel>): Promise<SizeRecord> {
  const corpusDir = path.join(work, 'corpus');
  let started = performance.now();
  const corpus = generateCorpus(corpusDir, size, seed, records, model);
  const generateMs = Math.round(performance.now() - started);
  const queries = buildQueries(corpus, model, seed);
  log(`${size}: wrote ${corpus.files} files (${corpus.realRecords.length} real) in ${generateMs} ms; ${queries.length} queries`);
  const extras = Array.from({ length: EXTRA_PAPERS }, (_, k) => extraPaper(model, seed, k));

  const inputFor = (side: string): string => {
    const dataDir = path.join(work, side);
    mkdirSync(dataDir, { recursive: true });
    const input: SideInput = { corpusDir, dataDir, maxFileBytes: DEFAULT_MAX_FILE_BYTES, queries, extras, entriesFile: path.join(work, 'entries.ndjson') };
    const file = path.join(work, `${side}-input.json`);
    writeFileSync(file, JSON.stringify(input));
    return file;
  };
  const oursInput = inputFor('ours');
  const stockInput = inputFor('stock');

  started = performance.now();
  const ours = await runChild<SideResult>('ours.ts', oursInput, 'result');
  let oursCold = await runChild<ColdStartReport>('cold-start.ts', oursInput, 'cold-start');
  if (!fromSnapshot(oursCold.value)) {
    // Someone changed the parser or index sources since our side wrote the snapshot; the
    // cold start rebuilt it and wrote a fresh one, which a second cold start reads.
    log(`${size}: cold start rebuilt the snapshot (${oursCold.value.snapshotProblem ?? 'no reason given'}); measuring again`);
    oursCold = await runChild<ColdStartReport>('cold-start.ts', oursInput, 'cold-start');
    if (!fromSnapshot(oursCold.value)) throw new Error(`cold start did not come from the snapshot: ${oursCold.value.snapshotProblem ?? `${oursCold.value.parsedFiles} files parsed`}`);
  }
  log(`${size}: ours measured in ${Math.round((performance.now() - started) / 1000)} s`);
  started = performance.now();
  const stock = await runChild<SideResult>('stock.ts', stockInput, 'result', STOCK_HEAP);
  const stockCold = await runChild<ColdStartReport>('stock-cold-start.ts', stockInput, 'cold-start', STOCK_HEAP);
  log(`${size}: stock measured in ${Math.round((performance.now() - started) / 1000)} s`);

  const oursFigures = sideFigures(ours.value, oursCold.readyMs, oursCold.value, queries);
  const stockFigures = sideFigures(stock.value, stockCold.readyMs, stockCold.value, queries);
  return {
    size,
    entries: ours.value.entries,
    queries: queries.length,
    knownItemQueries: queries.filter((query) => query.category === 'known-item').length,
    generateMs,
    measured: {
      ours: 'full command path: query text -> parse -> search -> Reply -> Discord and Slack payloads (serialised)',
      stock: 'MiniSearch search() alone, fields + storeFields, prefix: true, fuzzy: 0.2, on the query words without filter syntax',
    },
    ours: oursFigures,
    stock: stockFigures,
    ratio: ratios(oursFigures, stockFigures),
  };
}

function fromSnapshot(report: ColdStartReport): boolean {
  return report.origin === 'snapshot' && report.parsedFiles === 0;
}

/** Runs one measuring child; resolves with its report and when (from spawn) it said it was ready. */
function runChild<T>(script: string, inputFile: string, expected: 'result' | 'cold-start', extraArgs: readonly string[] = []): Promise<{ value: T; readyMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let readyMs = Number.NaN;
    let settled = false;
    const child = fork(path.join(SIDES, script), [inputFile], { execArgv: [...process.execArgv, ...extraArgs], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new Error(`${script} took longer than ${CHILD_TIMEOUT_MS / 60_000} minutes`));
    }, CHILD_TIMEOUT_MS);
    const finish = (error: Error | undefined, value?: T): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve({ value: value as T, readyMs });
    };
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') readyMs = performance.now() - started;
      else if (message.type === 'error') finish(new Error(`${script} failed: ${message.message}`));
      else if (message.type === expected) finish(undefined, (message.type === 'result' ? message.result : message.report) as T);
    });
    child.on('error', (error) => finish(error));
    child.on('close', (code, signal) => finish(new Error(`${script} exited (${signal ?? `code ${code}`}) before reporting`)));
  });
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
