import { createHash } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import type { AsPlainObject } from 'minisearch';
import type { FileRecord } from '../corpus/corpus.ts';
import type { Entry } from '../corpus/entry.ts';
import type { Problem } from '../corpus/problem.ts';
import { DEFAULT_CONTENT_LANGUAGE } from '../corpus/languages.ts';
import { siteSettingsDigest } from '../corpus/site-settings.ts';
import { ChunkCounter, yieldToEventLoop } from '../event-loop-yield.ts';

/**
 * The index snapshot: every corpus file's parsed outcome with its fingerprint (size, mtime,
 * ctime), the keys the index holds, and the index as its backend serialised it (MiniSearch's
 * `toJSON`), one JSON value per line under DATA_DIR. The index takes many lines (its terms,
 * a quarter of a megabyte a line), so that neither writing nor reading it holds the event loop for long. A fresh process stats the files, reuses
 * what did not change, parses only the rest and loads the index instead of building it.
 *
 * It is trusted only when its fingerprint matches (the same format, the same parser, index and
 * option code — a hash of their sources —, the same corpus folder and size limit) and its
 * length and CRC-32 match what the sidecar recorded. Anything else means a rebuild.
 */
export const SNAPSHOT_FILE = 'search-snapshot.ndjson';
/** The fingerprint, length and checksum beside it, written after it: readable without opening the big file. */
export const FINGERPRINT_FILE = 'search-snapshot.json';
const FORMAT_VERSION = 4;
const FILES_PER_LINE = 100;
/** An index line is closed once it holds this many characters (the terms' JSON): short enough to parse in one turn (see bench/README.md, "How start-up stays responsive"). */
const INDEX_LINE_CHARS = 250_000;
/**
 * Lines written or read between two turns of the event loop (a file-record line is about 100 KB).
 * One: what a parsed line allocates all survives, so young-generation collections grow with it.
 */
const LINES_PER_YIELD = 1;
/** Bytes checksummed between two turns. */
const CHECKSUM_BYTES_PER_YIELD = 8 * 1024 * 1024;
/** Every snapshot of this format starts so (the header line's first key). */
const HEADER_START = Buffer.from(`{"format":${FORMAT_VERSION},`);
const LEFTOVER_AGE_MS = 10 * 60 * 1000;
const CODE_FOLDERS = [new URL('./', import.meta.url), new URL('../corpus/', import.meta.url)];

export interface SnapshotFingerprint {
  readonly format: number;
  /** Hash of the parser, index and option sources: a code change can change what a file parses or indexes to. */
  readonly code: string;
  readonly corpusRoot: string;
  readonly maxFileBytes: number;
  /** The content language the pages were read in: another one reads other titles. */
  readonly language: string;
  /** The digest of the folder's paperbot.yml and author pages: another map reads other fields. */
  readonly siteSettings: string;
}

export interface SnapshotContents {
  readonly files: readonly FileRecord[];
  /** Keys of the entries the serialised index holds. */
  readonly indexedKeys: readonly string[];
  /** The index as MiniSearch serialised it (`toJSON`). */
  readonly index: AsPlainObject;
}

export type SnapshotLoad =
  | { readonly ok: true; readonly contents: SnapshotContents }
  | { readonly ok: false; readonly reason: string };

interface Sidecar {
  readonly fingerprint: SnapshotFingerprint;
  readonly bytes: number;
  readonly crc32: number;
}

export async function currentFingerprint(
  corpusRoot: string,
  maxFileBytes: number,
  language = DEFAULT_CONTENT_LANGUAGE,
): Promise<SnapshotFingerprint> {
  return {
    format: FORMAT_VERSION,
    code: await codeHash(),
    // The corpus folder's path, or with sources its path and theirs (CorpusFolders.identity), taken as given.
    corpusRoot: corpusRoot.includes('|') ? corpusRoot : path.resolve(corpusRoot),
    maxFileBytes,
    language,
    siteSettings: await siteSettingsDigest(corpusRoot),
  };
}

