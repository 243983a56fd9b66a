import path from 'node:path';
import { promises as fs, realpathSync, type Stats } from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from '../logger.ts';
import type { Corpus, CorpusChange } from './corpus.ts';
import { isCandidatePath } from './parse-file.ts';
import { formatProblem } from './problem.ts';
import { isInside, walkCorpus } from './walk.ts';

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
  private watcher: FSWatcher | undefined;
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
    const root = path.resolve(this.corpus.root);
    const realRoot = await fs.realpath(root).catch(() => root);
    const watcher = watch(root, {
      ignoreInitial: true,
      ignored: (absolute: string, stats?: Stats) => this.ignored(root, absolute, stats) || leadsOutside(realRoot, absolute, stats),
      awaitWriteFinish: { stabilityThreshold: this.options.stabilityMs, pollInterval: this.options.pollMs },
      usePolling: this.options.usePolling,
      interval: this.options.pollMs,
    });
    this.watcher = watcher;
    const relative = (absolute: string): string | undefined => {
      const rel = path.relative(root, absolute).split(path.sep).join('/');
      return rel && !rel.startsWith('..') && isCandidatePath(rel) ? rel : undefined;
    };
    watcher.on('add', (absolute) => this.enqueue(relative(absolute), 'refresh'));
    watcher.on('change', (absolute) => this.enqueue(relative(absolute), 'refresh'));
    watcher.on('unlink', (absolute) => this.enqueue(relative(absolute), 'remove'));
    watcher.on('error', (error) => this.logger.error({ err: error }, 'corpus watcher error'));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    if (loadedAt) await this.catchUp(root, loadedAt);
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
    await this.watcher?.close();
    await this.settled();
  }

  private ignored(root: string, absolute: string, stats: Stats | undefined): boolean {
    const rel = path.relative(root, absolute);
    if (!rel || rel.startsWith('..')) return false;
    if (rel.split(path.sep).some((part) => part.startsWith('.'))) return true;
    // Folders must be walked; only files are judged by name.
    return Boolean(stats?.isFile()) && !isCandidatePath(rel.split(path.sep).join('/'));
  }

  private enqueue(relativePath: string | undefined, what: 'refresh' | 'remove'): void {
    if (!relativePath || this.closed) return;
    this.queue = this.queue.then(() => this.apply(relativePath, what)).catch((error: unknown) => {
      this.logger.error({ err: error, file: relativePath }, 'could not apply a corpus change');
    });
  }

  private async apply(relativePath: string, what: 'refresh' | 'remove'): Promise<void> {
    const change = what === 'refresh' ? await this.corpus.refreshFile(relativePath) : this.corpus.removeFile(relativePath);
    if (what === 'refresh') {
      for (const problem of this.corpus.problems().filter((candidate) => candidate.path === relativePath)) {
        this.logger.warn({ problem: formatProblem(problem) }, problem.severity === 'error' ? 'corpus file has a problem; its last good entry is kept' : 'corpus file warning');
      }
    }
    const count = change.added.length + change.updated.length + change.removed.length;
    if (count) {
      this.logger.info({ file: relativePath, added: change.added.length, updated: change.updated.length, removed: change.removed.length }, 'corpus changed');
      await this.onChange(change, relativePath);
    }
  }

  /** Re-reads files written after the load, and drops entries whose files went, before watching began. */
  private async catchUp(root: string, loadedAt: Date): Promise<void> {
    const walked = await walkCorpus(root);
    const present = new Set(walked.files);
    for (const file of walked.files) {
      const stat = await fs.stat(path.join(root, file)).catch(() => undefined);
      // A second of slack covers file systems whose timestamps are coarse.
      if (stat && stat.mtimeMs >= loadedAt.getTime() - 1_000) this.enqueue(file, 'refresh');
    }
    for (const entry of this.corpus.entries()) {
      if (!present.has(entry.source.path)) this.enqueue(entry.source.path, 'remove');
    }
    await this.settled();
  }
}

/**
 * A folder link to outside the corpus is not watched at all (a link to / would watch the whole
 * disk). File links are let through: reading them refuses an outside target and says so.
 */
function leadsOutside(realRoot: string, absolute: string, stats: Stats | undefined): boolean {
  if (!stats?.isDirectory()) return false;
  try {
    return !isInside(realRoot, realpathSync(absolute));
  } catch {
    return false;
  }
}
