/** Something wrong with one corpus file, reported as `path:line: reason`. */
export interface Problem {
  readonly path: string;
  /** 1-based; absent when the format gives no line (binary file, unreadable file). */
  readonly line?: number;
  /** Which record of a many-entry file (a BibTeX citation key, a PMID), when the file holds several. */
  readonly ref?: string;
  readonly reason: string;
  /** `error`: an entry (or the whole file) was lost or clashes. `warning`: it loaded, with something worth fixing. */
  readonly severity: 'error' | 'warning';
}

export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.path : `${problem.path}:${problem.line}`;
  return problem.ref === undefined ? `${where}: ${problem.reason}` : `${where}: ${problem.ref}: ${problem.reason}`;
}

/** Longest reason kept: a library's message can quote a whole record back, which is no help in a log line. */
const MAX_REASON_CHARS = 300;

/** A reason on one line and of readable length, cut with an ellipsis. */
export function boundedReason(reason: string): string {
  const oneLine = reason.replace(/\s+/g, ' ').trim();
  return oneLine.length <= MAX_REASON_CHARS ? oneLine : `${oneLine.slice(0, MAX_REASON_CHARS - 1)}…`;
}

/** A problem as a parser reports it: positioned in the file; the loader adds the path. */
export type ParseIssue = Omit<Problem, 'path'>;

/** One entry a parser read, with where it starts in the file (a many-entry file has several). */
export interface ParsedRecord<T> {
  readonly entry: T;
  readonly line?: number;
  readonly ref?: string;
}

/** What a parser hands back: every entry the file holds (none, one or many) and its problems. */
export interface ParseOutcome<T> {
  readonly entries: readonly ParsedRecord<T>[];
  readonly problems: readonly ParseIssue[];
}

/** The usual outcome of a one-entry format. */
export function singleEntry<T>(entry: T, problems: readonly ParseIssue[]): ParseOutcome<T> {
  return { entries: [{ entry, line: 1 }], problems };
}

/** A file that gave no entry, for this reason. */
export function noEntry<T>(problems: readonly ParseIssue[]): ParseOutcome<T> {
  return { entries: [], problems };
}
