import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Corpus, type CorpusChange } from '../../src/corpus/corpus.ts';
import { CorpusWatcher } from '../../src/corpus/watcher.ts';
import { Bot } from '../../src/bot.ts';
import { createLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { entryFile, eventually, sleep, TempFolders, writeInThreeChunks } from './entry-files.ts';
import { COMMANDS } from '../../commands/index.ts';

const folders = new TempFolders();
const watchers: CorpusWatcher[] = [];

afterEach(async () => {
  for (const watcher of watchers.splice(0)) await watcher.close();
  folders.cleanup();
});

interface Running {
  readonly root: string;
  readonly bot: Bot;
  readonly watcher: CorpusWatcher;
  readonly changes: { change: CorpusChange; file: string }[];
  readonly logs: () => string;
  titlesFor(query: string): Promise<string[]>;
}

async function watchedCorpus(files: Record<string, string> = {}): Promise<Running> {
  const root = folders.make();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  const logStream = new PassThrough();
  let logText = '';
  logStream.on('data', (chunk: Buffer) => (logText += chunk.toString()));
  const logger = createLogger({ level: 'info', destination: logStream });
  const corpus = await Corpus.load(root);
  const bot = new Bot({ commands: COMMANDS, corpus, logger });
  const changes: { change: CorpusChange; file: string }[] = [];
  const watcher = new CorpusWatcher(
    corpus,
    (change, file) => {
      bot.applyCorpusChange(change);
      changes.push({ change, file });
    },
    logger,
    { stabilityMs: 1_000, pollMs: 100 },
  );
  watchers.push(watcher);
  await watcher.start();
  return {
    root,
    bot,
    watcher,
    changes,
    logs: () => logText,
    titlesFor: async (query) => (await bot.runLine(`/paper ${query}`, CONSOLE_CALLER)).cards.map((card) => card.title),
  };
}

const stemCells = {
  title: 'Umbilical mesenchymal stromal cells for ARDS',
  doi: '10.5555/ards.2021.1',
  abstract: 'Quokkaplasty of stromal cells in ARDS.',
};

describe('CorpusWatcher: the index follows the folder without a restart', () => {
  it('finds an added file, then its edit, then forgets it once removed', async () => {
    const run = await watchedCorpus();
    writeFileSync(path.join(run.root, 'ards.md'), entryFile(stemCells));
    await eventually('the added entry to be searchable', async () =>
      (await run.titlesFor('quokkaplasty')).includes(stemCells.title),
    );

    writeFileSync(
      path.join(run.root, 'ards.md'),
      entryFile({ ...stemCells, abstract: 'Wombatology of stromal cells in ARDS.' }),
    );
    await eventually('the edit to be searchable', async () =>
      (await run.titlesFor('wombatology')).includes(stemCells.title),
    );
    expect(await run.titlesFor('quokkaplasty')).toEqual([]);

    rmSync(path.join(run.root, 'ards.md'));
    await eventually(
      'the removed entry to leave the index',
      async () => (await run.titlesFor('wombatology')).length === 0,
    );
    expect(await run.bot.search.count()).toBe(0);
  });

  it('keeps a renamed file as the same entry (removed, then added under the same key)', async () => {
    const run = await watchedCorpus({ 'old-name.md': entryFile(stemCells) });
    renameSync(path.join(run.root, 'old-name.md'), path.join(run.root, 'new-name.md'));
    await eventually(
      'the entry to come from its new path',
      async () => (await run.bot.search.find({ keys: ['doi:10.5555/ards.2021.1'] }))?.source.path === 'new-name.md',
    );
    expect(await run.titlesFor('quokkaplasty')).toEqual([stemCells.title]);
    const keys = run.changes.flatMap(({ change }) =>
      [...change.added, ...change.updated, ...change.removed].map((entry) => entry.key),
    );
    expect(new Set(keys)).toEqual(new Set(['doi:10.5555/ards.2021.1']));
  });

  it('keeps the last good entry when a file turns malformed, and logs the problem', async () => {
    const run = await watchedCorpus({ 'ards.md': entryFile(stemCells) });
    writeFileSync(path.join(run.root, 'ards.md'), '---\ntitle: [unclosed\n---\n');
    await eventually('the problem to be logged', () => run.logs().includes('ards.md'));
    expect(run.logs()).toMatch(/last good entry is kept/);
    expect(await run.titlesFor('quokkaplasty')).toEqual([stemCells.title]);
  });

  it('reads a file written in three pieces 300 ms apart once, whole', async () => {
    const run = await watchedCorpus();
    const text = entryFile({ ...stemCells, abstract: 'First part. Second part. Platypodes in the third part.' });
    const file = path.join(run.root, 'slow.md');
    await writeInThreeChunks(file, text);
    await eventually('the slow file to be searchable', async () =>
      (await run.titlesFor('platypodes')).includes(stemCells.title),
    );
    await run.watcher.settled();
    expect(run.changes.map(({ file: changed }) => changed)).toEqual(['slow.md']);
    expect(run.changes[0]?.change.added.map((entry) => entry.abstract)).toEqual([
      'First part. Second part. Platypodes in the third part.',
    ]);
  });

  it('follows nested folders, and removing a folder removes its entries', async () => {
    const run = await watchedCorpus();
    mkdirSync(path.join(run.root, '2021', 'ards'), { recursive: true });
    writeFileSync(path.join(run.root, '2021', 'ards', 'entry.md'), entryFile(stemCells));
    await eventually(
      'the nested entry to be searchable',
      async () => (await run.titlesFor('quokkaplasty')).length === 1,
    );
    expect((await run.bot.search.find({ keys: ['doi:10.5555/ards.2021.1'] }))?.source.path).toBe('2021/ards/entry.md');
    rmSync(path.join(run.root, '2021'), { recursive: true });
    await eventually("the folder's entry to leave the index", async () => (await run.bot.search.count()) === 0);
  });

  it('passes over dotfiles, dot-folders and files that cannot be entries', async () => {
    const run = await watchedCorpus();
    mkdirSync(path.join(run.root, '.git'));
    writeFileSync(path.join(run.root, '.git', 'entry.md'), entryFile({ ...stemCells, doi: '10.5555/hidden.1' }));
    writeFileSync(path.join(run.root, '.draft.md'), entryFile({ ...stemCells, doi: '10.5555/hidden.2' }));
    writeFileSync(path.join(run.root, 'README.md'), entryFile({ ...stemCells, doi: '10.5555/hidden.3' }));
    writeFileSync(path.join(run.root, 'scan.pdf'), entryFile({ ...stemCells, doi: '10.5555/hidden.4' }));
    writeFileSync(path.join(run.root, 'real.md'), entryFile(stemCells));
    await eventually('the real entry to be searchable', async () => (await run.bot.search.count()) > 0);
    await sleep(1_500);
    await run.watcher.settled();
    expect(run.changes.map(({ file }) => file)).toEqual(['real.md']);
    expect(run.bot.corpus.entries().map((entry) => entry.key)).toEqual(['doi:10.5555/ards.2021.1']);
    expect(await run.bot.search.count()).toBe(1);
  });

  it('catches up with files written after the load but before watching began', async () => {
    const root = folders.make();
    const corpus = await Corpus.load(root);
    const loadedAt = new Date();
    writeFileSync(path.join(root, 'early.md'), entryFile(stemCells));
    const bot = new Bot({ commands: COMMANDS, corpus, logger: createLogger({ level: 'silent' }) });
    const watcher = new CorpusWatcher(
      corpus,
      (change) => bot.applyCorpusChange(change),
      createLogger({ level: 'silent' }),
    );
    watchers.push(watcher);
    await watcher.start(loadedAt);
    expect((await bot.runLine('/paper quokkaplasty', CONSOLE_CALLER)).cards.map((card) => card.title)).toEqual([
      stemCells.title,
    ]);
  });
});
