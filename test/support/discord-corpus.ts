/** Temporary corpus folders of front-matter entries, for tests that need entries the seeds lack. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestEntry {
  readonly title: string;
  readonly abstract: string;
  readonly doi: string;
  readonly author?: string;
}

export async function writeTempCorpus(entries: readonly TestEntry[]): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'paperbot-discord-'));
  await Promise.all(
    entries.map((entry, index) =>
      fs.writeFile(
        path.join(dir, `entry-${index}.md`),
        [
          '---',
          `title: ${JSON.stringify(entry.title)}`,
          `link: "https://doi.org/${entry.doi}"`,
          'author:',
          `- ${JSON.stringify(entry.author ?? 'Doe, Jane')}`,
          'original:',
          `- ${JSON.stringify(entry.abstract)}`,
          '---',
          '',
        ].join('\n'),
      ),
    ),
  );
  return dir;
}

export async function removeTempCorpus(dir: string | undefined): Promise<void> {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}
