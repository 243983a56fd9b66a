import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Problem } from './problem.ts';
import { isCandidatePath } from './parse-file.ts';

export interface WalkResult {
  /** Candidate entry files, relative to the root, forward slashes, sorted. */
  readonly files: string[];
  readonly problems: Problem[];
}

/** Lists candidate files under root, following directory links once each so a link loop ends. */
export async function walkCorpus(root: string): Promise<WalkResult> {
  const files: string[] = [];
  const problems: Problem[] = [];
  const seenDirectories = new Set<string>();

  const visit = async (relativeDir: string): Promise<void> => {
    const absolute = path.join(root, relativeDir);
    let real: string;
    try {
      real = await fs.realpath(absolute);
    } catch (error) {
      problems.push({ path: relativeDir || '.', reason: `cannot read folder: ${describeFsError(error)}`, severity: 'error' });
      return;
    }
    if (seenDirectories.has(real)) {
      problems.push({ path: relativeDir, reason: 'folder link loops back to a folder already read; skipped', severity: 'warning' });
      return;
    }
    seenDirectories.add(real);
    let children;
    try {
      children = await fs.readdir(absolute, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: relativeDir || '.', reason: `cannot read folder: ${describeFsError(error)}`, severity: 'error' });
      return;
    }
    for (const child of children.sort((a, b) => a.name.localeCompare(b.name))) {
      if (child.name.startsWith('.')) continue;
      const relative = relativeDir ? `${relativeDir}/${child.name}` : child.name;
      let isDirectory = child.isDirectory();
      if (child.isSymbolicLink()) {
        try {
          isDirectory = (await fs.stat(path.join(root, relative))).isDirectory();
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

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of links';
    case 'EISDIR': return 'is a folder';
    default: return error instanceof Error ? error.message : String(error);
  }
}
