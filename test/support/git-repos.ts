/**
 * Real git repositories for the git-source tests: a bare repository (the remote) and a work
 * repository that commits and pushes to it, both in temp folders, driven by the system git with
 * nothing of the machine's or user's git config.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function gitEnv(author: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: '/nonexistent',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: author,
    GIT_AUTHOR_EMAIL: 'author@example.org',
    GIT_COMMITTER_NAME: author,
    GIT_COMMITTER_EMAIL: 'author@example.org',
  };
}

export async function git(cwd: string, args: string[], author = 'Test Author'): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: gitEnv(author), maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** A bare repository `site.git` under `root` with a work clone beside it; main is the default branch. */
export class SiteRepository {
  readonly root: string;
  readonly bare: string;
  readonly work: string;

  private constructor(root: string) {
    this.root = root;
    this.bare = path.join(root, 'remote', 'site.git');
    this.work = path.join(root, 'work');
  }

  static async create(): Promise<SiteRepository> {
    const repo = new SiteRepository(mkdtempSync(path.join(os.tmpdir(), 'paperbot-git-')));
    mkdirSync(repo.bare, { recursive: true });
    mkdirSync(repo.work, { recursive: true });
    await git(repo.bare, ['init', '--quiet', '--bare', '--initial-branch=main']);
    await git(repo.work, ['init', '--quiet', '--initial-branch=main']);
    await git(repo.work, ['remote', 'add', 'origin', repo.bare]);
    return repo;
  }

  write(relative: string, text: string): void {
    const file = path.join(this.work, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }

  move(from: string, to: string): void {
    mkdirSync(path.dirname(path.join(this.work, to)), { recursive: true });
    renameSync(path.join(this.work, from), path.join(this.work, to));
  }

  /** Commits everything in the work tree as `author` and pushes main (forced when asked). */
  async commitAndPush(message: string, author = 'Test Author', force = false): Promise<string> {
    await git(this.work, ['add', '-A']);
    await git(this.work, ['commit', '--quiet', '--allow-empty', '-m', message], author);
    await git(this.work, ['push', '--quiet', ...(force ? ['--force'] : []), 'origin', 'main']);
    return (await git(this.work, ['rev-parse', 'HEAD'])).trim();
  }

  /** Rewrites the whole history into one new commit of the current tree and force-pushes it. */
  async rewriteHistory(author = 'Rewriter'): Promise<void> {
    await git(this.work, ['checkout', '--quiet', '--orphan', 'rewritten']);
    await git(this.work, ['add', '-A']);
    await git(this.work, ['commit', '--quiet', '-m', 'history rewritten'], author);
    await git(this.work, ['push', '--quiet', '--force', 'origin', 'rewritten:main']);
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
