import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../logger.ts';
import type { CorpusSource } from '../source.ts';
import { GitCommands } from './git-command.ts';
import { gitRemote, type GitRemote } from './git-remote.ts';

export interface GitSourceOptions {
  /** CORPUS_GIT_URL: an https URL (credentials in it are taken out) or a local path. */
  readonly url: string;
  readonly token?: string;
  /** The branch followed; the remote's default branch when absent. */
  readonly branch?: string;
  /** Sub-folders that hold entries; the whole tree when absent. */
  readonly paths?: readonly string[];
  readonly intervalMs: number;
  /** Where the checkout is kept (under DATA_DIR). */
  readonly dir: string;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
}

/** Retries of an unreachable remote are spaced out up to this many intervals. */
const MAX_BACKOFF_INTERVALS = 4;
/** Authors remembered for files added by fetched commits; the oldest are dropped past this. */
const MAX_AUTHORS = 50_000;

/**
 * A git repository (a group's website) kept checked out under DATA_DIR: fetched every interval
 * and at once when asked (a push webhook), the checkout moved to the branch's new commit so the
 * corpus watcher sees the files that changed. What is new is decided by the seen-keys ledger, not
 * by git, so a rename, a force-push or a rewritten history announces nothing twice.
 */
export class GitSource implements CorpusSource {
  readonly name = 'git';
  readonly dir: string;
  readonly include?: readonly string[];
  readonly remote: GitRemote;
  private readonly git: GitCommands;
  private readonly authors = new Map<string, string>();
  private branch: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  private closed = false;
  private following = false;

  constructor(private readonly options: GitSourceOptions) {
    this.dir = options.dir;
    this.include = options.paths?.length ? options.paths : undefined;
    this.remote = gitRemote(options.url, options.token);
    this.git = new GitCommands(options.dir, this.remote);
    this.branch = options.branch;
  }

  /** Clones on the first start; later starts fetch, and serve the last checkout when the remote cannot be reached. */
  async open(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const checkedOut = await this.head();
    if (!checkedOut) {
      await this.git.run(['-c', 'init.templateDir=', 'init', '--quiet']);
      await this.git.run(['remote', 'remove', 'origin']).catch(() => undefined);
      await this.git.run(['remote', 'add', 'origin', this.remote.url]);
    } else {
      // The URL may have changed since (or an older clone kept credentials in it): the config holds the plain URL.
      await this.git.run(['remote', 'set-url', 'origin', this.remote.url]);
    }
    try {
      await this.update();
    } catch (error) {
      if (!checkedOut) {
        throw new Error(
          `CORPUS_GIT_URL: cannot clone ${this.remote.display}${this.branch ? ` (branch ${this.branch})` : ''}: ${errorText(error)}`,
        );
      }
      this.failed(error);
    }
    this.following = true;
    this.schedule();
  }

  addedBy(relativePath: string): string | undefined {
    return this.authors.get(relativePath);
  }

  /** Fetches now (a push webhook): one fetch at a time, and one more after it for whatever arrived meanwhile. */
  fetchNow(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.timer);
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.update();
          this.recovered();
        } catch (error) {
          this.failed(error);
        }
      } while (this.again && !this.closed);
    })().finally(() => {
      this.running = undefined;
      this.schedule();
    });
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.closed || !this.following) return;
    clearTimeout(this.timer);
    const delay = this.options.intervalMs * Math.min(2 ** this.failures, MAX_BACKOFF_INTERVALS);
    this.timer = setTimeout(() => void this.fetchNow(), delay);
    this.timer.unref();
  }

  private failed(error: unknown): void {
    this.failures++;
    if (this.failures === 1) {
      this.options.logger.warn(
        { remote: this.remote.display, reason: errorText(error) },
        'git remote cannot be fetched; serving the last checkout and retrying, spaced out',
      );
    }
  }

  private recovered(): void {
    if (this.failures > 0) this.options.logger.info({ remote: this.remote.display }, 'git remote fetched again');
    this.failures = 0;
  }

  /** Fetches the branch and moves the checkout to it, learning who added each new file first. */
  private async update(): Promise<void> {
    const branch = this.branch ?? (await this.defaultBranch());
    this.branch = branch;
    const tracking = `refs/remotes/origin/${branch}`;
    await this.git.run([
      'fetch',
      '--quiet',
      '--prune',
      '--no-tags',
      '--no-recurse-submodules',
      'origin',
      `+refs/heads/${branch}:${tracking}`,
    ]);
    const next = (await this.git.run(['rev-parse', '--verify', '--quiet', `${tracking}^{commit}`])).trim();
    const current = await this.head();
    if (current === next) return;
    // Who added a file is a nicety: a log that fails never holds the checkout back.
    if (current) await this.learnAuthors(current, next).catch(() => undefined);
    await this.git.run(['checkout', '--quiet', '--force', '--detach', next]);
    if (current)
      this.options.logger.info({ remote: this.remote.display, commit: next.slice(0, 12) }, 'git checkout updated');
  }

  private async defaultBranch(): Promise<string> {
    const listed = await this.git.run(['ls-remote', '--symref', 'origin', 'HEAD']);
    const branch = /^ref: refs\/heads\/(\S+)\s+HEAD$/m.exec(listed)?.[1];
    if (!branch) throw new Error('the remote names no default branch; set CORPUS_GIT_BRANCH');
    return branch;
  }

  private async head(): Promise<string | undefined> {
    if (!existsSync(path.join(this.dir, '.git'))) return undefined;
    const head = await this.git.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch(() => '');
    return head.trim() || undefined;
  }

  /** The author of the commit that added each file between two commits (renames are not additions). */
  private async learnAuthors(from: string, to: string): Promise<void> {
    const log = await this.git.run([
      '-c',
      'core.quotePath=false',
      'log',
      '-M',
      '--diff-filter=A',
      '--name-only',
      '--format=%x01%an',
      `${from}..${to}`,
      '--',
      ...(this.include ?? ['.']),
    ]);
    // Newest first: the oldest commit that added a file is the one that wins.
    for (const block of log.split('\u0001')) {
      const [author, ...paths] = block.split('\n');
      if (!author) continue;
      for (const file of paths) if (file) this.authors.set(file, author.trim());
    }
    for (const key of this.authors.keys()) {
      if (this.authors.size <= MAX_AUTHORS) break;
      this.authors.delete(key);
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
