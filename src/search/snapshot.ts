import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileRecord } from '../corpus/corpus.ts';
import type { Entry } from '../corpus/entry.ts';
import type { Problem } from '../corpus/problem.ts';
import { DEFAULT_CONTENT_LANGUAGE } from '../corpus/languages.ts';
import type { IndexImage } from './corpus-index.ts';
import { FIELD_COUNT } from './fields.ts';
import { Container, SnapshotInvalid, writeContainer, type Section } from './snapshot-container.ts';

/**
 * The index snapshot: every corpus file's parsed outcome with its fingerprint (size, mtime,
 * ctime), and the index as flat arrays, in one checksummed file under DATA_DIR. A fresh
 * process stats the files, reuses what did not change and parses only the rest.
 *
 * It is trusted only when its fingerprint matches: the same format, the same parser and index
 * code (a hash of their sources), the same corpus folder and size limit. Anything else, or a
 * checksum that does not match, means it is rebuilt from the files.
 */
export const SNAPSHOT_FILE = 'search-snapshot.bin';
/** The fingerprint beside it, readable without opening the big file. */
export const FINGERPRINT_FILE = 'search-snapshot.json';
const FORMAT_VERSION = 3;
const FILES_PER_LINE = 100;
const LEFTOVER_AGE_MS = 10 * 60 * 1000;
const CODE_FOLDERS = [new URL('./', import.meta.url), new URL('../corpus/', import.meta.url)];

export interface SnapshotFingerprint {
  readonly format: number;
  /** Hash of the parser and index sources: a code change can change what a file parses to. */
  readonly code: string;
  readonly corpusRoot: string;
  readonly maxFileBytes: number;
  /** The content language the pages were read in: another one reads other titles. */
  readonly language: string;
}

export interface SnapshotContents {
  readonly files: readonly FileRecord[];
  readonly index: IndexImage;
}

export type SnapshotLoad = { readonly ok: true; readonly contents: SnapshotContents } | { readonly ok: false; readonly reason: string };

export async function currentFingerprint(corpusRoot: string, maxFileBytes: number, language = DEFAULT_CONTENT_LANGUAGE): Promise<SnapshotFingerprint> {
  return { format: FORMAT_VERSION, code: await codeHash(), corpusRoot: path.resolve(corpusRoot), maxFileBytes, language };
}

export async function saveSnapshot(dataDir: string, fingerprint: SnapshotFingerprint, contents: SnapshotContents): Promise<{ file: string; bytes: number }> {
  await fs.mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, SNAPSHOT_FILE);
  await removeLeftovers(dataDir);
  const { postings, filters } = contents.index;
  const sections: Section[] = [
    { name: 'files', kind: 'json-lines', data: fileLines(contents.files) },
    { name: 'terms', kind: 'strings', data: postings.terms },
    { name: 'listOffsets', kind: 'u32', data: postings.listOffsets },
    { name: 'docs', kind: 'u32', data: postings.docs },
    { name: 'frequencies', kind: 'u8', data: postings.frequencies },
    { name: 'keys', kind: 'strings', data: postings.keys },
    { name: 'fieldLengths', kind: 'u16', data: postings.fieldLengths },
    { name: 'kinds', kind: 'u8', data: filters.kinds },
    { name: 'years', kind: 'u16', data: filters.years },
    { name: 'words', kind: 'strings', data: filters.words },
    { name: 'textOffsets', kind: 'u32', data: filters.textOffsets },
    { name: 'textWords', kind: 'u32', data: filters.textWords },
    { name: 'authorOffsets', kind: 'u32', data: filters.authorOffsets },
    { name: 'authorWords', kind: 'u32', data: filters.authorWords },
  ];
  const written = await writeContainer(file, { fingerprint }, sections);
  const summary = { fingerprint, bytes: written.bytes, crc32: written.crc32, entries: postings.keys.length, files: contents.files.length, writtenAt: new Date().toISOString() };
  await fs.writeFile(path.join(dataDir, FINGERPRINT_FILE), `${JSON.stringify(summary, null, 2)}\n`);
  return { file, bytes: written.bytes };
}

/** The snapshot if it exists, matches the fingerprint and passes its checks; else why not. */
export async function loadSnapshot(dataDir: string, expected: SnapshotFingerprint): Promise<SnapshotLoad> {
  const file = path.join(dataDir, SNAPSHOT_FILE);
  const sidecar = await fs.readFile(path.join(dataDir, FINGERPRINT_FILE), 'utf8').catch(() => undefined);
  if (sidecar !== undefined) {
    const mismatch = fingerprintMismatch(parseJson(sidecar)?.fingerprint, expected);
    if (mismatch) return { ok: false, reason: `snapshot is stale: ${mismatch}` };
  }
  try {
    await fs.access(file);
  } catch {
    return { ok: false, reason: 'no snapshot yet' };
  }
  try {
    const header = await Container.readHeader(file);
    const mismatch = fingerprintMismatch((header.meta as { fingerprint?: unknown } | null)?.fingerprint, expected);
    if (mismatch) return { ok: false, reason: `snapshot is stale: ${mismatch}` };
    return { ok: true, contents: decode(await Container.read(file)) };
  } catch (error) {
    const reason = error instanceof SnapshotInvalid ? error.message : `snapshot could not be decoded (${error instanceof Error ? error.message : String(error)})`;
    return { ok: false, reason };
  }
}

