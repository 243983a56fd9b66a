import type { BenchQuery } from '../queries.ts';

/** What the bench hands a measuring child process (as a JSON file, since the query list is long). */
export interface SideInput {
  readonly corpusDir: string;
  /** Where our side writes its snapshot and stock writes its JSON dump. */
  readonly dataDir: string;
  readonly maxFileBytes: number;
  readonly queries: readonly BenchQuery[];
  /** Where our side leaves the parsed entries (one JSON per line) for stock, so the corpus is parsed once. */
  readonly entriesFile: string;
  /** Papers that are not in the corpus, added one at a time to time an incremental update. */
  readonly extras: readonly { readonly name: string; readonly text: string; readonly title: string }[];
}

/** One side's figures from one child process. */
export interface SideResult {
  readonly entries: number;
  /** Our loader on the corpus files; stock reads the same entries from our dump, so it has none. */
  readonly loadMs: number | null;
  readonly buildMs: number;
  readonly snapshotWriteMs: number;
  readonly snapshotBytes: number;
  /** One per query, in query order. */
  readonly latenciesMs: readonly number[];
  readonly recallAt5: number;
  readonly typoRecallAt5: number;
  readonly incrementalMs: readonly number[];
  readonly peakRssMB: number;
  /** Ours only: another user's answer and the event loop while one user sends a burst. */
  readonly burst?: BurstFigures;
}

/** One user sends `commands` searches at once; another sends one in the middle of them. */
export interface BurstFigures {
  readonly commands: number;
  /** The other user's search with nothing else running. */
  readonly otherAloneMs: number;
  /** With the bot's default per-user rate limits (what runs in production). */
  readonly otherInBurstMs: number;
  readonly loopDelayMaxMs: number;
  readonly burstMs: number;
  /** With no rate limit, so every one of the burst's searches runs. */
  readonly unlimitedOtherInBurstMs: number;
  readonly unlimitedLoopDelayMaxMs: number;
  readonly unlimitedLoopDelayP99Ms: number;
  readonly unlimitedBurstMs: number;
}

export interface ColdStartReport {
  /** Inside the child: from its first line of bench code to ready. */
  readonly internalMs: number;
  readonly origin: string;
  /** Why the snapshot was not used, when it was not. */
  readonly snapshotProblem?: string;
  readonly reusedFiles: number;
  readonly parsedFiles: number;
  readonly entries: number;
  readonly firstAnswerMs: number;
  readonly peakRssMB: number;
}

/** What the PostgreSQL side needs beyond the corpus and queries. */
export interface PostgresSideInput extends SideInput {
  /** A database of its own on the bench's server, dropped afterwards. */
  readonly databaseUrl: string;
  /** Concurrent clients per run, each run over the whole query set. */
  readonly clients: readonly number[];
  /** Asked first, by the most clients at once, and not measured (warmUpQueries). */
  readonly warmUp: readonly string[];
}

/** One pass over the query set with `clients` users asking at once. */
export interface PostgresRun {
  readonly clients: number;
  /** One per query, in query order. */
  readonly latenciesMs: readonly number[];
  readonly wallMs: number;
  readonly recallAt5: number;
  readonly typoRecallAt5: number;
}

export interface PostgresSideResult {
  readonly entries: number;
  /** The search's start-up line: what it runs on in this database. */
  readonly runsOn: string;
  readonly loadMs: number;
  /** Writing every entry into the empty search table, its indexes kept as it goes. */
  readonly indexMs: number;
  readonly databaseBytes: number;
  readonly tableBytes: number;
  readonly runs: readonly PostgresRun[];
  readonly peakRssMB: number;
}

export type ChildMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'postgres-result'; readonly result: PostgresSideResult }
  | { readonly type: 'result'; readonly result: SideResult }
  | { readonly type: 'cold-start'; readonly report: ColdStartReport }
  | { readonly type: 'error'; readonly message: string };

export function peakRssMB(): number {
  // maxRSS is in kilobytes.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      reject(new Error('this bench process must be started by bench/run.ts'));
      return;
    }
    process.send(message, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

/** Runs a child's work and reports any failure to the parent instead of a stack trace on its own. */
export function runChild(work: () => Promise<void>): void {
  work().then(
    () => process.disconnect?.(),
    async (error: unknown) => {
      await send({
        type: 'error',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }).catch(() => undefined);
      process.exitCode = 1;
      process.disconnect?.();
    },
  );
}

/** Known-item hits per query category. */
export class RecallTally {
  private readonly counts = new Map<string, { hits: number; total: number }>();

  record(category: string, hit: boolean): void {
    const count = this.counts.get(category) ?? { hits: 0, total: 0 };
    this.counts.set(category, { hits: count.hits + (hit ? 1 : 0), total: count.total + 1 });
  }

  /** Share of hits; 0 when the category had no queries. */
  rate(category: string): number {
    const count = this.counts.get(category);
    return count?.total ? count.hits / count.total : 0;
  }
}
