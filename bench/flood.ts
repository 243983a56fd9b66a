/**
 * Does one user's flood delay another user's answer? The real paperbot process (discord.js,
 * default rate limits per user) against the loopback Discord stand-in in this process, so the
 * bot and the stand-in each have a core: the latency of one `/paper MSC COVID` from a second
 * user, alone and sent right behind (and in the middle of) a burst of 1 000 commands from a
 * flooder. Latency is dispatch -> the interaction callback reaching the stand-in. Figures only.
 *
 * Run: npm run bench:flood
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { STANDIN_TOKEN } from '../test/support/discord-harness.ts';
import { STANDIN_IDS } from '../test/support/discord-payloads.ts';
import { spawnPaperbot, stopPaperbot } from '../test/support/discord-process.ts';
import { DiscordStandin } from '../test/support/discord-standin.ts';
import { commandFrom, dispatchAll } from '../test/support/hardening-discord.ts';

const FLOOD = 1_000;
const REPETITIONS = 5;
const QUERY = { query: 'MSC COVID' };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

let nextUser = 1_100_000_000_000_100_000n;
/** A user never seen before, so each run starts with an empty rate-limit window. */
function newUser(): string {
  nextUser += 1n;
  return String(nextUser);
}

interface Sample {
  readonly otherMs: number;
  readonly allMs: number;
  readonly otherPosition: number;
}

async function once(standin: DiscordStandin, floodSize: number, otherAt: number): Promise<Sample> {
  const flooder = newUser();
  const flood = Array.from({ length: floodSize }, () => commandFrom(flooder, 'paper', QUERY));
  const other = commandFrom(newUser(), 'paper', QUERY);
  const started = performance.now();
  const answers = await dispatchAll(standin, [...flood.slice(0, otherAt), other, ...flood.slice(otherAt)]);
  const allMs = performance.now() - started;
  const answer = answers[otherAt];
  if (!answer || !(answer.callback.data.embeds ?? []).length)
    throw new Error(`the other user got no full answer: ${JSON.stringify(answer?.callback).slice(0, 300)}`);
  // Let the flooder's window pass out of the channel's count before the next run.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { otherMs: answer.latencyMs, allMs, otherPosition: answer.position + 1 };
}

async function series(standin: DiscordStandin, label: string, floodSize: number, otherAt: number): Promise<void> {
  const samples: Sample[] = [];
  for (let repetition = 0; repetition < REPETITIONS; repetition += 1)
    samples.push(await once(standin, floodSize, otherAt));
  const other = median(samples.map((sample) => sample.otherMs));
  const all = median(samples.map((sample) => sample.allMs));
  const position = median(samples.map((sample) => sample.otherPosition));
  const flooded = floodSize > 0;
  console.log(
    `${label.padEnd(40)} ${other.toFixed(1).padStart(9)} ms ${flooded ? `${all.toFixed(0).padStart(9)} ms` : '         —'}   ${flooded ? `${position} of ${floodSize + 1}` : '—'}`,
  );
}

/** One bot process per series: the stand-in's 1 s heartbeat under a long run of bursts makes the client reconnect. */
async function withBot(run: (standin: DiscordStandin) => Promise<void>): Promise<void> {
  const standin = await DiscordStandin.start({ token: STANDIN_TOKEN });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-flood-'));
  const bot = spawnPaperbot([], {
    DISCORD_TOKEN: STANDIN_TOKEN,
    DISCORD_APPLICATION_ID: STANDIN_IDS.application,
    DISCORD_API_URL: standin.apiUrl,
    CORPUS_DIR: path.resolve('corpus'),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    // The flooders of all runs share one channel; only the per-user limit is under test.
    RATE_LIMIT_PER_CHANNEL: '1000000',
  });
  try {
    await bot.waitForLog(/paperbot started/);
    await dispatchAll(standin, [commandFrom(newUser(), 'paper', QUERY)]);
    await run(standin);
  } finally {
    await stopPaperbot(bot);
    await standin.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(
  `paperbot flood bench: ${FLOOD} commands from one user in a burst, one /paper MSC COVID from another user; p50 of ${REPETITIONS} runs`,
);
console.log(
  `${'case'.padEnd(40)} ${'other p50'.padStart(12)} ${'all answered'.padStart(12)}   other's callback arrived`,
);
await withBot((standin) => series(standin, 'no flood', 0, 0));
await withBot((standin) => series(standin, `right after a burst of ${FLOOD}`, FLOOD, FLOOD));
await withBot((standin) => series(standin, `in the middle of a burst of ${FLOOD}`, FLOOD, FLOOD / 2));
