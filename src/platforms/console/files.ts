import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Attachment } from '../../reply.ts';

/**
 * The console shows no pictures: a reply's files are written under `dir` (DATA_DIR/files),
 * each under a new name that starts with the time, and the lines to print say where.
 */
export async function saveAttachments(
  dir: string,
  attachments: readonly Attachment[],
  now = new Date(),
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
  return lines;
}
