/**
 * Start-up with a large corpus: does the bot lose answers while it starts, and how long does the
 * start-up scan block the event loop? The real paperbot process (first start, no snapshot) on
 * Discord against the loopback stand-in in this process. From the moment the bot's gateway
 * session opens, a `/paper` command arrives every 250 ms until the start-up work is done; each
 * is timed from dispatch to the bot's first callback (Discord's window is 3 s). The bot's event
 * loop is sampled inside its own process (bench/startup/loop-monitor.mjs). Figures only.
 *
 * Then the same again on a second start, from the snapshot the first wrote (`--first-only` skips it).
 * The bot is what production runs: `bin/paperbot.js` on the compiled dist/, built first (`npm run
 * build`). Its peak RSS, threads included, is written at its exit by the loop monitor.
 *
 *   npm run bench:startup -- [--files 100000] [--corpus <folder kept by an earlier --keep run>] [--keep] [--first-only]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadRealRecords, locateEuropePmc } from './data/europepmc.ts';
import { writeSmallCorpus } from './startup/corpus.ts';
import { STANDIN_TOKEN } from '../test/support/discord-harness.ts';
import { STANDIN_IDS } from '../test/support/discord-payloads.ts';
import { spawnPaperbot, stopPaperbot } from '../test/support/discord-process.ts';
import { DiscordStandin } from '../test/support/discord-standin.ts';
import { commandFrom, dispatchAll } from '../test/support/hardening-discord.ts';

const MONITOR = fileURLToPath(new URL('./startup/loop-monitor.mjs', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/paperbot.js', import.meta.url));
const COMMAND_EVERY_MS = 250;
/** Commands keep coming this long after the start-up work is done. */
const TAIL_MS = 5_000;
const NO_ANSWER_MS = 30_000;
const WINDOW_MS = 3_000;
const BLOCK_MS = 100;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0) : 0;
}

function logTime(log: string, message: string): number | undefined {
  for (const line of log.split('\n')) {
    if (!line.includes(`"msg":"${message}`)) continue;
    const time = /"time":(\d+)/.exec(line)?.[1];
    if (time) return Number(time);
  }
  return undefined;
}

const seconds = (ms: number | undefined): string => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);

const files = Number(option('files', '100000'));
if (!Number.isInteger(files) || files < 1) {
  process.stderr.write('bench:startup: --files takes a whole number of files\n');
  process.exit(2);
}
const keep = process.argv.includes('--keep');
const firstOnly = process.argv.includes('--first-only');
const work = mkdtempSync(path.join(os.tmpdir(), 'paperbot-startup-'));
const reused = option('corpus', '');
const corpusDir = reused ? path.resolve(reused) : path.join(work, 'corpus');
const dataDir = path.join(work, 'data');

// `--if-present`: the same bench measures a checkout from before the build step, whose bin ran tsx.
execFileSync('npm', ['run', '--silent', '--if-present', 'build'], { stdio: 'inherit' });

const started = performance.now();
if (!reused) writeSmallCorpus(corpusDir, files, loadRealRecords(locateEuropePmc()), 42);
console.log(
  `paperbot start-up bench: ${reused ? `the files in ${corpusDir}` : `${files.toLocaleString('en')} small files written in ${seconds(performance.now() - started)}`}; ` +
    `${firstOnly ? 'a first start' : 'a first start, then a second from its snapshot'}, Discord stand-in`,
);

/**
 * One start of the real bot on the corpus and `dataDir`, measured. The first start finds no
 * snapshot and builds the index from the files; the second starts from the snapshot the first wrote.
 */
