import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RealRecord } from '../data/europepmc.ts';
import { Random } from '../corpus/random.ts';

const FILES_PER_FOLDER = 1_000;

/**
 * `count` small front-matter entries (a title, three authors, a year, a two-sentence abstract),
 * words drawn from the real records' titles so the index has a realistic vocabulary.
 */
export function writeSmallCorpus(dir: string, count: number, records: readonly RealRecord[], seed: number): void {
  const random = new Random(seed);
  const words = [...new Set(records.flatMap((record) => record.title.toLowerCase().match(/[a-z]{4,}/g) ?? []))];
  const surnames = [
    ...new Set(records.flatMap((record) => record.authors.map((author) => author.split(' ')[0] ?? '')).filter(Boolean)),
  ];
  const pick = (list: readonly string[]): string => list[random.int(0, list.length - 1)] ?? 'entry';
  const phrase = (length: number): string => Array.from({ length }, () => pick(words)).join(' ');
  for (let folder = 0; folder * FILES_PER_FOLDER < count; folder++) {
    const folderPath = path.join(dir, `f${String(folder).padStart(3, '0')}`);
    mkdirSync(folderPath, { recursive: true });
    for (let i = folder * FILES_PER_FOLDER; i < Math.min(count, (folder + 1) * FILES_PER_FOLDER); i++) {
      const title = `${phrase(random.int(5, 10))} ${i}`;
      const text = [
        '---',
        `title: ${JSON.stringify(title.charAt(0).toUpperCase() + title.slice(1))}`,
        `doi: "10.5555/startup.${i}"`,
        'author:',
        `- ${JSON.stringify([pick(surnames), pick(surnames), pick(surnames)].join('; '))}`,
        `year: ${random.int(1995, 2025)}`,
        'original:',
        `- ${JSON.stringify(`${phrase(random.int(12, 20))}. ${phrase(random.int(12, 20))}.`)}`,
        '---',
        '',
      ].join('\n');
      writeFileSync(path.join(folderPath, `${String(i).padStart(6, '0')}.md`), text);
    }
  }
}
