import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Corpus } from '../corpus/corpus.ts';
import { CorpusFolders } from '../corpus/folders.ts';
import { corpusReport, reportLines } from './corpus-report.ts';
import { terminalProgress } from './progress.ts';

export interface CheckOutcome {
  readonly exitCode: 0 | 1 | 2;
  readonly lines: string[];
}

export interface CheckOptions {
  /** The content language, as `CORPUS_LANGUAGE` sets it for the bot. */
  readonly language?: string;
  /** One JSON document instead of text, for a corpus repository's CI. */
  readonly json?: boolean;
  /** Where a progress line goes while reading; shown only when it is a terminal. */
  readonly progress?: Pick<NodeJS.WriteStream, 'isTTY' | 'write'>;
}

/**
 * `paperbot check [dir] [--json]`: every problem as `path:line: reason`, a table per format of
 * files, entries and field coverage, and a summary. Exit 1 when any file gave no entry or any
 * entry was dropped or clashed with a different paper; 0 only when everything is served.
 */
export async function checkCorpus(
  dir: string | CorpusFolders,
  maxFileBytes: number,
  options: CheckOptions = {},
): Promise<CheckOutcome> {
  // With sources, their folders were brought up to date (and the corpus folder made optional) by the caller.
  const root = typeof dir === 'string' ? path.resolve(dir) : dir;
  const folder = typeof root === 'string' ? await stat(root).catch(() => undefined) : undefined;
  if (typeof root === 'string' && !folder?.isDirectory()) {
    const reason = `${dir}: not a folder; expected the corpus folder to check`;
    return { exitCode: 2, lines: [options.json ? JSON.stringify({ ok: false, error: reason }) : reason] };
  }
  const progress = options.progress ? terminalProgress(options.progress, 'Reading the corpus') : undefined;
  const corpus = await Corpus.load(CorpusFolders.of(root), {
    maxFileBytes,
    language: options.language,
    onProgress: (done, total) => progress?.update(done, total),
  });
  progress?.end();
  const report = corpusReport(corpus);
  return { exitCode: report.ok ? 0 : 1, lines: options.json ? [JSON.stringify(report, null, 2)] : reportLines(report) };
}
