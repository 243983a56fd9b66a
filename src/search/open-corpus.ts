import { Corpus, type FileRecord } from '../corpus/corpus.ts';
import { baseKeyOf } from '../corpus/same-paper.ts';
import { CorpusFolders } from '../corpus/folders.ts';
import type { Logger } from '../logger.ts';
import { MiniSearchBackend } from './minisearch-backend.ts';
import { currentFingerprint, loadSnapshot } from './snapshot.ts';
import type { SnapshotWorkerRequest, SnapshotWritten } from './snapshot-worker.ts';
import { WorkerRequests } from '../workers/worker-requests.ts';

const SNAPSHOT_WORKER = new URL('./snapshot-worker.ts', import.meta.url);
import { forEachInChunks } from '../event-loop-yield.ts';

/** Files compared with the snapshot's record between two turns of the event loop. */
const FILES_PER_YIELD = 5_000;

export interface OpenCorpusOptions {
  /** The corpus folder, or it with the folders of the configured sources. */
  readonly corpusDir: string | CorpusFolders;
  readonly maxFileBytes: number;
  /** The content language of pages that give several (`CORPUS_LANGUAGE`); English by default. */
  readonly language?: string;
  /** Where the snapshot lives; without it the corpus is parsed and indexed from scratch. */
  readonly dataDir?: string;
  readonly logger?: Pick<Logger, 'info' | 'warn'>;
  /** Told after each corpus file is read (a progress line on a terminal). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Stops a snapshot still being written (the bot is stopping); the next start writes one again. */
  readonly stopSaving?: AbortSignal;
}

export interface OpenedCorpus {
  readonly corpus: Corpus;
  readonly search: MiniSearchBackend;
  readonly origin: 'snapshot' | 'built';
  /** Why the snapshot was not used, when it was not. */
  readonly snapshotProblem?: string;
  /** Files taken from the snapshot without parsing, and files parsed. */
  readonly reusedFiles: number;
  readonly parsedFiles: number;
  /** Entries indexed, re-indexed or dropped on top of the snapshot. */
  readonly changedEntries: number;
  /** Settles once a refreshed snapshot is on disk; at once when nothing changed. Never rejects. */
  readonly snapshotSaved: Promise<void>;
}

/**
 * Loads the corpus and its MiniSearch index, from the snapshot when one fits: unchanged files
 * are reused, changed ones parsed and applied to the snapshot's index. When anything changed
 * (or there was no usable snapshot) a fresh snapshot is written after this returns.
 */
