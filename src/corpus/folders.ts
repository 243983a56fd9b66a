import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from './problem.ts';
import type { CorpusSource } from './source.ts';
import { walkCorpus, type WalkResult } from './walk.ts';

/**
 * One folder the corpus reads and watches: the corpus folder itself, or one included sub-folder
 * of a source's folder. Corpus paths of its files start with `prefix` (empty for the corpus folder,
 * `git:_posts/` for a git source's `_posts`), so every file has one name across all folders.
 */
export interface CorpusRoot {
  /** Absolute folder; nothing outside it is read for its files (links leaving it are refused). */
  readonly dir: string;
  readonly prefix: string;
  /** The source it belongs to, and the root's place inside the source's folder (`_posts/`). */
  readonly source?: CorpusSource;
  readonly sourcePrefix?: string;
}

/** A folder the watcher follows, and how a path inside it becomes a corpus path (undefined: not part of the corpus). */
export interface WatchedFolder {
  readonly dir: string;
  corpusPath(relative: string): string | undefined;
}

/** Where a corpus path lies: its root, and the path inside that root. */
export interface Located {
  readonly root: CorpusRoot;
  readonly relative: string;
}

/**
 * The folders that make one corpus: the corpus folder (unprefixed paths, as a lone folder has
 * always had) and each source's folder, its paths prefixed by the source's name, limited to the
 * source's `include` sub-folders.
 */
export class CorpusFolders {
  readonly roots: readonly CorpusRoot[];

  /**
   * `main` is left out of the roots when `mainOptional` and it does not exist: a corpus fed by
   * a source alone needs no folder of its own.
   */
  constructor(
    readonly main: string,
    readonly sources: readonly CorpusSource[] = [],
    options: { readonly mainPresent?: boolean } = {},
  ) {
    const roots: CorpusRoot[] = [];
    if (options.mainPresent !== false) roots.push({ dir: path.resolve(main), prefix: '' });
    for (const source of sources) {
      const includes = source.include?.length ? source.include : [''];
      for (const include of includes) {
        const inside = include ? `${include}/` : '';
        roots.push({
          dir: path.resolve(source.dir, include),
          prefix: `${source.name}:${inside}`,
          source,
          sourcePrefix: inside,
        });
      }
    }
    this.roots = roots;
  }

  static of(root: string | CorpusFolders): CorpusFolders {
    return typeof root === 'string' ? new CorpusFolders(root) : root;
  }

  /** The root a corpus path belongs to (the longest prefix that matches); undefined for none. */
  locate(corpusPath: string): Located | undefined {
    let best: CorpusRoot | undefined;
    for (const root of this.roots) {
      if (corpusPath.startsWith(root.prefix) && (!best || root.prefix.length > best.prefix.length)) best = root;
    }
    return best ? { root: best, relative: corpusPath.slice(best.prefix.length) } : undefined;
  }

  /** The file on disk for a corpus path; a path of no root resolves under the corpus folder, where it is not found. */
  absolute(corpusPath: string): string {
    const located = this.locate(corpusPath);
    return located ? path.join(located.root.dir, located.relative) : path.join(this.main, corpusPath);
  }

  /**
   * The folders to watch: the corpus folder, and each source's whole folder with its paths
   * filtered to its included sub-folders, so a sub-folder that appears later is followed too.
   */
  watched(): WatchedFolder[] {
    const folders: WatchedFolder[] = this.roots
      .filter((root) => !root.source)
      .map((root) => ({ dir: root.dir, corpusPath: (relative: string) => relative }));
    for (const source of this.sources) {
      const includes = source.include?.length ? source.include.map((include) => `${include}/`) : undefined;
      folders.push({
        dir: path.resolve(source.dir),
        corpusPath: (relative) =>
          !includes || includes.some((include) => relative.startsWith(include))
            ? `${source.name}:${relative}`
            : undefined,
      });
    }
    return folders;
  }

  /** Who added the file's entry, where its source knows. */
  addedBy(corpusPath: string): string | undefined {
    const located = this.locate(corpusPath);
    const source = located?.root.source;
    return source?.addedBy?.(`${located?.root.sourcePrefix ?? ''}${located?.relative ?? ''}`);
  }

  /** Every root walked; files and problems named by their corpus paths. */
  async walk(): Promise<WalkResult> {
    const files: string[] = [];
    const problems: Problem[] = [];
    for (const root of this.roots) {
      if (root.source && !existsSync(root.dir)) {
        // The repository may add the folder later; the watcher follows it then.
        problems.push({
          path: root.prefix,
          reason: 'no such folder in the source; nothing read from it',
          severity: 'warning',
        });
        continue;
      }
      const walked = await walkCorpus(root.dir);
      files.push(...walked.files.map((file) => root.prefix + file));
      problems.push(
        ...walked.problems.map((problem) => ({
          ...problem,
          path: root.prefix ? root.prefix + (problem.path === '.' ? '' : problem.path) : problem.path,
        })),
      );
    }
    return { files, problems };
  }

  /** What names these folders in a snapshot's fingerprint: the corpus folder alone reads as it always has. */
  identity(): string {
    const main = path.resolve(this.main);
    if (!this.sources.length) return main;
    return [main, ...this.roots.filter((root) => root.prefix).map((root) => `${root.prefix}=${root.dir}`)].join('|');
  }
}