/** Writes the snapshot to a temporary file and renames it into place, then its sidecar the same way. */
export async function saveSnapshot(
  dataDir: string,
  fingerprint: SnapshotFingerprint,
  contents: SnapshotContents,
): Promise<{ file: string; bytes: number }> {
  await fs.mkdir(dataDir, { recursive: true });
  await removeLeftovers(dataDir);
  const file = path.join(dataDir, SNAPSHOT_FILE);
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  const out = createWriteStream(temporary);
  let bytes = 0;
  let checksum = 0;
  const write = async (line: string): Promise<void> => {
    const data = Buffer.from(`${line}\n`, 'utf8');
    bytes += data.length;
    checksum = crc32(data, checksum);
    if (!out.write(data)) await once(out, 'drain');
  };
  const chunks = new ChunkCounter(LINES_PER_YIELD);
  const writeLine = async (line: string): Promise<void> => {
    await write(line);
    if (chunks.tick()) await yieldToEventLoop();
  };
  const { index: terms, documentIds, fieldLength, ...counts } = contents.index;
  try {
    await writeLine(
      JSON.stringify({
        format: fingerprint.format,
        files: contents.files.length,
        entries: contents.indexedKeys.length,
        terms: terms.length,
      }),
    );
    for (let start = 0; start < contents.files.length; start += FILES_PER_LINE) {
      await writeLine(JSON.stringify(contents.files.slice(start, start + FILES_PER_LINE).map(recordLine)));
    }
    await writeLine(JSON.stringify(contents.indexedKeys));
    await writeLine(JSON.stringify(counts));
    await writeLine(JSON.stringify(documentIds));
    await writeLine(JSON.stringify(fieldLength));
    let pending: string[] = [];
    let chars = 0;
    for (const term of terms) {
      const json = JSON.stringify(term);
      pending.push(json);
      chars += json.length;
      if (chars < INDEX_LINE_CHARS) continue;
      await writeLine(`[${pending.join(',')}]`);
      pending = [];
      chars = 0;
    }
    if (pending.length) await writeLine(`[${pending.join(',')}]`);
    out.end();
    await once(out, 'finish');
    await fs.rename(temporary, file);
  } catch (error) {
    out.destroy();
    await fs.rm(temporary, { force: true });
    throw error;
  }
  const sidecar: Sidecar = { fingerprint, bytes, crc32: checksum };
  const sidecarTemporary = path.join(dataDir, `${FINGERPRINT_FILE}.${process.pid}.tmp`);
  await fs.writeFile(
    sidecarTemporary,
    `${JSON.stringify({ ...sidecar, files: contents.files.length, entries: contents.indexedKeys.length, writtenAt: new Date().toISOString() }, null, 2)}\n`,
  );
  await fs.rename(sidecarTemporary, path.join(dataDir, FINGERPRINT_FILE));
  return { file, bytes };
}

