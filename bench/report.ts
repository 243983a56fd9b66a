import type { BenchQuery, QueryCategory } from './queries.ts';
import type { BurstFigures, ColdStartReport, SideResult } from './sides/protocol.ts';
import { median, percentile, round } from './stats.ts';

/** One side's figures for one corpus size; ours and stock share the names. */
export interface SideFigures {
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly buildMs: number;
  readonly coldStartMs: number;
  /** Median of several one-file additions; the slowest is incrementalMaxMs. */
  readonly incrementalMs: number;
  readonly incrementalMaxMs: number;
  readonly peakRssMB: number;
  readonly recallAt5: number;
  readonly typoRecallAt5: number;
  /** Null for stock, which reads the entries our loader parsed. */
  readonly loadMs: number | null;
  readonly snapshotWriteMs: number;
  readonly snapshotMB: number;
  readonly coldStartPeakRssMB: number;
  readonly byCategory: Readonly<
    Record<string, { readonly queries: number; readonly p50Ms: number; readonly p99Ms: number }>
  >;
  /** Ours only (null for stock): another user's answer and the event loop's delay under a burst. */
  readonly burst: BurstFigures | null;
}

export interface SizeRecord {
  readonly size: number;
  readonly entries: number;
  readonly queries: number;
  readonly knownItemQueries: number;
  readonly generateMs: number;
  /** What the latency figures time on each side. */
  readonly measured: { readonly ours: string; readonly stock: string };
  readonly ours: SideFigures;
  readonly stock: SideFigures;
  /** Stock ÷ ours for times and memory (above 1: ours is better); ours ÷ stock for recall. */
  readonly ratio: Readonly<Record<string, number>>;
}

export function sideFigures(
  result: SideResult,
  coldStartMs: number,
  cold: ColdStartReport,
  queries: readonly BenchQuery[],
): SideFigures {
  const byCategory: Record<string, { queries: number; p50Ms: number; p99Ms: number }> = {};
  for (const category of new Set(queries.map((query) => query.category))) {
    const latencies = result.latenciesMs.filter((_, i) => queries[i]?.category === (category as QueryCategory));
    byCategory[category] = {
      queries: latencies.length,
      p50Ms: round(percentile(latencies, 50), 2),
      p99Ms: round(percentile(latencies, 99), 2),
    };
  }
  return {
    p50Ms: round(percentile(result.latenciesMs, 50), 2),
    p95Ms: round(percentile(result.latenciesMs, 95), 2),
    p99Ms: round(percentile(result.latenciesMs, 99), 2),
    maxMs: round(Math.max(...result.latenciesMs), 2),
    buildMs: Math.round(result.buildMs),
    coldStartMs: Math.round(coldStartMs),
    incrementalMs: round(median(result.incrementalMs), 2),
    incrementalMaxMs: round(Math.max(...result.incrementalMs), 2),
    peakRssMB: result.peakRssMB,
    recallAt5: round(result.recallAt5, 3),
    typoRecallAt5: round(result.typoRecallAt5, 3),
    loadMs: result.loadMs === null ? null : Math.round(result.loadMs),
    snapshotWriteMs: Math.round(result.snapshotWriteMs),
    snapshotMB: round(result.snapshotBytes / 1024 / 1024, 1),
    coldStartPeakRssMB: cold.peakRssMB,
    byCategory,
    burst: result.burst ?? null,
  };
}

const ROWS: readonly {
  readonly label: string;
  readonly key: keyof SideFigures;
  readonly unit: string;
  readonly higherIsBetter?: boolean;
}[] = [
  { label: 'parse + load (once, ours)', key: 'loadMs', unit: 'ms' },
  { label: 'index build', key: 'buildMs', unit: 'ms' },
  { label: 'snapshot write', key: 'snapshotWriteMs', unit: 'ms' },
  { label: 'snapshot size', key: 'snapshotMB', unit: 'MB' },
  { label: 'cold start (spawn -> ready)', key: 'coldStartMs', unit: 'ms' },
  { label: 'incremental add (median)', key: 'incrementalMs', unit: 'ms' },
  { label: 'query p50', key: 'p50Ms', unit: 'ms' },
  { label: 'query p95', key: 'p95Ms', unit: 'ms' },
  { label: 'query p99', key: 'p99Ms', unit: 'ms' },
  { label: 'query max', key: 'maxMs', unit: 'ms' },
  { label: 'peak RSS', key: 'peakRssMB', unit: 'MB' },
  { label: 'cold start peak RSS', key: 'coldStartPeakRssMB', unit: 'MB' },
  { label: 'recall@5 (known items)', key: 'recallAt5', unit: '', higherIsBetter: true },
  { label: 'recall@5 (with a typo)', key: 'typoRecallAt5', unit: '', higherIsBetter: true },
];

export function ratios(ours: SideFigures, stock: SideFigures): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of ROWS) {
    const a = ours[row.key] as number | null;
    const b = stock[row.key] as number | null;
    if (a === null || b === null) continue;
    const ratio = row.higherIsBetter ? a / b : b / a;
    if (Number.isFinite(ratio)) out[row.key] = round(ratio, 2);
  }
  return out;
}

