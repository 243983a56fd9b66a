import path from 'node:path';
import { Corpus } from '../corpus/corpus.ts';
import { formatProblem } from '../corpus/problem.ts';

export interface CheckOutcome {
  readonly exitCode: 0 | 1 | 2;
  readonly lines: string[];
}

/** `paperbot check [dir]`: every problem as `path:line: reason`; exit 1 when any file gave no entry. */
export async function checkCorpus(dir: string, maxFileBytes: number): Promise<CheckOutcome> {
  const root = path.resolve(dir);
  const stat = await import('node:fs/promises').then((fs) => fs.stat(root)).catch(() => undefined);
  if (!stat?.isDirectory()) return { exitCode: 2, lines: [`${dir}: not a folder; expected the corpus folder to check`] };
  const corpus = await Corpus.load(root, { maxFileBytes });
  const problems = corpus.problems();
  const failed = corpus.failedFiles();
  // `path:line: warning: reason`, the compiler convention, so CI problem matchers keep the location first.
  const lines = problems.map((problem) => formatProblem(problem.severity === 'warning' ? { ...problem, reason: `warning: ${problem.reason}` } : problem));
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  lines.push(`${count(corpus.size, 'entry', 'entries')} loaded, ${count(failed.length, 'file', 'files')} failed, ${count(warnings, 'warning', 'warnings')}`);
  return { exitCode: failed.length || problems.some((p) => p.severity === 'error') ? 1 : 0, lines };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
