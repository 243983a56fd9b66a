import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['src', 'commands'];
const DISCORD_FOLDER = path.join('src', 'platforms', 'discord') + path.sep;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const target = path.join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(target);
      return Promise.resolve(target.endsWith('.ts') ? [target] : []);
    }),
  );
  return nested.flat();
}

describe('the Discord boundary', () => {
  it('keeps every import of discord.js inside src/platforms/discord/', async () => {
    const files = (await Promise.all(ROOTS.map(sourceFiles))).flat();
    const offenders: string[] = [];
    for (const file of files) {
      const text = await fs.readFile(file, 'utf8');
      if (
        /from\s+['"](discord\.js|@discordjs\/[^'"]+|discord-api-types[^'"]*)['"]|import\(\s*['"]discord\.js['"]\s*\)/.test(
          text,
        ) &&
        !file.startsWith(DISCORD_FOLDER)
      )
        offenders.push(file);
    }
    expect(offenders).toEqual([]);
    expect(files.some((file) => file.startsWith(DISCORD_FOLDER))).toBe(true);
  });
});
