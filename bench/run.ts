/**
 * The bench: for each size, a generated corpus (real Europe PMC records as they are, plus
 * entries generated from their statistics), a fixed query set, and each side measured in its
 * own child processes — ours (the full command path) and a stock MiniSearch (search alone).
 *
 *   npm run bench -- --sizes 1000,10000,50000 --out bench.json
 *   npm run bench -- --backend postgres --sizes 100000          (PostgreSQL search; see postgres-bench.ts)
 */
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MAX_FILE_BYTES } from '../src/corpus/corpus.ts';
import { USAGE, parseArgs } from './args.ts';
import { extraPaper, generateCorpus } from './corpus/generate.ts';
import { buildTextModel } from './corpus/text-model.ts';
import { MissingDataError, loadRealRecords, locateEuropePmc } from './data/europepmc.ts';
import { buildQueries, warmUpQueries } from './queries.ts';
import { checkTargets, formatRecord, ratios, sideFigures, type SizeRecord } from './report.ts';
import type { ColdStartReport, SideInput, SideResult } from './sides/protocol.ts';
import { runChild } from './child.ts';
import {
  checkPostgresTargets,
  formatPostgresRecord,
  runPostgresSize,
  type PostgresSizeRecord,
} from './postgres-bench.ts';
import { benchServer } from './postgres-server.ts';

const EXTRA_PAPERS = 5;
/** Stock MiniSearch needs more than the default heap to serialise 100 000 entries. */
const STOCK_HEAP = ['--max-old-space-size=8192'];

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`bench: ${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  const { sizes, out, seed, keep, backend, clients, setups } = parsed.args;
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
  log(
    `${records.length} real records, ${model.abstractWords.items.length} distinct abstract words; sizes ${sizes.join(', ')}`,
  );

  const machine = {
    cpus: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
  const write = (results: unknown): void => {
    writeFileSync(
      out,
      `${JSON.stringify({ generatedAt: new Date().toISOString(), seed, backend, machine, results }, null, 2)}\n`,
    );
    log(`results written to ${out}`);
  };
  const inWorkFolder = async <T>(work: (folder: string) => Promise<T>): Promise<T> => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'paperbot-bench-'));
    try {
      return await work(folder);
    } finally {
      if (keep) log(`kept ${folder}`);
      else rmSync(folder, { recursive: true, force: true });
    }
  };

  if (backend === 'postgres') {
    const server = await benchServer(process.env.DATABASE_URL?.trim() || undefined, log);
    const results: PostgresSizeRecord[] = [];
    try {
      for (const size of sizes) {
        await inWorkFolder(async (work) => {
          const corpus = generateCorpus(path.join(work, 'corpus'), size, seed, records, model);
          const queries = buildQueries(corpus, model, seed);
          for (const setup of setups) {
            log(
              `${size}: wrote ${corpus.files} files; measuring PostgreSQL (${setup}) with ${clients.join(' and ')} client(s)`,
            );
            const record = await runPostgresSize(
              size,
              work,
              corpus,
              { queries, warmUp: warmUpQueries(corpus, model, seed, queries) },
              server,
              clients,
              setup,
            );
            results.push(record);
            process.stdout.write(`${formatPostgresRecord(record)}\n`);
          }
        });
      }
    } finally {
      await server.stop();
    }
    write(results);
    printChecks(results.map((record) => ({ size: record.size, checks: checkPostgresTargets(record) })));
    return 0;
  }

  const results: SizeRecord[] = [];
  for (const size of sizes) {
    results.push(await inWorkFolder((work) => runSize(size, seed, work, records, model)));
    process.stdout.write(`${formatRecord(results.at(-1) as SizeRecord)}\n`);
  }
  write(results);
  printChecks(results.map((record) => ({ size: record.size, checks: checkTargets(record) })));
  return 0;
}

function printChecks(
  sets: readonly { size: number; checks: readonly { target: string; actual: string; met: boolean }[] }[],
): void {
  for (const { size, checks } of sets) {
    if (!checks.length) continue;
    process.stdout.write(`\ntargets at ${size.toLocaleString('en')} entries:\n`);
    for (const check of checks)
      process.stdout.write(`  ${check.met ? 'met    ' : 'NOT MET'}  ${check.target}: ${check.actual}\n`);
  }
}

async function runSize(
  size: number,
  seed: number,
  work: string,
  records: ReturnType<typeof loadRealRecords>,
  model: ReturnType<typeof buildTextModel>,
): Promise<SizeRecord> {
  const corpusDir = path.join(work, 'corpus');
  let started = performance.now();
  const corpus = generateCorpus(corpusDir, size, seed, records, model);
  const generateMs = Math.round(performance.now() - started);
  const queries = buildQueries(corpus, model, seed);
  log(
    `${size}: wrote ${corpus.files} files (${corpus.realRecords.length} real) in ${generateMs} ms; ${queries.length} queries`,
  );
  const extras = Array.from({ length: EXTRA_PAPERS }, (_, k) => extraPaper(model, seed, k));

  const inputFor = (side: string): string => {
    const dataDir = path.join(work, side);
    mkdirSync(dataDir, { recursive: true });
    const input: SideInput = {
      corpusDir,
      dataDir,
      maxFileBytes: DEFAULT_MAX_FILE_BYTES,
      queries,
      extras,
      entriesFile: path.join(work, 'entries.ndjson'),
    };
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
    log(
      `${size}: cold start rebuilt the snapshot (${oursCold.value.snapshotProblem ?? 'no reason given'}); measuring again`,
    );
    oursCold = await runChild<ColdStartReport>('cold-start.ts', oursInput, 'cold-start');
    if (!fromSnapshot(oursCold.value))
      throw new Error(
        `cold start did not come from the snapshot: ${oursCold.value.snapshotProblem ?? `${oursCold.value.parsedFiles} files parsed`}`,
      );
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
      stock:
        'MiniSearch search() alone, fields + storeFields, prefix: true, fuzzy: 0.2, on the query words without filter syntax',
    },
    ours: oursFigures,
    stock: stockFigures,
    ratio: ratios(oursFigures, stockFigures),
  };
}

function fromSnapshot(report: ColdStartReport): boolean {
  return report.origin === 'snapshot' && report.parsedFiles === 0;
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
