import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Attachment } from '../../reply.ts';

/** What the console keeps of the files it saved: the newest few, none older than a day. */
export interface KeptFiles {
  readonly newest: number;
  readonly maxAgeMs: number;
}

export const KEPT_FILES: KeptFiles = { newest: 50, maxAgeMs: 24 * 60 * 60 * 1000 };

/** The names saveAttachments gives: the time (`:` and `.` as `-`), the file's number, its name. */
const SAVED_NAME = /^(\d{4}-\d\d-\d\dT\d\d)-(\d\d)-(\d\d)-(\d{3})Z-\d+-/;

/**
 * The console shows no pictures: a reply's files are written under `dir` (DATA_DIR/files),
 * each under a new name that starts with the time, and the lines to print say where. Older
 * saved files are pruned (see pruneSavedFiles), so the folder does not grow without end.
 */
export async function saveAttachments(
  dir: string,
  attachments: readonly Attachment[],
  now = new Date(),
  kept: KeptFiles = KEPT_FILES,
): Promise<string[]> {
  if (!attachments.length) return [];
  await mkdir(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const lines: string[] = [];
  for (const [index, attachment] of attachments.entries()) {
    const safeName = attachment.name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'file';
    const file = path.resolve(dir, `${stamp}-${index + 1}-${safeName}`);
    await writeFile(file, attachment.data, { flag: 'wx' });
    lines.push(`Saved ${attachment.description.replace(/[\u0000-\u001f\u007f-\u009f]/g, '')}: ${file}`);
  }
  await pruneSavedFiles(dir, now, kept);
  return lines;
}

/**
 * Removes saved files beyond the newest `kept.newest` and any older than `kept.maxAgeMs`. Only
 * names saveAttachments gives are touched: anything else an operator put in the folder stays.
 * Returns how many were removed.
 */
export async function pruneSavedFiles(dir: string, now: Date, kept: KeptFiles = KEPT_FILES): Promise<number> {
  const saved = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => ({ name: entry.name, at: savedAt(entry.name) }))
    .filter((file): file is { name: string; at: number } => file.at !== undefined)
    // Newest first; names of one moment by name, so the order is the same every time.
    .sort((a, b) => b.at - a.at || b.name.localeCompare(a.name));
  const oldest = now.getTime() - kept.maxAgeMs;
  const doomed = saved.filter((file, index) => index >= kept.newest || file.at < oldest);
  for (const file of doomed) await rm(path.join(dir, file.name), { force: true });
  return doomed.length;
}

function savedAt(name: string): number | undefined {
  const match = SAVED_NAME.exec(name);
  if (!match) return undefined;
  const at = Date.parse(`${match[1]}:${match[2]}:${match[3]}.${match[4]}Z`);
  return Number.isNaN(at) ? undefined : at;
}
