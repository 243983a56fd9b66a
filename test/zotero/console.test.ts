import { afterEach, describe, expect, it } from 'vitest';
import { eventually, TempFolders } from '../notify/entry-files.ts';
import { MANUAL_BATCHES, startConsoleApp, type ConsoleApp } from '../notify/console-app.ts';
import { ZoteroStandin } from '../support/zotero-standin.ts';
import { paper, papers, zoteroSource, type LoggedSource } from './zotero-setup.ts';

/** The console app over a Zotero source's folder: what a user sees of the synced library. */

const folders = new TempFolders();
const standins: ZoteroStandin[] = [];
const sources: LoggedSource[] = [];
const apps: ConsoleApp[] = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  for (const { source } of sources.splice(0)) await source.close();
  for (const standin of standins.splice(0)) await standin.stop();
  folders.cleanup();
});

const EACH_ITS_OWN = { ...MANUAL_BATCHES, notifier: { ...MANUAL_BATCHES.notifier, digestThreshold: 1000 } };

async function library(): Promise<ZoteroStandin> {
  const standin = await new ZoteroStandin().start();
  standins.push(standin);
  return standin;
}

async function openSource(standin: ZoteroStandin, dataDir: string): Promise<LoggedSource> {
  const made = zoteroSource(standin, dataDir);
  sources.push(made);
  await made.source.open();
  return made;
}

async function app(dir: string, dataDir: string): Promise<ConsoleApp> {
  const started = await startConsoleApp(dir, dataDir, EACH_ITS_OWN);
  apps.push(started);
  return started;
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('Zotero source in the console', () => {
  it('shows a child note titled "Summary" as the paper\'s own summary, and follows its edits', async () => {
    const standin = await library();
    const [parent] = standin.add([paper(1)]);
    standin.add([
      {
        itemType: 'note',
        parentItem: parent,
        note: '<h1>Summary</h1><p>Quokkas in the cohort smiled <b>more</b> after the intervention.</p>',
      },
      { itemType: 'note', parentItem: parent, note: '<p>To read again: methods section</p>' },
    ]);
    const data = folders.make();
    const { source } = await openSource(standin, data);
    const console = await app(source.dir, folders.make());

    const shown = await console.type('/paper summary 10.5555/quokka.1');
    expect(shown).toContain('Quokkas in the cohort smiled more after the intervention.');
    expect(shown).not.toContain('Extractive summary');
    expect(shown).not.toContain('methods section');

    const [tagged] = standin.add([paper(2)]);
    standin.add([
      { itemType: 'note', parentItem: tagged, note: '<p>Wombats dig deeper burrows.</p>', tags: [{ tag: 'Summary' }] },
    ]);
    await source.syncNow();
    await eventually('the tagged note to become the summary', async () =>
      (await console.type('/paper summary 10.5555/quokka.2')).includes('Wombats dig deeper burrows.'),
    );
  });

  it('announces nothing twice when a sync is cut off halfway and the bot restarts', async () => {
    const standin = await library();
    standin.add(papers(1, 3));
    const data = folders.make();
    const first = await openSource(standin, data);
    const before = await app(first.source.dir, data);
    await before.type('/paper subscribe');

    standin.add(papers(100, 60));
    // The versions and the first 50 items arrive; then the API goes down and the bot is stopped.
    standin.outageAfter(2, 503);
    await expect(first.source.syncNow()).rejects.toThrow(/503/);
    await eventually('the first 50 to be indexed', async () => (await before.bot.search.count()) === 53);
    await before.quiesce();
    await before.stop();
    await first.source.close();

    standin.outage = undefined;
    const second = await openSource(standin, data);
    const after = await app(second.source.dir, data);
    await eventually('all 63 to be indexed', async () => (await after.bot.search.count()) === 63);
    await after.quiesce();

    const screen = before.screen() + after.screen();
    for (let n = 100; n < 160; n++) expect(occurrences(screen, `New paper: Quokka cohort study number ${n}`)).toBe(1);
    expect(occurrences(screen, 'New paper:')).toBe(60);
    expect(occurrences(before.screen(), 'New paper:')).toBe(50);
  });
});
