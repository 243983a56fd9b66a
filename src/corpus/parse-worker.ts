/**
 * A parser thread of the pool in parse-pool.ts: reads one corpus file. What it read goes back as
 * UTF-8 JSON in one buffer moved (not copied) to the bot's thread: first a header line (the
 * verdict without its entries, and where each chunk of entries ends), then the entries in chunks
 * the bot's thread parses one at a time between turns of its event loop. A structured clone of
 * a large export's entries would hold it for seconds (bench/README.md, "One very large export").
 */
import { move } from 'piscina';
import type { SourceFormat } from './entry.ts';
import type { ParseIssue } from './problem.ts';
import type { ParseOptions } from './formats.ts';
import { parseEntryFile } from './parse-file.ts';

export interface ParseTask {
  readonly relativePath: string;
  readonly bytes: Uint8Array;
  /** Plain data (language, field map, site authors), so it crosses to the thread as it is. */
  readonly options: ParseOptions;
}

/** The header line of the answer. */
export type ParsedHeader =
  | { readonly kind: 'ignored' }
  | {
      readonly kind: 'parsed';
      readonly format?: SourceFormat;
      readonly problems: readonly ParseIssue[];
      /** Where each chunk (a JSON array of ParsedRecord<ParsedEntry>) ends, counted from the end of the header line. */
      readonly chunkEnds: readonly number[];
    };

/** Entries per JSON chunk: a few milliseconds to parse on the bot's thread. */
const ENTRIES_PER_CHUNK = 1_000;

export default function parseTask({ relativePath, bytes, options }: ParseTask): Uint8Array {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const verdict = parseEntryFile(relativePath, buffer, options);
  const chunks: Buffer[] = [];
  const chunkEnds: number[] = [];
  let length = 0;
  if (verdict.kind === 'parsed') {
    for (let i = 0; i < verdict.entries.length; i += ENTRIES_PER_CHUNK) {
      const chunk = Buffer.from(JSON.stringify(verdict.entries.slice(i, i + ENTRIES_PER_CHUNK)));
      chunks.push(chunk);
      length += chunk.length;
      chunkEnds.push(length);
    }
  }
  const header: ParsedHeader =
    verdict.kind === 'ignored'
      ? verdict
      : {
          kind: 'parsed',
          ...(verdict.format ? { format: verdict.format } : {}),
          problems: verdict.problems,
          chunkEnds,
        };
  // JSON never holds a raw newline, so the first one ends the header.
  const headerLine = Buffer.from(`${JSON.stringify(header)}\n`);
  // A buffer of its own (not a slice of Node's shared pool), so that it can be moved.
  const answer = new Uint8Array(new ArrayBuffer(headerLine.length + length));
  answer.set(headerLine, 0);
  let at = headerLine.length;
  for (const chunk of chunks) {
    answer.set(chunk, at);
    at += chunk.length;
  }
  return move(answer) as Uint8Array;
}
