import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import type { Problem } from './problem.ts';
import { isCandidatePath } from './parse-file.ts';
import { isInside } from './inside.ts';

export interface WalkResult {
  /** Candidate entry files, relative to the root, forward slashes, sorted. */
  readonly files: string[];
  readonly problems: Problem[];
}

/**
 * Lists candidate files under root, following directory links once each so a link loop ends.
 * A link (to a file or a folder) is followed only when its target, after every hop, is inside
 * root: anything else is a problem and is never read.
 */
export async function walkCorpus(root: string): Promise<WalkResult> {
  const files: string[] = [];
  const problems: Problem[] = [];
  const seenDirectories = new Set<string>();
  let realRoot = '';

  const visit = async (relativeDir: string): Promise<void> => {
    const absolute = path.join(root, relativeDir);
    let real: string;
    try {
      real = await fs.realpath(absolute);
    } catch (error) {
      problems.push({
        path: relativeDir || '.',
        reason: `cannot read folder: ${describeFsError(error)}`,
        severity: 'error',
      });
      return;
    }
    realRoot ||= real;
    if (seenDirectories.has(real)) {
      problems.push({
        path: relativeDir,
        reason: 'folder link loops back to a folder already read; skipped',
        severity: 'warning',
      });
      return;
    }
    seenDirectories.add(real);
    let children: Dirent[];
    try {
      children = await fs.readdir(absolute, { withFileTypes: true });
    } catch (error) {
      problems.push({
        path: relativeDir || '.',
        reason: `cannot read folder: ${describeFsError(error)}`,
        severity: 'error',
      });
      return;
    }
    for (const child of children.sort((a, b) => a.name.localeCompare(b.name))) {
      if (child.name.startsWith('.')) continue;
      const relative = relativeDir ? `${relativeDir}/${child.name}` : child.name;
      let isDirectory = child.isDirectory();
      if (child.isSymbolicLink()) {
        try {
          const target = await fs.realpath(path.join(root, relative));
          if (!isInside(realRoot, target)) {
            problems.push(outsideLinkProblem(relative, target));
            continue;
          }
          isDirectory = (await fs.stat(target)).isDirectory();
        } catch (error) {
          problems.push({ path: relative, reason: `broken link: ${describeFsError(error)}`, severity: 'warning' });
          continue;
        }
      }
      if (isDirectory) await visit(relative);
      else if (isCandidatePath(relative)) files.push(relative);
    }
  };

  await visit('');
  return { files, problems };
}

/** Named in `check` and the log, with where the link leads, so the operator can tell what was refused. */
export function outsideLinkProblem(relativePath: string, target: string): Problem {
  return {
    path: relativePath,
    reason: `link leads outside the corpus folder (to ${target}); not read`,
    severity: 'error',
  };
}

/**
 * Where a corpus path really leads when that is outside the corpus folder (every link hop
 * resolved, in the file name or in any folder above it); undefined when it stays inside.
 */
export async function targetOutside(root: string, relativePath: string): Promise<string | undefined> {
  const [realRoot, real] = await Promise.all([fs.realpath(root), fs.realpath(path.join(root, relativePath))]);
  return isInside(realRoot, real) ? undefined : real;
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of links';
    case 'EISDIR':
      return 'is a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
