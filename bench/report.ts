import type { BenchQuery, QueryCategory } from './queries.ts';
import type { ColdStartReport, SideResult } from './sides/protocol.ts';
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
  readonly byCategory: Readonly<Record<string, { readonly queries: number; readonly p50Ms: number; readonly p99Ms: number }>>;
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

export function sideFigures(result: SideResult, coldStartMs: number, cold: ColdStartReport, queries: readonly BenchQuery[]): SideFigures {
  const byCategory: Record<string, { queries: number; p50Ms: number; p99Ms: number }> = {};
  for (const category of new Set(queries.map((query) => query.category))) {
    const latencies = result.latenciesMs.filter((_, i) => queries[i]?.category === (category as QueryCategory));
    byCategory[category] = { queries: latencies.length, p50Ms: round(percentile(latencies, 50), 2), p99Ms: round(percentile(latencies, 99), 2) };
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
  };
}

const ROWS: readonly { readonly label: string; readonly key: keyof SideFigures; readonly unit: string; readonly higherIsBetter?: boolean }[] = [
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
  lines.push('  p99 by query kind (ours / stock):');
  for (const [category, figures] of Object.entries(record.ours.byCategory)) {
    lines.push(`    ${category.padEnd(18)}${String(figures.queries).padStart(5)} queries  ${formatValue(figures.p99Ms, 'ms').padStart(10)} / ${formatValue(record.stock.byCategory[category]?.p99Ms ?? NaN, 'ms')}`);
  }
  return lines.join('\n');
}

export interface TargetCheck {
  readonly target: string;
  readonly met: boolean;
  readonly actual: string;
}

/** The issue's targets, for the record they apply to (100 000 entries). */
export function checkTargets(record: SizeRecord): TargetCheck[] {
  const { ours, stock } = record;
  return [
    { target: 'full command path p99 <= 50 ms', met: ours.p99Ms <= 50, actual: `${ours.p99Ms} ms` },
    { target: 'p99 at least 5x better than stock search alone', met: stock.p99Ms >= 5 * ours.p99Ms, actual: `${round(stock.p99Ms / ours.p99Ms, 1)}x` },
    { target: 'recall@5 of known-item queries >= 95 %', met: ours.recallAt5 >= 0.95, actual: `${round(ours.recallAt5 * 100, 1)} %` },
    { target: 'cold start from the snapshot <= 5 s', met: ours.coldStartMs <= 5000, actual: `${ours.coldStartMs} ms` },
    { target: 'incremental add of one entry <= 50 ms', met: ours.incrementalMs <= 50, actual: `${ours.incrementalMs} ms (slowest ${ours.incrementalMaxMs} ms)` },
    { target: 'peak RSS <= 1.5 GB', met: Math.max(ours.peakRssMB, ours.coldStartPeakRssMB) <= 1536, actual: `${Math.max(ours.peakRssMB, ours.coldStartPeakRssMB)} MB` },
  ];
}

function formatValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '-';
  if (unit === '') return value.toFixed(3);
  return `${value >= 100 ? Math.round(value) : value.toFixed(value >= 10 ? 1 : 2)} ${unit}`;
}
