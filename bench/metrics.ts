/**
 * What metrics cost a command: the same searches through the full command path (Bot.run) on one
 * corpus, by a bot without metrics and by one with them (timed search, counted commands), taking
 * turns query by query so both see the same machine; then how long a /metrics scrape takes.
 *
 *   npm run bench:metrics -- [--entries 1000] [--commands 2000]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Bot } from '../src/bot.ts';
import type { Caller } from '../src/command-types.ts';
import { Corpus } from '../src/corpus/corpus.ts';
import { ServiceHealth } from '../src/health/service-health.ts';
import { silentLogger } from '../src/logger.ts';
import { MiniSearchBackend } from '../src/search/minisearch-backend.ts';
import { openSqliteStore } from '../src/store/sqlite/open.ts';
import { COMMANDS } from '../commands/index.ts';
import { percentile, round } from './stats.ts';

const WORDS = (
  'stromal mesenchymal covid pneumonia cell therapy lung injury cytokine storm trial randomised cohort ' +
  'single-cell sequencing transcriptome immune response ace2 receptor transplantation outcome severe ' +
  'dataset proteome mouse model fibrosis inflammation biomarker plasma exosome vesicle regeneration'
).split(' ');

function option(argv: readonly string[], name: string, fallback: number): number {
  const at = argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(argv[at + 1]) : fallback;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function word(i: number): string {
  return WORDS[(i * 7919) % WORDS.length] ?? 'cell';
}

async function main(argv: readonly string[]): Promise<void> {
  const entries = option(argv, 'entries', 1000);
  const commands = option(argv, 'commands', 2000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-bench-metrics-'));
  try {
    const corpusDir = path.join(dir, 'corpus');
    mkdirSync(corpusDir);
    for (let i = 0; i < entries; i += 1) {
      const title = `${word(i)} ${word(i + 3)} ${word(i * 5 + 1)} study ${i}`;
      const abstract = Array.from({ length: 40 }, (_, j) => word(i * 31 + j)).join(' ');
      writeFileSync(
        path.join(corpusDir, `e${i}.md`),
        `---\ntitle: "${title}"\nlink: "https://doi.org/10.5555/bench.${i}"\noriginal:\n- "${abstract}"\n---\n`,
      );
    }
    const corpus = await Corpus.load(corpusDir);
    const logger = silentLogger();
    const store = openSqliteStore(path.join(dir, 'data'));
    const plain = new Bot({ commands: COMMANDS, corpus, logger, search: MiniSearchBackend.build(corpus.entries()) });
    const health = new ServiceHealth({
      alerts: { afterMs: 600_000, pendingLimit: 100 },
      searchBackend: 'minisearch',
      logger,
    });
    const measured = new Bot({
      commands: COMMANDS,
      corpus,
      logger,
      search: health.search(MiniSearchBackend.build(corpus.entries())),
      onCommand: health.onCommand,
      status: health.status,
    });
    health.attachCore({ bot: measured, store: health.store(store) });
    const caller = (i: number): Caller => ({
      platform: 'console',
      channelId: 'bench',
      userId: `u${i % 50}`,
      canManageChannel: true,
    });
    const times = { plain: [] as number[], measured: [] as number[] };
    for (let i = 0; i < commands + 200; i += 1) {
      const query = `${word(i)} ${word(i * 13 + 2)}`;
      // Alternate which goes first, so neither always meets the warmer cache.
      const order: ['plain' | 'measured', Bot][] =
        i % 2
          ? [
              ['plain', plain],
              ['measured', measured],
            ]
          : [
              ['measured', measured],
              ['plain', plain],
            ];
      for (const [name, bot] of order) {
        const started = performance.now();
        await bot.run('paper', { query }, caller(i));
        if (i >= 200) times[name].push(performance.now() - started);
      }
    }
    const scrapes: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const started = performance.now();
      await health.metrics.text();
      scrapes.push(performance.now() - started);
    }
    // The metric work of one command alone (its count, its answer time, two timed searches), away from the search's noise.
    const hooks = 100_000;
    const hooksStarted = performance.now();
    for (let i = 0; i < hooks; i += 1) {
      health.onCommand({ command: 'paper', outcome: 'ok', seconds: 0.01 });
      health.metrics.searchFinished('search', 0.001);
      health.metrics.searchFinished('count', 0.001);
    }
    const perCommandUs = ((performance.now() - hooksStarted) * 1000) / hooks;
    const row = (name: string, values: number[]): string =>
      `${name.padEnd(16)} p50 ${round(percentile(values, 50), 3)} ms  p99 ${round(percentile(values, 99), 3)} ms`;
    process.stdout.write(
      [
        `metrics bench: ${entries} entries, ${commands} "paper" commands each, Node ${process.version}`,
        row('without metrics', times.plain),
        row('with metrics', times.measured),
        `p99 difference   ${round(percentile(times.measured, 99) - percentile(times.plain, 99), 3)} ms per command`,
        `metric work     ${round(perCommandUs, 2)} µs per command (counter, answer histogram, two search observations)`,
        row('/metrics scrape', scrapes),
        '',
      ].join('\n'),
    );
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
