/**
 * A parser thread of the pool in parse-pool.ts: reads one corpus file. Its entries go back as
 * JSON text in chunks: strings cross threads as one copy, and the bot's thread parses one chunk
 * at a time between turns of its event loop, where a structured clone of 300 000 entries would
 * hold it for seconds.
 */
import type { SourceFormat } from './entry.ts';
import type { ParseIssue } from './problem.ts';
import { parseEntryFile } from './parse-file.ts';

export interface ParseTask {
  readonly relativePath: string;
  readonly bytes: Uint8Array;
  readonly language: string;
}

export type ParsedFile =
  | { readonly kind: 'ignored' }
  | {
      readonly kind: 'parsed';
      readonly format?: SourceFormat;
      readonly problems: readonly ParseIssue[];
      /** JSON arrays of ParsedRecord<ParsedEntry>, in file order. */
      readonly entryChunks: readonly string[];
    };

/** Entries per JSON chunk: a few milliseconds to parse on the bot's thread. */
const ENTRIES_PER_CHUNK = 1_000;

export default function parseTask({ relativePath, bytes, language }: ParseTask): ParsedFile {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const verdict = parseEntryFile(relativePath, buffer, { language });
  if (verdict.kind === 'ignored') return verdict;
  const entryChunks: string[] = [];
  for (let i = 0; i < verdict.entries.length; i += ENTRIES_PER_CHUNK)
    entryChunks.push(JSON.stringify(verdict.entries.slice(i, i + ENTRIES_PER_CHUNK)));
  return {
    kind: 'parsed',
    ...(verdict.format ? { format: verdict.format } : {}),
    problems: verdict.problems,
    entryChunks,
  };
}
