// The index snapshot: a restart answers from it, re-reads only what changed, and never trusts
// a snapshot that is corrupt, truncated or written for other code or settings.
import { readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { silentLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { openCorpus, type OpenedCorpus } from '../../src/search/open-corpus.ts';
import { FINGERPRINT_FILE, SNAPSHOT_FILE } from '../../src/search/snapshot.ts';
import { TempDirs, frontMatterEntry } from '../support/corpus-files.ts';
import { COMMANDS } from '../../commands/index.ts';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

const LIMIT = 5 * 1024 * 1024;

const files = {
  'ferrets.md': frontMatterEntry({
    title: 'Ferret transmission of avian influenza',
    doi: '10.1000/ferret.1',
    authors: 'Okafor, Ada',
    abstract: 'Ferrets passed the virus by air.',
    year: 2019,
  }),
  'sepsis.md': frontMatterEntry({
    title: 'Exosomes in murine sepsis',
    doi: '10.1000/sepsis.2',
    authors: 'Ng, Wei',
    abstract: 'Exosomes lowered mortality.',
    year: 2022,
  }),
  'deep/zebrafish.md': frontMatterEntry({
    title: 'Zebrafish fin regeneration atlas',
    doi: '10.1000/fin.3',
    authors: 'Lind, Eva',
    abstract: 'A single-cell atlas of fin regrowth.',
    year: 2021,
  }),
};

async function open(
  root: string,
  dataDir: string,
  maxFileBytes = LIMIT,
): Promise<OpenedCorpus & { titles: (query: string) => Promise<string[]> }> {
  const opened = await openCorpus({ corpusDir: root, maxFileBytes, dataDir });
  await opened.snapshotSaved;
  const bot = new Bot({ commands: COMMANDS, corpus: opened.corpus, search: opened.search, logger: silentLogger() });
  const titles = async (query: string): Promise<string[]> =>
    (await bot.runLine(`/paper ${query}`, CONSOLE_CALLER)).cards.map((card) => card.title);
  return { ...opened, titles };
}

async function setUp(): Promise<{ root: string; dataDir: string }> {
  const root = await dirs.make(files);
  const dataDir = path.join(await dirs.make(), 'data');
  const first = await open(root, dataDir);
  expect(first.origin).toBe('built');
  return { root, dataDir };
}

describe('restarting from the index snapshot', () => {
  it('answers from the snapshot without parsing a file, the same as after a full build', async () => {
    const { root, dataDir } = await setUp();
    const again = await open(root, dataDir);
    expect(again.origin).toBe('snapshot');
    expect(again.parsedFiles).toBe(0);
    expect(again.reusedFiles).toBe(3);
    expect(await again.titles('zebrafish regeneration')).toEqual(['Zebrafish fin regeneration atlas']);
    expect(await again.titles('author:Ng')).toEqual(['Exosomes in murine sepsis']);
    expect(await again.titles('"passed the virus"')).toEqual(['Ferret transmission of avian influenza']);
  });

  it('re-reads only a file changed while stopped, and shows its new text, not the old', async () => {
    const { root, dataDir } = await setUp();
    await writeFile(
      path.join(root, 'sepsis.md'),
      frontMatterEntry({
        title: 'Exosomes in porcine endotoxaemia',
        doi: '10.1000/sepsis.2',
        authors: 'Ng, Wei',
        abstract: 'Pigs this time.',
      }),
    );
    const again = await open(root, dataDir);
    expect(again.origin).toBe('snapshot');
    expect(again.parsedFiles).toBe(1);
    expect(await again.titles('porcine')).toEqual(['Exosomes in porcine endotoxaemia']);
    expect(await again.titles('murine')).toEqual([]);
  });

  it('finds files added while stopped and forgets files removed', async () => {
    const { root, dataDir } = await setUp();
    await writeFile(
      path.join(root, 'new.md'),
      frontMatterEntry({ title: 'Axolotl limb blastema', doi: '10.1000/axolotl.4' }),
    );
    await rm(path.join(root, 'ferrets.md'));
    const again = await open(root, dataDir);
    expect(again.origin).toBe('snapshot');
    expect(await again.titles('axolotl')).toEqual(['Axolotl limb blastema']);
    expect(await again.titles('ferret')).toEqual([]);
    expect(await again.search.count()).toBe(3);
  });

  it('rebuilds from the files when a byte of the snapshot is flipped, then writes a good one', async () => {
    const { root, dataDir } = await setUp();
    const file = path.join(dataDir, SNAPSHOT_FILE);
    const bytes = await readFile(file);
    const at = bytes.length - 40;
    bytes[at] = (bytes[at] as number) ^ 0xff;
    await writeFile(file, bytes);
    const rebuilt = await open(root, dataDir);
    expect(rebuilt.origin).toBe('built');
    expect(rebuilt.snapshotProblem).toMatch(/checksum/);
    expect(await rebuilt.titles('zebrafish')).toEqual(['Zebrafish fin regeneration atlas']);
    expect((await open(root, dataDir)).origin).toBe('snapshot');
  });

  it('rebuilds when the snapshot is truncated or is not a snapshot at all', async () => {
    const { root, dataDir } = await setUp();
    const file = path.join(dataDir, SNAPSHOT_FILE);
    const whole = await readFile(file);
    await writeFile(file, whole.subarray(0, whole.length - 100));
    const truncated = await open(root, dataDir);
    expect(truncated.origin).toBe('built');
    expect(truncated.snapshotProblem).toMatch(/truncated/);

    await writeFile(file, 'hello, I am not an index');
    const garbage = await open(root, dataDir);
    expect(garbage.origin).toBe('built');
    expect(garbage.snapshotProblem).toMatch(/not a paperbot snapshot/);
    expect(await garbage.titles('ferret')).toEqual(['Ferret transmission of avian influenza']);
  });

  it('rebuilds when the snapshot was written by other parser or index code, or for another size limit', async () => {
    const { root, dataDir } = await setUp();
    const sidecar = path.join(dataDir, FINGERPRINT_FILE);
    const summary = JSON.parse(await readFile(sidecar, 'utf8')) as { fingerprint: { code: string } };
    await writeFile(
      sidecar,
      JSON.stringify({ ...summary, fingerprint: { ...summary.fingerprint, code: 'older-code' } }),
    );
    const afterUpgrade = await open(root, dataDir);
    expect(afterUpgrade.origin).toBe('built');
    expect(afterUpgrade.snapshotProblem).toMatch(/code changed/);

    const otherLimit = await open(root, dataDir, 1024);
    expect(otherLimit.origin).toBe('built');
    expect(otherLimit.snapshotProblem).toMatch(/size limit/);
  });

  it('clears away an old half-written snapshot a crashed process left behind', async () => {
    const { root, dataDir } = await setUp();
    const leftover = path.join(dataDir, `${SNAPSHOT_FILE}.99999.tmp`);
    await writeFile(leftover, 'half a snapshot');
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    await utimes(leftover, anHourAgo, anHourAgo);
    await writeFile(
      path.join(root, 'new.md'),
      frontMatterEntry({ title: 'Tardigrade desiccation', doi: '10.1000/tardigrade.5' }),
    );
    await open(root, dataDir);
    expect((await readdir(dataDir)).sort()).toEqual([SNAPSHOT_FILE, FINGERPRINT_FILE].sort());
  });

  it('writes a consistent snapshot while entries are being added, and reads the additions next time', async () => {
    const root = await dirs.make(files);
    const dataDir = path.join(await dirs.make(), 'data');
    const opened = await openCorpus({ corpusDir: root, maxFileBytes: LIMIT, dataDir });
    for (let i = 0; i < 5; i++) {
      await writeFile(
        path.join(root, `late-${i}.md`),
        frontMatterEntry({ title: `Late arrival ${i} on lemur sleep`, doi: `10.1000/late.${i}` }),
      );
      const change = await opened.corpus.refreshFile(`late-${i}.md`);
      await opened.search.upsert(change.added);
    }
    await opened.snapshotSaved;
    const again = await open(root, dataDir);
    expect(again.origin).toBe('snapshot');
    expect((await again.titles('lemur')).length).toBe(5);
    expect(await again.search.count()).toBe(8);
  });
});
