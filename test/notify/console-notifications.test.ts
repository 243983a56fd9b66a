import { afterEach, describe, expect, it } from 'vitest';
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { entryFile, eventually, TempFolders } from './entry-files.ts';
import { startConsoleApp, type ConsoleApp } from './console-app.ts';

const folders = new TempFolders();
const apps: ConsoleApp[] = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  folders.cleanup();
});

async function start(corpusDir: string, dataDir: string): Promise<ConsoleApp> {
  const app = await startConsoleApp(corpusDir, dataDir);
  apps.push(app);
  return app;
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

const seed = {
  title: 'Mesenchymal stem cells in COVID-19 pneumonia',
  doi: '10.5555/seed.1',
  abstract: 'Stem cells for COVID-19 pneumonia.',
};
const quokka = {
  title: 'Quokkaplasty of stromal cells in ARDS',
  doi: '10.5555/quokka.1',
  abstract: 'Stromal cells, quokkaplasty and ARDS.',
};
const wombat = {
  title: 'Wombat microbiome across seasons',
  doi: '10.5555/wombat.1',
  abstract: 'Gut flora of wombats.',
};

async function addAndWait(
  app: ConsoleApp,
  corpusDir: string,
  name: string,
  spec: { title: string; doi: string; abstract?: string; kind?: 'paper' | 'dataset' },
): Promise<void> {
  writeFileSync(path.join(corpusDir, name), entryFile(spec));
  await eventually(
    `${name} to be indexed`,
    async () => (await app.bot.search.find({ keys: [`doi:${spec.doi}`] }))?.source.path === name,
  );
  await app.quiesce();
}

describe('console notifications', () => {
  it('takes what is present on the very first start as the baseline, announcing nothing, even after a restart', async () => {
    const corpus = folders.make();
    const data = folders.make();
    writeFileSync(path.join(corpus, 'seed.md'), entryFile(seed));
    const first = await start(corpus, data);
    await first.type('/paper subscribe');
    await first.quiesce();
    await first.stop();
    const second = await start(corpus, data);
    await second.quiesce();
    expect(first.screen() + second.screen()).not.toContain(seed.title);
  });

  it('announces a new entry once, only to a subscription whose query matches it', async () => {
    const corpus = folders.make();
    const data = folders.make();
    const app = await start(corpus, data);
    expect(await app.type('/paper subscribe quokkaplasty')).toMatch(
      /will be told about new entries matching "quokkaplasty"/,
    );
    await addAndWait(app, corpus, 'wombat.md', wombat);
    await addAndWait(app, corpus, 'quokka.md', quokka);
    expect(occurrences(app.screen(), `New paper: ${quokka.title}`)).toBe(1);
    expect(app.screen()).toContain(`Matches this channel's subscription "quokkaplasty".`);
    expect(app.screen()).not.toContain(wombat.title);
  });

  it('does not announce an edited or renamed entry again', async () => {
    const corpus = folders.make();
    const data = folders.make();
    const app = await start(corpus, data);
    await app.type('/paper subscribe');
    await addAndWait(app, corpus, 'quokka.md', quokka);
    writeFileSync(path.join(corpus, 'quokka.md'), entryFile({ ...quokka, abstract: 'Edited: numbats too.' }));
    await eventually(
      'the edit to be indexed',
      async () => (await app.bot.search.find({ keys: ['doi:10.5555/quokka.1'] }))?.abstract === 'Edited: numbats too.',
    );
    renameSync(path.join(corpus, 'quokka.md'), path.join(corpus, 'renamed.md'));
    await eventually(
      'the rename to be indexed',
      async () => (await app.bot.search.find({ keys: ['doi:10.5555/quokka.1'] }))?.source.path === 'renamed.md',
    );
    await app.quiesce();
    expect(occurrences(app.screen(), `New paper: ${quokka.title}`)).toBe(1);
    expect(occurrences(app.screen(), 'New paper:')).toBe(1);
  });

  it('announces once an entry added while the bot was stopped, and never again after later restarts', async () => {
    const corpus = folders.make();
    const data = folders.make();
    writeFileSync(path.join(corpus, 'seed.md'), entryFile(seed));
    const first = await start(corpus, data);
    await first.type('/paper subscribe');
    await first.stop();

    writeFileSync(path.join(corpus, 'quokka.md'), entryFile(quokka));
    const second = await start(corpus, data);
    await second.quiesce();
    expect(occurrences(second.screen(), `New paper: ${quokka.title}`)).toBe(1);
    expect(second.screen()).not.toContain(seed.title);
    await second.stop();

    const third = await start(corpus, data);
    await third.quiesce();
    expect(third.screen()).not.toContain(quokka.title);
  });

  it('announces each of a few entries that arrive together in its own message', async () => {
    const corpus = folders.make();
    const data = folders.make();
    const app = await start(corpus, data);
    await app.type('/paper subscribe');
    for (let i = 1; i <= 3; i += 1)
      writeFileSync(
        path.join(corpus, `few-${i}.md`),
        entryFile({ title: `Few entry number ${i}`, doi: `10.5555/few.${i}` }),
      );
    await eventually('all three to be indexed', async () => (await app.bot.search.count()) === 3);
    await app.quiesce();
    for (let i = 1; i <= 3; i += 1) expect(occurrences(app.screen(), `New paper: Few entry number ${i}`)).toBe(1);
  });

  it('turns a bulk import into one digest with a count of the entries not shown', async () => {
    const corpus = folders.make();
    const data = folders.make();
    const app = await start(corpus, data);
    await app.type('/paper subscribe');
    for (let i = 1; i <= 12; i += 1)
      writeFileSync(
        path.join(corpus, `bulk-${i}.md`),
        entryFile({ title: `Bulk entry number ${i}`, doi: `10.5555/bulk.${i}` }),
      );
    await eventually('all twelve to be indexed', async () => (await app.bot.search.count()) === 12);
    await app.quiesce();
    expect(occurrences(app.screen(), '12 new entries')).toBe(1);
    expect(app.screen()).toContain('and 4 more');
    expect(app.screen()).not.toContain('New paper:');
  });
});