function decode(container: Container): SnapshotContents {
  const files: FileRecord[] = [];
  for (const line of container.jsonLines('files')) {
    if (!Array.isArray(line)) throw new SnapshotInvalid('snapshot file list is malformed');
    for (const item of line) files.push(toRecord(item));
  }
  const index: IndexImage = {
    postings: {
      terms: container.strings('terms'),
      listOffsets: container.u32('listOffsets'),
      docs: container.u32('docs'),
      frequencies: container.u8('frequencies'),
      keys: container.strings('keys'),
      fieldLengths: container.u16('fieldLengths'),
    },
    filters: {
      kinds: container.u8('kinds'),
      years: container.u16('years'),
      words: container.strings('words'),
      textOffsets: container.u32('textOffsets'),
      textWords: container.u32('textWords'),
      authorOffsets: container.u32('authorOffsets'),
      authorWords: container.u32('authorWords'),
    },
  };
  checkShape(index);
  return { files, index };
}

/** Sizes that must agree; numbers inside the arrays are covered by the checksum. */
function checkShape({ postings, filters }: IndexImage): void {
  const documents = postings.keys.length;
  const problems: string[] = [];
  if (postings.listOffsets.length !== postings.terms.length * FIELD_COUNT + 1) problems.push('list offsets do not match the terms');
  if (postings.listOffsets.at(-1) !== postings.docs.length || postings.frequencies.length !== postings.docs.length) problems.push('postings do not match their offsets');
  if (postings.fieldLengths.length !== documents * FIELD_COUNT) problems.push('field lengths do not match the documents');
  if (filters.kinds.length !== documents || filters.years.length !== documents) problems.push('filters do not match the documents');
  if (filters.textOffsets.length !== documents + 1 || filters.authorOffsets.length !== documents + 1) problems.push('word offsets do not match the documents');
  if (filters.textOffsets.at(-1) !== filters.textWords.length || filters.authorOffsets.at(-1) !== filters.authorWords.length) problems.push('words do not match their offsets');
  if (problems.length) throw new SnapshotInvalid(`snapshot index is inconsistent: ${problems.join('; ')}`);
}

function* fileLines(files: readonly FileRecord[]): Generator<unknown[]> {
  for (let start = 0; start < files.length; start += FILES_PER_LINE) {
    yield files.slice(start, start + FILES_PER_LINE).map((file) => [file.path, file.fingerprint.size, file.fingerprint.mtimeMs, file.fingerprint.ctimeMs, file.entries, file.problems]);
  }
}

function toRecord(item: unknown): FileRecord {
  if (!Array.isArray(item) || item.length !== 6 || typeof item[0] !== 'string' || !Array.isArray(item[5])) throw new SnapshotInvalid('snapshot file record is malformed');
  const [file, size, mtimeMs, ctimeMs, entries, problems] = item as [string, number, number, number, Entry[], Problem[]];
  if (!Array.isArray(entries) || entries.some((entry) => typeof entry !== 'object' || entry === null || typeof entry.key !== 'string')) throw new SnapshotInvalid('snapshot entry is malformed');
  return { path: file, fingerprint: { size, mtimeMs, ctimeMs }, entries, problems };
}

function fingerprintMismatch(found: unknown, expected: SnapshotFingerprint): string | undefined {
  if (!found || typeof found !== 'object') return 'it has no fingerprint';
  const actual = found as Partial<SnapshotFingerprint>;
  if (actual.format !== expected.format) return `format ${String(actual.format)}, expected ${expected.format}`;
  if (actual.code !== expected.code) return 'the parser or index code changed since it was written';
  if (actual.corpusRoot !== expected.corpusRoot) return `it is for another corpus folder (${String(actual.corpusRoot)})`;
  if (actual.maxFileBytes !== expected.maxFileBytes) return 'the file size limit changed';
  if (actual.language !== expected.language) return 'the content language (CORPUS_LANGUAGE) changed';
  return undefined;
}

/**
 * Half-written snapshots of processes that died while saving (a few hundred MB each at scale).
 * Only old ones: a fresh one may belong to another process saving right now.
 */
async function removeLeftovers(dataDir: string): Promise<void> {
  const cutoff = Date.now() - LEFTOVER_AGE_MS;
  for (const name of await fs.readdir(dataDir).catch(() => [] as string[])) {
    if (!name.startsWith(`${SNAPSHOT_FILE}.`) || !name.endsWith('.tmp')) continue;
    const file = path.join(dataDir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && stat.mtimeMs < cutoff) await fs.rm(file, { force: true });
  }
}

let cachedCodeHash: Promise<string> | undefined;

/** Hash of every source file of the parsers and the index; 'unavailable' (never matching) if they cannot be read. */
function codeHash(): Promise<string> {
  cachedCodeHash ??= (async () => {
    try {
      const hash = createHash('sha256');
      for (const folder of CODE_FOLDERS) {
        const dir = fileURLToPath(folder);
        for (const name of (await fs.readdir(dir)).filter((file) => /\.[cm]?[jt]s$/.test(file)).sort()) {
          hash.update(name).update('\0').update(await fs.readFile(path.join(dir, name))).update('\0');
        }
      }
      return hash.digest('hex').slice(0, 32);
    } catch {
      return `unavailable-${process.pid}-${Date.now()}`;
    }
  })();
  return cachedCodeHash;
}

function parseJson(text: string): { fingerprint?: unknown } | undefined {
  try {
    return JSON.parse(text) as { fingerprint?: unknown };
  } catch {
    return undefined;
  }
}
