// Links in the corpus folder: a link whose target (after every hop) is outside CORPUS_DIR is never
// read, whether the walk, `check` or the watcher meets it, and it is named as a problem; links that
// stay inside keep working.
import { realpathSync } from 'node:fs';
import { rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { checkCorpus } from '../../src/cli/check.ts';
import { Corpus, DEFAULT_MAX_FILE_BYTES } from '../../src/corpus/corpus.ts';
import { formatProblem } from '../../src/corpus/problem.ts';
import { CorpusWatcher } from '../../src/corpus/watcher.ts';
import { createLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { TempDirs, frontMatterEntry } from '../support/corpus-files.ts';
import { eventually } from '../notify/entry-files.ts';
import { COMMANDS } from '../../commands/index.ts';

const dirs = new TempDirs();
const watchers: CorpusWatcher[] = [];
afterEach(async () => {
  for (const watcher of watchers.splice(0)) await watcher.close();
  await dirs.cleanup();
});

/** Files outside the corpus, each with a word found nowhere else, so a search shows whether it leaked. */
async function outsideFolder(): Promise<string> {
  return realpathSync(
    await dirs.make({
      'secret.md': frontMatterEntry({
        title: 'Outside secret',
        doi: '10.5555/outside.1',
        abstract: 'Zanzibarite lives outside the corpus.',
      }),
      'other.md': frontMatterEntry({
        title: 'Outside by several hops',
        doi: '10.5555/outside.2',
        abstract: 'Quillwortine lives outside too.',
      }),
      'folder/deep.md': frontMatterEntry({
        title: 'Outside folder entry',
        doi: '10.5555/outside.3',
        abstract: 'Marmalite lives in an outside folder.',
      }),
    }),
  );
}

/** A corpus whose hidden folders are not walked themselves, so a link to them is the only way in. */
async function corpusWithLinks(outside: string): Promise<string> {
  const root = await dirs.make({
    'plain.md': frontMatterEntry({ title: 'Plain entry', doi: '10.5555/inside.1', abstract: 'An ordinary entry.' }),
    '.kept/linked.md': frontMatterEntry({
      title: 'Reached through a file link',
      doi: '10.5555/inside.2',
      abstract: 'Pangolinite is inside.',
    }),
    '.shelf/shelved.md': frontMatterEntry({
      title: 'Reached through a folder link',
      doi: '10.5555/inside.3',
      abstract: 'Okapinite is inside.',
    }),
  });
  await symlink('.kept/linked.md', path.join(root, 'inside-link.md'));
  await symlink(path.join(root, '.shelf'), path.join(root, 'shelf'));
  await symlink(path.join(outside, 'secret.md'), path.join(root, 'absolute-secret.md'));
  await symlink(path.relative(root, path.join(outside, 'secret.md')), path.join(root, 'relative-secret.md'));
  await symlink(path.join(outside, 'folder'), path.join(root, 'outside-folder'));
  // First hop stays inside, the last one leaves.
  await symlink(path.join(outside, 'other.md'), path.join(root, '.kept', 'hop-two.md'));
  await symlink('.kept/hop-two.md', path.join(root, 'hop-one.md'));
  return root;
}

async function titlesFor(bot: Bot, query: string): Promise<string[]> {
  return (await bot.runLine(`/paper ${query}`, CONSOLE_CALLER)).cards.map((card) => card.title);
}

describe('links in the corpus folder', () => {
  it('never reads a link that leads outside, names each one as a problem, and keeps links that stay inside', async () => {
    const outside = await outsideFolder();
    const root = await corpusWithLinks(outside);
    const corpus = await Corpus.load(root);
    expect(
      corpus
        .entries()
        .map((entry) => entry.title)
        .sort(),
    ).toEqual(['Plain entry', 'Reached through a file link', 'Reached through a folder link']);
    expect(corpus.problems().map(formatProblem)).toEqual([
      `absolute-secret.md: link leads outside the corpus folder (to ${path.join(outside, 'secret.md')}); not read`,
      `hop-one.md: link leads outside the corpus folder (to ${path.join(outside, 'other.md')}); not read`,
      `outside-folder: link leads outside the corpus folder (to ${path.join(outside, 'folder')}); not read`,
      `relative-secret.md: link leads outside the corpus folder (to ${path.join(outside, 'secret.md')}); not read`,
    ]);
    const bot = new Bot({ commands: COMMANDS, corpus, logger: createLogger({ level: 'silent' }) });
    for (const word of ['zanzibarite', 'quillwortine', 'marmalite']) expect(await titlesFor(bot, word)).toEqual([]);
    expect(await titlesFor(bot, 'pangolinite')).toEqual(['Reached through a file link']);
    expect(await titlesFor(bot, 'okapinite')).toEqual(['Reached through a folder link']);
  });

  it('makes `paperbot check` fail naming the outside links', async () => {
    const outside = await outsideFolder();
    const root = await corpusWithLinks(outside);
    const outcome = await checkCorpus(root, DEFAULT_MAX_FILE_BYTES);
    expect(outcome.exitCode).toBe(1);
    const refused = outcome.lines.filter((line) => line.includes('link leads outside the corpus folder'));
    expect(refused.map((line) => line.split(':')[0])).toEqual([
      'absolute-secret.md',
      'hop-one.md',
      'outside-folder',
      'relative-secret.md',
    ]);
    expect(outcome.lines.at(-1)).toMatch(/^3 entries loaded/);
  });

  it('refuses an outside link the watcher sees appear, says so in the log, and still takes an inside one', async () => {
    const outside = await outsideFolder();
    const root = await dirs.make({
      'plain.md': frontMatterEntry({ title: 'Plain entry', doi: '10.5555/inside.1' }),
      '.kept/linked.md': frontMatterEntry({
        title: 'Reached through a file link',
        doi: '10.5555/inside.2',
        abstract: 'Pangolinite is inside.',
      }),
    });
    const logStream = new PassThrough();
    let logs = '';
    logStream.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const logger = createLogger({ level: 'info', destination: logStream });
    const corpus = await Corpus.load(root);
    const bot = new Bot({ commands: COMMANDS, corpus, logger });
    const watcher = new CorpusWatcher(corpus, (change) => bot.applyCorpusChange(change), logger, {
      stabilityMs: 200,
      pollMs: 50,
    });
    watchers.push(watcher);
    await watcher.start();

    await symlink(path.join(outside, 'secret.md'), path.join(root, 'late-secret.md'));
    await symlink(path.join(outside, 'folder'), path.join(root, 'late-folder'));
    await eventually('the outside link to be reported in the log', () =>
      logs.includes('late-secret.md: link leads outside the corpus folder'),
    );
    // Changes are applied in the order they settle: once this inside link is searchable, the outside ones were handled.
    await symlink('.kept/linked.md', path.join(root, 'late-inside.md'));
    await eventually('the inside link to be searchable', async () =>
      (await titlesFor(bot, 'pangolinite')).includes('Reached through a file link'),
    );
    await watcher.settled();

    expect(await titlesFor(bot, 'zanzibarite')).toEqual([]);
    expect(await titlesFor(bot, 'marmalite')).toEqual([]);
    expect(
      corpus
        .entries()
        .map((entry) => entry.source.path)
        .sort(),
    ).toEqual(['late-inside.md', 'plain.md']);
  });

  it('drops the entry of an inside link re-pointed outside when the watcher sees the change', async () => {
    const outside = await outsideFolder();
    const root = await dirs.make({
      '.kept/linked.md': frontMatterEntry({
        title: 'Reached through a file link',
        doi: '10.5555/inside.2',
        abstract: 'Pangolinite is inside.',
      }),
    });
    await symlink('.kept/linked.md', path.join(root, 'moving.md'));
    const corpus = await Corpus.load(root);
    expect(corpus.entries().map((entry) => entry.title)).toEqual(['Reached through a file link']);
    // What the watcher does with a path it saw change: read it again.
    await rm(path.join(root, 'moving.md'));
    await symlink(path.join(outside, 'secret.md'), path.join(root, 'moving.md'));
    const change = await corpus.refreshFile('moving.md');
    expect(change.removed.map((entry) => entry.title)).toEqual(['Reached through a file link']);
    expect(change.added).toEqual([]);
    expect(corpus.entries()).toEqual([]);
    expect(corpus.problems().map(formatProblem)).toEqual([
      `moving.md: link leads outside the corpus folder (to ${path.join(outside, 'secret.md')}); not read`,
    ]);
  });
});