export async function openCorpus(options: OpenCorpusOptions): Promise<OpenedCorpus> {
  const fingerprint = await currentFingerprint(
    CorpusFolders.of(options.corpusDir).identity(),
    options.maxFileBytes,
    options.language,
  );
  const loaded = options.dataDir
    ? await loadSnapshot(options.dataDir, fingerprint)
    : { ok: false as const, reason: 'no data folder' };
  const previous = loaded.ok ? await recordsByPath(loaded.contents.files) : undefined;
  const corpus = await Corpus.load(options.corpusDir, {
    maxFileBytes: options.maxFileBytes,
    language: options.language,
    previous,
    onProgress: options.onProgress,
  });
  // Walked a chunk per turn; the corpus does not change while it is opened.
  const records = corpus.eachFileRecord();
  const recordCount = corpus.fileRecordCount();

  const built = async (problem: string | undefined): Promise<OpenedCorpus> => {
    if (options.dataDir) options.logger?.info({ reason: problem }, 'building the search index from the corpus files');
    const search = await MiniSearchBackend.buildAsync(corpus.entries());
    const snapshotSaved = options.dataDir ? saveLater(options.dataDir, corpus, options) : Promise.resolve();
    return {
      corpus,
      search,
      origin: 'built',
      snapshotProblem: problem,
      reusedFiles: 0,
      parsedFiles: recordCount,
      changedEntries: 0,
      snapshotSaved,
    };
  };
  if (!loaded.ok || !previous) return built(loaded.ok ? undefined : loaded.reason);

  // Keys any changed, new or vanished file held before or holds now: their entries are re-indexed,
  // with the distinct keys of different papers that share one of them.
  const affected = new Set<string>();
  let reusedFiles = 0;
  const seen = new Set<string>();
  await forEachInChunks(records, FILES_PER_YIELD, (record) => {
    seen.add(record.path);
    const before = previous.get(record.path);
    if (before && before.fingerprint === record.fingerprint) {
      reusedFiles++;
      return;
    }
    for (const entry of before?.entries ?? []) affected.add(entry.key);
    for (const entry of record.entries) affected.add(entry.key);
  });
  await forEachInChunks(previous, FILES_PER_YIELD, ([file, before]) => {
    if (!seen.has(file)) for (const entry of before.entries) affected.add(entry.key);
  });

  const changedKeys = new Set<string>();
  await forEachInChunks(corpus.entries(), FILES_PER_YIELD, (entry) => {
    if (affected.has(baseKeyOf(entry.key))) changedKeys.add(entry.key);
  });
  let search: MiniSearchBackend;
  try {
    search = await MiniSearchBackend.restore(
      loaded.contents.index,
      loaded.contents.indexedKeys,
      corpus.entries(),
      changedKeys,
    );
  } catch (error) {
    // The checksum matched, yet MiniSearch refused it (another MiniSearch version, say): rebuild.
    return built(
      `MiniSearch could not load the snapshot's index (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const changed = reusedFiles !== recordCount || recordCount !== previous.size;
  const snapshotSaved = changed && options.dataDir ? saveLater(options.dataDir, corpus, options) : Promise.resolve();
  return {
    corpus,
    search,
    origin: 'snapshot',
    reusedFiles,
    parsedFiles: recordCount - reusedFiles,
    changedEntries: affected.size,
    snapshotSaved,
  };
}

/** Records or entries handed to the snapshot worker in one message (a few milliseconds to copy). */
const ITEMS_PER_MESSAGE = 1_000;
/** Indexing and writing 100 000 entries takes a minute or two on a busy machine. */
const SNAPSHOT_TIMEOUT_MS = 15 * 60 * 1000;

/**
 * Writes the snapshot of the corpus as it is now (its records and entries taken in one tick, so
 * they agree). The index in it is built and serialised on a worker thread of its own from those entries,
 * the same index the bot holds for them, so the bot's thread only hands them over.
 */
export async function saveIndexSnapshot(
  dataDir: string,
  corpus: Corpus,
  maxFileBytes: number,
  language?: string,
  stop?: AbortSignal,
): Promise<SnapshotWritten> {
  const files = corpus.fileRecords();
  const entries = corpus.entries();
  const fingerprint = await currentFingerprint(corpus.folders.identity(), maxFileBytes, language);
  const worker = new WorkerRequests<SnapshotWorkerRequest, SnapshotWritten | undefined>(
    SNAPSHOT_WORKER,
    'writing the index snapshot',
    SNAPSHOT_TIMEOUT_MS,
  );
  const stopWorker = (): void => void worker.close();
  stop?.addEventListener('abort', stopWorker, { once: true });
  try {
    if (stop?.aborted) throw new Error('the bot is stopping');
    for (let start = 0; start < files.length; start += ITEMS_PER_MESSAGE)
      await worker.ask({ kind: 'files', files: files.slice(start, start + ITEMS_PER_MESSAGE) });
    for (let start = 0; start < entries.length; start += ITEMS_PER_MESSAGE)
      await worker.ask({ kind: 'entries', entries: entries.slice(start, start + ITEMS_PER_MESSAGE) });
    const written = await worker.ask({ kind: 'write', dataDir, fingerprint });
    if (!written) throw new Error('the snapshot thread wrote nothing');
    return written;
  } finally {
    stop?.removeEventListener('abort', stopWorker);
    await worker.close();
  }
}

function saveLater(dataDir: string, corpus: Corpus, options: OpenCorpusOptions): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => saveIndexSnapshot(dataDir, corpus, options.maxFileBytes, options.language, options.stopSaving))
    .then(
      (saved) => options.logger?.info({ file: saved.file, bytes: saved.bytes }, 'search index snapshot written'),
      (error: unknown) => {
        // Stopping gives up a snapshot still being written on purpose: nothing went wrong.
        if (options.stopSaving?.aborted) {
          options.logger?.info('search index snapshot not written: stopping; the next start writes it');
          return;
        }
        options.logger?.warn(
          { err: error },
          'could not write the search index snapshot; the next start parses the corpus again',
        );
      },
    );
}

async function recordsByPath(records: readonly FileRecord[]): Promise<Map<string, FileRecord>> {
  const byPath = new Map<string, FileRecord>();
  await forEachInChunks(records, FILES_PER_YIELD, (record) => byPath.set(record.path, record));
  return byPath;
}
