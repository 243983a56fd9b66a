import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Corpus } from '../../src/corpus/corpus.ts';
import { TempFolders } from '../notify/entry-files.ts';
import { ZoteroStandin } from '../support/zotero-standin.ts';
import { paper, papers, zoteroSource, type LoggedSource } from './zotero-setup.ts';

const folders = new TempFolders();
const standins: ZoteroStandin[] = [];
const sources: LoggedSource[] = [];

afterEach(async () => {
  for (const { source } of sources.splice(0)) await source.close();
  for (const standin of standins.splice(0)) await standin.stop();
  folders.cleanup();
});

async function library(): Promise<ZoteroStandin> {
  const standin = await new ZoteroStandin().start();
  standins.push(standin);
  return standin;
}

function open(standin: ZoteroStandin, dataDir: string, overrides: Parameters<typeof zoteroSource>[2] = {}) {
  const made = zoteroSource(standin, dataDir, overrides);
  sources.push(made);
  return made;
}

async function titles(dir: string): Promise<string[]> {
  const corpus = await Corpus.load(dir);
  return corpus
    .entries()
    .map((entry) => entry.title)
    .sort();
}

describe('Zotero source: syncing the library into CSL-JSON files', () => {
  it('syncs every page of a large library, 100 items a request, and serves each paper once', async () => {
    const standin = await library();
    standin.add(papers(1, 250));
    const { source } = open(standin, folders.make());
    await source.open();

    const reads = standin.reads();
    const pages = reads.filter((read) => read.query.get('format') === 'json');
    expect(pages.map((read) => read.query.get('start'))).toEqual(['0', '100', '200']);
    expect(pages.every((read) => read.query.get('limit') === '100')).toBe(true);
    expect(reads.length).toBe(4);
    const corpus = await Corpus.load(source.dir);
    expect(corpus.entries()).toHaveLength(250);
    const one = corpus.entries().find((entry) => entry.doi === '10.5555/quokka.17');
    expect(one).toMatchObject({
      title: 'Quokka cohort study number 17',
      authors: ['Lovelace17, Ada'],
      journal: 'Journal of Marsupial Science',
      year: 2021,
      abstract: 'Abstract of quokka study 17.',
    });
    expect(corpus.problems()).toEqual([]);
  });

  it('fetches one changed item with at most 3 requests, and asks once (304) when nothing changed', async () => {
    const standin = await library();
    const keys = standin.add(papers(1, 120));
    const { source } = open(standin, folders.make());
    await source.open();

    let seen = standin.requests.length;
    await expect(source.syncNow()).resolves.toMatchObject({ kind: 'unchanged' });
    expect(standin.reads(seen).length).toBe(1);
    expect(standin.reads(seen)[0]?.query.get('since')).toBe(String(standin.version));

    standin.update(keys[41]!, { title: 'Quokka cohort study, revised' });
    seen = standin.requests.length;
    await expect(source.syncNow()).resolves.toMatchObject({ kind: 'incremental' });
    expect(standin.reads(seen).length).toBeLessThanOrEqual(3);
    expect(await titles(source.dir)).toContain('Quokka cohort study, revised');
    expect(await titles(source.dir)).not.toContain('Quokka cohort study number 42');
  });

  it('removes the file of an item deleted or moved to the trash', async () => {
    const standin = await library();
    const [gone, trashed, kept] = standin.add(papers(1, 3));
    const { source } = open(standin, folders.make());
    await source.open();
    expect(readdirSync(source.dir).sort()).toEqual([`${gone}.json`, `${trashed}.json`, `${kept}.json`].sort());

    standin.remove(gone!);
    standin.update(trashed!, { deleted: 1 });
    await source.syncNow();
    expect(readdirSync(source.dir)).toEqual([`${kept}.json`]);
    expect(await titles(source.dir)).toEqual(['Quokka cohort study number 3']);
  });

  it('serves no note, attachment or trashed item as an entry', async () => {
    const standin = await library();
    const [parent] = standin.add([paper(1)]);
    standin.add([
      { itemType: 'note', note: '<p>Reading notes</p>', parentItem: parent },
      { itemType: 'note', note: '<p>A standalone note about quokkas</p>' },
      { itemType: 'attachment', title: 'Full Text PDF', parentItem: parent },
      paper(2, { deleted: 1 }),
    ]);
    const { source } = open(standin, folders.make());
    await source.open();
    expect(readdirSync(source.dir)).toEqual([`${parent}.json`]);
    expect(await titles(source.dir)).toEqual(['Quokka cohort study number 1']);
  });

  it('keeps to ZOTERO_COLLECTION, and drops an item taken out of it', async () => {
    const standin = await library();
    const [inside, moved] = standin.add([
      paper(1, { collections: ['COLL1234'] }),
      paper(2, { collections: ['COLL1234'] }),
    ]);
    standin.add([paper(3, { collections: ['OTHER999'] }), paper(4)]);
    const { source } = open(standin, folders.make(), { collection: 'COLL1234' });
    await source.open();
    expect(standin.reads().some((read) => read.path.endsWith('/collections/COLL1234/items'))).toBe(true);
    expect(readdirSync(source.dir).sort()).toEqual([`${inside}.json`, `${moved}.json`].sort());

    standin.update(moved!, { collections: ['OTHER999'] });
    standin.add([paper(5, { collections: ['COLL1234'] })]);
    await source.syncNow();
    expect(await titles(source.dir)).toEqual(['Quokka cohort study number 1', 'Quokka cohort study number 5']);
  });

  it('resumes an interrupted first sync where it stopped, losing nothing', async () => {
    const standin = await library();
    standin.add(papers(1, 250));
    const dataDir = folders.make();
    const first = open(standin, dataDir);
    // The API goes away after the second page: the process gives up as if it had been stopped there.
    standin.outageAfter(2, 503);
    await expect(first.source.open()).rejects.toThrow(/503/);
    await first.source.close();
    expect(readdirSync(first.source.dir)).toHaveLength(200);

    standin.outage = undefined;
    const seen = standin.requests.length;
    const second = open(standin, dataDir);
    await second.source.open();
    const pages = standin.reads(seen).filter((read) => read.query.get('format') === 'json');
    expect(pages.map((read) => read.query.get('start'))).toEqual(['200']);
    expect(await titles(second.source.dir)).toHaveLength(250);
  });

  it('says who added each item, from createdByUser', async () => {
    const standin = await library();
    const [key] = standin.add([paper(1)], { username: 'ada', name: 'Ada Lovelace' });
    const [other] = standin.add([paper(2)], { username: 'babbage' });
    const { source } = open(standin, folders.make());
    await source.open();
    expect(source.addedBy?.(`${key}.json`)).toBe('Ada Lovelace');
    expect(source.addedBy?.(`zotero:${other}.json`)).toBe('babbage');
    expect(source.addedBy?.('ZZZZZZZZ.json')).toBeUndefined();
  });

  it('leaves no temporary files in the folder the corpus reads', async () => {
    const standin = await library();
    standin.add(papers(1, 5));
    const dataDir = folders.make();
    const { source } = open(standin, dataDir);
    await source.open();
    expect(readdirSync(source.dir).every((name) => /^[A-Z0-9]{8}\.json$/.test(name))).toBe(true);
    expect(existsSync(path.join(path.dirname(source.dir), 'state.json'))).toBe(true);
  });
});
