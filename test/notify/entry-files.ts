/**
 * Corpus files and folders for the notification tests: entries written as the front-matter
 * format the corpus ships, temp folders removed afterwards, and polling without timed assertions.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface EntrySpec {
  readonly title: string;
  /** Gives the entry its key; two files with one DOI are one entry. */
  readonly doi: string;
  readonly abstract?: string;
  readonly authors?: string;
  readonly year?: number;
  readonly kind?: 'paper' | 'dataset';
}

export function entryFile(spec: EntrySpec): string {
  const lines = [
    '---',
    'layout: entry',
    `title: ${JSON.stringify(spec.title)}`,
    `link: "https://doi.org/${spec.doi}"`,
    'author:',
    `- ${spec.authors ?? 'Zhao, Robert Chunhua; Leng, Zikuan'}`,
  ];
  if (spec.year) lines.push(`year: ${spec.year}`);
  if (spec.kind) lines.push(`kind: ${spec.kind}`);
  lines.push('original:', `- ${JSON.stringify(spec.abstract ?? `An abstract about ${spec.title}.`)}`, '---', '');
  return lines.join('\n');
}

export class TempFolders {
  private readonly made: string[] = [];

  make(prefix = 'paperbot-notify-'): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    this.made.push(dir);
    return dir;
  }

  cleanup(): void {
    for (const dir of this.made.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Polls until `check` returns a value (not undefined/false); fails with `what` after a generous while. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Writes `text` in three pieces `pauseMs` apart, as a slow copy or an editor saving in parts would. */
export async function writeInThreeChunks(file: string, text: string, pauseMs = 300): Promise<void> {
  const third = Math.ceil(text.length / 3);
  writeFileSync(file, text.slice(0, third));
  await sleep(pauseMs);
  appendFileSync(file, text.slice(third, 2 * third));
  await sleep(pauseMs);
  appendFileSync(file, text.slice(2 * third));
}