async function measureStart(label: string): Promise<void> {
  // A stand-in of its own: the first bot's closed session must not count as the second's.
  const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
  const spawnedAt = Date.now();
  const samplesFile = path.join(work, `loop-${label.replace(/\W+/g, '-')}.json`);
  const bot = spawnPaperbot(
    [],
    {
      DISCORD_TOKEN: STANDIN_TOKEN,
      DISCORD_APPLICATION_ID: STANDIN_IDS.application,
      DISCORD_API_URL: standin.apiUrl,
      CORPUS_DIR: corpusDir,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_CHANNEL: '1000000',
      PAPERBOT_LOOP_SAMPLES: samplesFile,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(MONITOR).href}`.trim(),
    },
    [BIN],
  );
  let log = '';
  bot.child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  console.log(`\n${label}`);
  try {
    await Promise.race([
      standin.waitForSession(),
      bot.exited.then((result) =>
        Promise.reject(new Error(`paperbot exited (${result.code}): ${result.stderr.slice(-1000)}`)),
      ),
    ]);
    const connectedAt = Date.now();
    // "paperbot started" comes after the snapshot is on disk (or found unchanged, on a second start).
    const done = bot.waitForLog(/"msg":"paperbot started"/);
    let stopAt = Number.POSITIVE_INFINITY;
    void done.then(() => (stopAt = Date.now() + TAIL_MS));
    const answers: Promise<{ sentAt: number; latencyMs: number | undefined }>[] = [];
    let user = 1_100_000_000_000_200_000n;
    while (Date.now() < stopAt) {
      user += 1n;
      const sentAt = Date.now();
      // A bot whose loop was blocked past its heartbeats has lost its session: Discord could not
      // deliver the command at all. Counted as unanswered.
      const answered = dispatchAll(standin, [commandFrom(String(user), 'paper', { query: 'cells' })]).then(
        ([answer]) => answer?.latencyMs,
        () => undefined,
      );
      const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), NO_ANSWER_MS).unref());
      answers.push(Promise.race([answered, timeout]).then((latencyMs) => ({ sentAt, latencyMs })));
      await new Promise((resolve) => setTimeout(resolve, COMMAND_EVERY_MS));
    }
    const results = await Promise.all(answers);
    bot.child.kill('SIGTERM');
    await bot.exited;

    const readyAt = logTime(log, 'paperbot started');
    const snapshotAt = logTime(log, 'search index snapshot written');
    const workDoneAt = Math.max(readyAt ?? 0, snapshotAt ?? 0);
    // Until the bot logs that it is starting, it is loading its code (discord.js and Bolt are
    // CommonJS, required in one synchronous go); the start-up work is measured from there.
    const samples = JSON.parse(readFileSync(samplesFile, 'utf8')) as [number, number][];
    const peakRssKb = existsSync(`${samplesFile}.maxrss`)
      ? Number(readFileSync(`${samplesFile}.maxrss`, 'utf8'))
      : undefined;
    const scanFrom = logTime(log, 'paperbot starting') ?? spawnedAt;
    // A sample is taken when a block ends; the block belongs to the step during which it began.
    const began = ([at, lag]: [number, number]): number => at - lag - 10;
    const loading = samples.filter((sample) => began(sample) < scanFrom).map(([, lag]) => lag);
    const describeLoop = (from: number, to: number): string => {
      const lags = samples.filter((sample) => began(sample) >= from && began(sample) <= to).map(([, lag]) => lag);
      const blocks = lags.filter((lag) => lag > BLOCK_MS).length;
      return `p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms, max ${Math.max(0, ...lags)} ms, ${blocks} block(s) over ${BLOCK_MS} ms (${lags.length} samples)`;
    };
    const latencies = results.flatMap((result) => (result.latencyMs === undefined ? [] : [result.latencyMs]));
    const unanswered = results.length - latencies.length;
    const late = latencies.filter((latency) => latency > WINDOW_MS).length;

    console.log(`spawn -> gateway session open   ${seconds(connectedAt - spawnedAt)}`);
    console.log(`spawn -> "paperbot started"      ${seconds(readyAt === undefined ? undefined : readyAt - spawnedAt)}`);
    console.log(
      `spawn -> snapshot written        ${seconds(snapshotAt === undefined ? undefined : snapshotAt - spawnedAt)}`,
    );
    console.log(
      `peak RSS of the bot's process                 ${peakRssKb === undefined ? '—' : `${(peakRssKb / 1024).toFixed(0)} MB`}`,
    );
    console.log(
      `loading the code (before any start-up work) blocked the loop at most ${Math.max(0, ...loading)} ms, ${seconds(scanFrom - spawnedAt)} in all`,
    );
    console.log(`event loop, start-up work (store, corpus, index, watcher): ${describeLoop(scanFrom, workDoneAt)}`);
    console.log(`event loop, session open -> work done:   ${describeLoop(connectedAt, workDoneAt)}`);
    // Where the longest blocks fell, against what the bot logged, to tell which step caused them.
    const longest = samples
      .filter((sample) => began(sample) >= scanFrom)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .filter(([, lag]) => lag > BLOCK_MS);
    if (longest.length)
      console.log(
        `longest blocks (ended at, since spawn): ${longest.map(([at, lag]) => `${lag} ms at ${seconds(at - spawnedAt)}`).join(', ')}`,
      );
    const timeline = log
      .split('\n')
      .filter((line) => !line.includes('"msg":"corpus problem'))
      .flatMap((line) => {
        const match = /"time":(\d+).*"msg":"([^"]{0,70})/.exec(line);
        return match ? [`${seconds(Number(match[1]) - spawnedAt)} ${match[2]}`] : [];
      });
    console.log(`bot log: ${timeline.slice(0, 12).join(' | ')}`);
    console.log(
      `commands sent while starting: ${results.length}; answered ${latencies.length}, unanswered after ${NO_ANSWER_MS / 1000} s: ${unanswered}; ` +
        `first callback p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${Math.max(0, ...latencies).toFixed(0)} ms; ` +
        `after ${WINDOW_MS / 1000} s: ${late + unanswered}`,
    );
  } finally {
    await stopPaperbot(bot);
    await standin.close();
  }
}

try {
  await measureStart('first start (no snapshot): the index is built from the files');
  if (!firstOnly) await measureStart('second start: the index is loaded from the snapshot the first start wrote');
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
