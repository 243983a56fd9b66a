import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/start-worker.ts';
import type { Logger } from '../logger.ts';
import type { Corpus, CorpusChange } from './corpus.ts';
import { ENTRY_EXTENSIONS } from './formats.ts';
import { isCandidatePath } from './parse-file.ts';
import { formatProblem } from './problem.ts';
import type { WatchedFolder } from './folders.ts';
import type { WatchWorkerMessage, WatchWorkerSettings } from './watch-worker-messages.ts';

/** chokidar runs on a worker thread of its own (see watch-worker.ts). */
const WATCH_WORKER = new URL('./watch-worker.ts', import.meta.url);
const RESTART_DELAY_MS = 1_000;

export interface CorpusWatcherOptions {
  /**
   * A file counts as written once its size has not changed for this long, so a file copied
   * slowly or written in several pieces is read once, whole.
   */
  readonly stabilityMs: number;
  /** How often a file being written is checked. */
  readonly pollMs: number;
  /** Polls the folder instead of using file-system events (network drives, some containers). */
  readonly usePolling: boolean;
}

export const DEFAULT_WATCHER_OPTIONS: CorpusWatcherOptions = { stabilityMs: 1_000, pollMs: 100, usePolling: false };

/** What one file's change did, after the corpus was updated; the next change waits for a returned promise. */
export type CorpusChangeListener = (change: CorpusChange, relativePath: string) => void | Promise<void>;

/**
 * Keeps a loaded Corpus in step with its folder: added, changed, renamed and removed files
 * are re-read one at a time, in the order they settled, and each resulting change is handed on.
 */
export class CorpusWatcher {
  private readonly options: CorpusWatcherOptions;
  private readonly workers = new Set<Worker>();
  /** One per folder whose thread died: several can be waiting at once. */
  private readonly restartTimers = new Set<NodeJS.Timeout>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly corpus: Corpus,
    private readonly onChange: CorpusChangeListener,
    private readonly logger: Logger,
    options: Partial<CorpusWatcherOptions> = {},
  ) {
    this.options = { ...DEFAULT_WATCHER_OPTIONS, ...options };
  }

  /**
   * Starts watching; resolves once the folder is being watched. Files changed between
   * `loadedAt` (when the corpus was read) and now are re-read, so nothing slips between the two.
   */
  async start(loadedAt?: Date): Promise<void> {
    // One thread per folder: the corpus folder, each source's folder.
    for (const folder of this.corpus.folders.watched()) {
      const root = path.resolve(folder.dir);
      const realRoot = await fs.realpath(root).catch(() => root);
      await this.startWorker({ root, realRoot, extensions: [...ENTRY_EXTENSIONS], ...this.options }, folder);
    }
    if (loadedAt) await this.catchUp(loadedAt);
  }

  private async startWorker(settings: WatchWorkerSettings, folder: WatchedFolder): Promise<void> {
    const worker = startWorker(WATCH_WORKER, settings);
    this.workers.add(worker);
    const relative = (absolute: string): string | undefined => {
      const rel = path.relative(settings.root, absolute).split(path.sep).join('/');
      return rel && !rel.startsWith('..') && isCandidatePath(rel) ? folder.corpusPath(rel) : undefined;
    };
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: WatchWorkerMessage) => {
        if (message.kind === 'ready') resolve();
        else if (message.kind === 'error') this.logger.error({ err: message.message }, 'corpus watcher error');
        else this.enqueue(relative(message.absolute), message.kind);
      });
      worker.once('error', reject);
      worker.once('exit', (code) =>
        reject(new Error(`corpus watcher thread stopped (exit code ${code}) before watching began`)),
      );
    });
    await ready;
    worker.on('error', (error) => this.logger.error({ err: error }, 'corpus watcher thread failed'));
    worker.once('exit', () => {
      const mine = this.workers.delete(worker);
      if (!this.closed && mine) this.restartAfterCrash(settings, folder);
    });
  }

  /** A watcher that died is started again, and what changed in between is caught up, so no new entry is missed. */
  private restartAfterCrash(settings: WatchWorkerSettings, folder: WatchedFolder): void {
    // A file still settling in the thread when it died was written up to a stability window before.
    const since = new Date(Date.now() - settings.stabilityMs);
    this.logger.error('corpus watcher stopped; starting it again');
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      this.startWorker(settings, folder)
        .then(() => this.catchUp(since))
        .catch((error: unknown) => {
          this.logger.error({ err: error }, 'corpus watcher could not start again; retrying');
          this.restartAfterCrash(settings, folder);
        });
    }, RESTART_DELAY_MS);
    this.restartTimers.add(timer);
  }

  /** Resolves when every change seen so far has been applied. */
  async settled(): Promise<void> {
    let current: Promise<void> | undefined;
    while (current !== this.queue) {
      current = this.queue;
      await current;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.restartTimers) clearTimeout(timer);
    await Promise.all([...this.workers].map((worker) => worker.terminate()));
    await this.settled();
  }

  private enqueue(relativePath: string | undefined, what: 'refresh' | 'remove'): void {
    if (!relativePath || this.closed) return;
    this.queue = this.queue
      .then(() => this.apply(relativePath, what))
      .catch((error: unknown) => {
        this.logger.error({ err: error, file: relativePath }, 'could not apply a corpus change');
      });
  }

  private async apply(relativePath: string, what: 'refresh' | 'remove'): Promise<void> {
    const change =
      what === 'refresh' ? await this.corpus.refreshFile(relativePath) : this.corpus.removeFile(relativePath);
    if (what === 'refresh') {
      for (const problem of this.corpus.problemsOf(relativePath)) {
        this.logger.warn(
          { problem: formatProblem(problem) },
          problem.severity === 'error'
            ? 'corpus file has a problem; its last good entry is kept'
            : 'corpus file warning',
        );
      }
    }
    const count = change.added.length + change.updated.length + change.removed.length;
    if (count) {
      this.logger.info(
        {
          file: relativePath,
          added: change.added.length,
          updated: change.updated.length,
          removed: change.removed.length,
        },
        'corpus changed',
      );
      await this.onChange(change, relativePath);
    }
  }

  /** Re-reads files written after the load, and drops entries whose files went, before watching began. */
  private async catchUp(loadedAt: Date): Promise<void> {
    const walked = await this.corpus.folders.walk();
    const present = new Set(walked.files);
    for (const file of walked.files) {
      const stat = await fs.stat(this.corpus.folders.absolute(file)).catch(() => undefined);
      // A second of slack covers file systems whose timestamps are coarse.
      if (stat && stat.mtimeMs >= loadedAt.getTime() - 1_000) this.enqueue(file, 'refresh');
    }
    for (const entry of this.corpus.entries()) {
      if (!present.has(entry.source.path)) this.enqueue(entry.source.path, 'remove');
    }
    await this.settled();
  }
}
