/** Something wrong with one corpus file, reported as `path:line: reason`. */
export interface Problem {
  readonly path: string;
  /** 1-based; absent when the format gives no line (binary file, unreadable file). */
  readonly line?: number;
  readonly reason: string;
  /** `error`: the file gave no entry. `warning`: the entry loaded, with something worth fixing. */
  readonly severity: 'error' | 'warning';
}

export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.path : `${problem.path}:${problem.line}`;
  return `${where}: ${problem.reason}`;
}

/** What a parser hands back: problems are positioned in the file, the loader adds the path. */
export interface ParseOutcome<T> {
  readonly entry?: T;
  readonly problems: readonly { line?: number; reason: string; severity: 'error' | 'warning' }[];
}