/** The snapshot if it exists, matches the fingerprint and passes its checks; else why not. */
export async function loadSnapshot(dataDir: string, expected: SnapshotFingerprint): Promise<SnapshotLoad> {
  const sidecarText = await fs.readFile(path.join(dataDir, FINGERPRINT_FILE), 'utf8').catch(() => undefined);
  if (sidecarText === undefined) return { ok: false, reason: 'no snapshot yet' };
  const sidecar = parseJson(sidecarText) as Partial<Sidecar> | undefined;
  const mismatch = fingerprintMismatch(sidecar?.fingerprint, expected);
  if (mismatch) return { ok: false, reason: `snapshot is stale: ${mismatch}` };
  const data = await fs.readFile(path.join(dataDir, SNAPSHOT_FILE)).catch(() => undefined);
  if (!data) return { ok: false, reason: 'the snapshot file is missing' };
  if (!data.subarray(0, HEADER_START.length).equals(HEADER_START))
    return { ok: false, reason: 'the snapshot file is not a paperbot snapshot of this format' };
  if (data.length !== sidecar?.bytes)
    return { ok: false, reason: `snapshot is truncated: ${data.length} bytes, ${String(sidecar?.bytes)} expected` };
  if ((await checksumOf(data)) !== sidecar.crc32)
    return { ok: false, reason: 'snapshot is corrupt: its checksum does not match' };
  try {
    return { ok: true, contents: await decode(data) };
  } catch (error) {
    return {
      ok: false,
      reason: `snapshot could not be decoded (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

/** CRC-32 of the whole file, a slice at a time. */
async function checksumOf(data: Buffer): Promise<number> {
  let checksum = 0;
  for (let start = 0; start < data.length; start += CHECKSUM_BYTES_PER_YIELD) {
    checksum = crc32(data.subarray(start, start + CHECKSUM_BYTES_PER_YIELD), checksum);
    await yieldToEventLoop();
  }
  return checksum;
}

/** The lines of the file, each parsed as JSON when it is reached (never the whole file as one string). */
async function* jsonLines(data: Buffer): AsyncGenerator<unknown> {
  const chunks = new ChunkCounter(LINES_PER_YIELD);
  let start = 0;
  while (start < data.length) {
    const newline = data.indexOf(0x0a, start);
    const end = newline < 0 ? data.length : newline;
    yield JSON.parse(data.toString('utf8', start, end)) as unknown;
    start = end + 1;
    if (chunks.tick()) await yieldToEventLoop();
  }
}

async function decode(data: Buffer): Promise<SnapshotContents> {
  const lines = jsonLines(data);
  const next = async (what: string): Promise<unknown> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the file ends before ${what}`);
    return line.value;
  };
  const header = (await next('its header')) as { format?: unknown; files?: unknown; terms?: unknown } | null;
  if (header?.format !== FORMAT_VERSION || typeof header.files !== 'number' || typeof header.terms !== 'number')
    throw new Error('the header is not one this version writes');
  const files: FileRecord[] = [];
  for (let line = 0; line < Math.ceil(header.files / FILES_PER_LINE); line++) {
    const batch = await next('its file records');
    if (!Array.isArray(batch)) throw new Error('a file list line is not a list');
    for (const item of batch) files.push(toRecord(item));
  }
  const indexedKeys = await next('the indexed keys');
  if (!Array.isArray(indexedKeys) || !indexedKeys.every((key) => typeof key === 'string'))
    throw new Error('the indexed keys are not a list of strings');
  const counts = await next("the index's counts");
  const documentIds = await next("the index's document ids");
  const fieldLength = await next("the index's field lengths");
  if (!isObject(counts) || !isObject(documentIds) || !isObject(fieldLength))
    throw new Error("the index's header lines are not objects");
  const terms: AsPlainObject['index'] = [];
  for await (const batch of lines) {
    if (!Array.isArray(batch)) throw new Error('an index line is not a list');
    for (const term of batch as AsPlainObject['index']) terms.push(term);
  }
  if (terms.length !== header.terms) throw new Error(`${terms.length} index terms, ${header.terms} expected`);
  // MiniSearch checks the rest (its serialization version) when it loads the index.
  const index = { ...counts, documentIds, fieldLength, index: terms } as AsPlainObject;
  return { files, indexedKeys: indexedKeys as string[], index };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordLine(file: FileRecord): unknown[] {
  return [
    file.path,
    file.fingerprint.size,
    file.fingerprint.mtimeMs,
    file.fingerprint.ctimeMs,
    file.entries,
    file.problems,
  ];
}

function toRecord(item: unknown): FileRecord {
  if (!Array.isArray(item) || item.length !== 6 || typeof item[0] !== 'string' || !Array.isArray(item[5]))
    throw new Error('a file record is malformed');
  const [file, size, mtimeMs, ctimeMs, entries, problems] = item as [
    string,
    number,
    number,
    number,
    Entry[],
    Problem[],
  ];
  if (
    !Array.isArray(entries) ||
    entries.some((entry) => typeof entry !== 'object' || entry === null || typeof entry.key !== 'string')
  )
    throw new Error('an entry is malformed');
  return { path: file, fingerprint: { size, mtimeMs, ctimeMs }, entries, problems };
}

function fingerprintMismatch(found: unknown, expected: SnapshotFingerprint): string | undefined {
  if (!found || typeof found !== 'object') return 'it has no fingerprint';
  const actual = found as Partial<SnapshotFingerprint>;
  if (actual.format !== expected.format) return `format ${String(actual.format)}, expected ${expected.format}`;
  if (actual.code !== expected.code) return 'the parser or index code changed since it was written';
  if (actual.corpusRoot !== expected.corpusRoot)
    return `it is for another corpus folder (${String(actual.corpusRoot)})`;
  if (actual.maxFileBytes !== expected.maxFileBytes) return 'the file size limit changed';
  if (actual.language !== expected.language) return 'the content language (CORPUS_LANGUAGE) changed';
  if (actual.siteSettings !== expected.siteSettings)
    return "the field map (paperbot.yml) or the site's author pages changed";
  return undefined;
}

/**
 * Half-written snapshots of processes that died while saving (tens of MB each at scale).
 * Only old ones: a fresh one may belong to another process saving right now.
 */
async function removeLeftovers(dataDir: string): Promise<void> {
  const cutoff = Date.now() - LEFTOVER_AGE_MS;
  for (const name of await fs.readdir(dataDir).catch(() => [] as string[])) {
    if (!name.startsWith('search-snapshot.') || !name.endsWith('.tmp')) continue;
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
          hash
            .update(name)
            .update('\0')
            .update(await fs.readFile(path.join(dir, name)))
            .update('\0');
        }
      }
      return hash.digest('hex').slice(0, 32);
    } catch {
      return `unavailable-${process.pid}-${Date.now()}`;
    }
  })();
  return cachedCodeHash;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