export function formatRecord(record: SizeRecord): string {
  const lines = [
    `\n${record.size.toLocaleString('en')} entries (${record.entries} loaded), ${record.queries} queries (${record.knownItemQueries} known items)`,
    `  ours: ${record.measured.ours}`,
    `  stock: ${record.measured.stock}`,
    `  ${'figure'.padEnd(30)}${'ours'.padStart(12)}${'stock'.padStart(12)}${'ratio'.padStart(10)}   (stock/ours; for recall ours/stock: above 1 = ours better)`,
  ];
  for (const row of ROWS) {
    const ratio = record.ratio[row.key];
    lines.push(
      `  ${row.label.padEnd(30)}${formatValue(record.ours[row.key] as number | null, row.unit).padStart(12)}${formatValue(record.stock[row.key] as number | null, row.unit).padStart(12)}${(ratio === undefined ? '-' : `${ratio}×`).padStart(10)}`,
    );
  }
  const burst = record.ours.burst;
  if (burst) {
    lines.push(`  burst of ${burst.commands} searches from one user, one search from another in the middle (ours):`);
    lines.push(
      `    default rate limits: other user ${formatValue(burst.otherInBurstMs, 'ms')} (alone ${formatValue(burst.otherAloneMs, 'ms')}), event-loop delay max ${formatValue(burst.loopDelayMaxMs, 'ms')}, burst done in ${formatValue(burst.burstMs, 'ms')}`,
    );
    lines.push(
      `    no rate limit:       other user ${formatValue(burst.unlimitedOtherInBurstMs, 'ms')}, event-loop delay p99 ${formatValue(burst.unlimitedLoopDelayP99Ms, 'ms')} / max ${formatValue(burst.unlimitedLoopDelayMaxMs, 'ms')}, burst done in ${formatValue(burst.unlimitedBurstMs, 'ms')}`,
    );
  }
  lines.push('  p99 by query kind (ours / stock):');
  for (const [category, figures] of Object.entries(record.ours.byCategory)) {
    lines.push(
      `    ${category.padEnd(18)}${String(figures.queries).padStart(5)} queries  ${formatValue(figures.p99Ms, 'ms').padStart(10)} / ${formatValue(record.stock.byCategory[category]?.p99Ms ?? NaN, 'ms')}`,
    );
  }
  return lines.join('\n');
}

export interface TargetCheck {
  readonly target: string;
  readonly met: boolean;
  readonly actual: string;
}

/** The issue's targets for a record: 10 000 entries and 50 000 have their own; other sizes get none. */
export function checkTargets(record: SizeRecord): TargetCheck[] {
  const { ours, stock } = record;
  const peakRss = Math.max(ours.peakRssMB, ours.coldStartPeakRssMB);
  const burst = ours.burst
    ? [
        {
          target: 'another user delayed by <= 100 ms during a burst of 1 000',
          met: ours.burst.otherInBurstMs - ours.burst.otherAloneMs <= 100,
          actual: `${round(ours.burst.otherInBurstMs - ours.burst.otherAloneMs, 1)} ms more than alone (no rate limit: ${round(ours.burst.unlimitedOtherInBurstMs - ours.burst.otherAloneMs, 1)} ms)`,
        },
      ]
    : [];
  if (record.size === 10_000) {
    return [
      { target: 'full command path p99 <= 50 ms', met: ours.p99Ms <= 50, actual: `${ours.p99Ms} ms` },
      {
        target: 'p99 at least 10x lower than stock search alone',
        met: stock.p99Ms >= 10 * ours.p99Ms,
        actual: `${round(stock.p99Ms / ours.p99Ms, 1)}x`,
      },
      { target: 'recall@5 of known-item queries >= 0.99', met: ours.recallAt5 >= 0.99, actual: `${ours.recallAt5}` },
      { target: 'recall@5 with a typo >= 0.98', met: ours.typoRecallAt5 >= 0.98, actual: `${ours.typoRecallAt5}` },
      {
        target: 'cold start from the snapshot <= 2 s',
        met: ours.coldStartMs <= 2000,
        actual: `${ours.coldStartMs} ms`,
      },
      ...burst,
    ];
  }
  if (record.size === 50_000) {
    return [
      { target: 'full command path p99 <= 250 ms', met: ours.p99Ms <= 250, actual: `${ours.p99Ms} ms` },
      {
        target: 'cold start from the snapshot <= 10 s',
        met: ours.coldStartMs <= 10_000,
        actual: `${ours.coldStartMs} ms`,
      },
      { target: 'peak RSS <= 1.5 GB', met: peakRss <= 1536, actual: `${peakRss} MB` },
      ...burst,
    ];
  }
  return [];
}

function formatValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '-';
  if (unit === '') return value.toFixed(3);
  return `${value >= 100 ? Math.round(value) : value.toFixed(value >= 10 ? 1 : 2)} ${unit}`;
}
