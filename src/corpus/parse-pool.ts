import type { ParseOptions } from './formats.ts';
import type { Piscina } from 'piscina';
import type { ParsedEntry } from './entry.ts';
import type { ParsedRecord } from './problem.ts';
import type { FileVerdict } from './parse-file.ts';
import type { ParsedHeader, ParseTask } from './parse-worker.ts';
import { PARSE_TIME_LIMIT_MS, PARSER_HEAP_MB, PARSER_THREADS } from './limits.ts';
import { yieldToEventLoop } from '../event-loop-yield.ts';
import { startPool } from '../workers/start-pool.ts';

/**
 * Corpus files are parsed on a pool of threads with a heap ceiling and a time limit: a file that
 * needs more (a parser bug, a bomb no limit in limits.ts foresaw) stops its thread, not the bot,
 * and is reported as a problem while the rest of the corpus is served.
 */

export interface ParseLimits {
  /** Heap of each parser thread, in MB. */
  readonly heapMb: number;
  readonly timeLimitMs: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { heapMb: PARSER_HEAP_MB, timeLimitMs: PARSE_TIME_LIMIT_MS };

/** Threads kept after their last file, so a watcher's next change does not start one again. */
const IDLE_MS = 30_000;

const pools = new Map<number, Piscina<ParseTask, Uint8Array>>();

function poolFor(heapMb: number): Piscina<ParseTask, Uint8Array> {
  const existing = pools.get(heapMb);
  if (existing) return existing;
  const pool = startPool<ParseTask, Uint8Array>(new URL('./parse-worker.ts', import.meta.url), {
    minThreads: 0,
    maxThreads: PARSER_THREADS,
    idleTimeoutMs: IDLE_MS,
    heapMb,
  });
  pools.set(heapMb, pool);
  return pool;
}

/**
 * One file, parsed on a parser thread (`bytes` may be moved there: not to be used after). A thread that runs out of memory or time, or dies, gives a
 * problem at line 1 naming what it exceeded; the entries come back without holding the event loop.
 */
export async function parseOnThread(
  relativePath: string,
  bytes: Buffer,
  options: ParseOptions,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): Promise<FileVerdict> {
  let answer: Uint8Array;
  try {
    // A file's own buffer is moved to the thread, not copied (a large export's copy would hold the event loop); the caller is done with it.
    const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 ? bytes.buffer : undefined;
    const own = whole && bytes.byteLength === whole.byteLength ? whole : undefined;
    answer = await poolFor(limits.heapMb).run(
      { relativePath, bytes, options },
      { signal: AbortSignal.timeout(limits.timeLimitMs), ...(own ? { transferList: [own] } : {}) },
    );
  } catch (error) {
    return {
      kind: 'parsed',
      entries: [],
      problems: [{ line: 1, reason: whyStopped(error, limits), severity: 'error' }],
    };
  }
  const headerEnd = answer.indexOf(NEWLINE) + 1;
  const header: ParsedHeader = JSON.parse(utf8.decode(answer.subarray(0, headerEnd)));
  if (header.kind === 'ignored') return header;
  const entries: ParsedRecord<ParsedEntry>[] = [];
  let start = headerEnd;
  for (const end of header.chunkEnds) {
    if (start > headerEnd) await yieldToEventLoop();
    const records: ParsedRecord<ParsedEntry>[] = JSON.parse(utf8.decode(answer.subarray(start, headerEnd + end)));
    for (const record of records) entries.push(record);
    start = headerEnd + end;
  }
  return { kind: 'parsed', ...(header.format ? { format: header.format } : {}), entries, problems: header.problems };
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder();

const UNTIL_CHANGED = 'skipped until the file changes';

function whyStopped(error: unknown, limits: ParseLimits): string {
  const name = error instanceof Error ? error.name : '';
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (name === 'AbortError' || name === 'TimeoutError')
    return `parsing took over ${limits.timeLimitMs / 1000} s; ${UNTIL_CHANGED}`;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return `parsing needed over ${limits.heapMb} MB of memory; ${UNTIL_CHANGED}`;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `the parser stopped (${message}); ${UNTIL_CHANGED}`;
}

/** Stops the parser threads (at shutdown; idle ones do not keep the process alive). */
export async function closeParsers(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((pool) => pool.destroy()));
}
