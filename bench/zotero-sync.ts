/**
 * How a large Zotero library syncs: `npm run bench:zotero -- --items 10000`.
 *
 * A library of N items (papers, and a Summary note for about one paper in nine) on the loopback stand-in of the Web
 * API, synced in full into a fresh DATA_DIR, then one item changed and synced again, then nothing
 * changed and synced again. Printed: requests and time of each sync, and the entries the corpus
 * loader reads from the synced folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Corpus } from '../src/corpus/corpus.ts';
import { silentLogger } from '../src/logger.ts';
import { createZoteroSource } from '../src/corpus/zotero/zotero-source.ts';
import { type ItemData, ZoteroStandin } from '../test/support/zotero-standin.ts';

const USAGE = 'usage: npm run bench:zotero -- [--items 10000]   (1 to 100000 items)';

function itemsArg(argv: readonly string[]): number {
  const at = argv.indexOf('--items');
  if (at < 0) return 10_000;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 1 || value > 100_000) throw new Error(USAGE);
  return value;
}

function paper(n: number): ItemData {
  return {
    itemType: 'journalArticle',
    title: `Benchmark paper ${n} on marsupial cohorts`,
    creators: [{ creatorType: 'author', firstName: 'Ada', lastName: `Author${n}` }],
    DOI: `10.5555/bench.${n}`,
    date: '2022',
    abstractNote: `Abstract ${n}.`,
  };
}

async function main(): Promise<void> {
  const count = itemsArg(process.argv.slice(2));
  const standin = await new ZoteroStandin().start();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'paperbot-zotero-bench-'));
  try {
    const notes = Math.floor(count / 10);
    const keys = standin.add(Array.from({ length: count - notes }, (_, i) => paper(i + 1)));
    standin.add(
      keys
        .filter((_, i) => i % 9 === 0)
        .slice(0, notes)
        .map((parentItem) => ({ itemType: 'note', parentItem, note: '<h1>Summary</h1><p>A short summary.</p>' })),
    );
    const source = createZoteroSource(
      { library: standin.library, apiKey: standin.apiKey, apiUrl: standin.url, syncIntervalSeconds: 3600, dataDir },
      silentLogger(),
    );
    const rows: string[] = [];
    const measure = async (label: string): Promise<void> => {
      const seen = standin.requests.length;
      const started = performance.now();
      if (label === 'full') await source.open();
      else await source.syncNow();
      const ms = performance.now() - started;
      const reads = standin.reads(seen);
      const itemRequests = reads.filter((read) => read.query.get('format') === 'json').length;
      rows.push(
        `${label.padEnd(12)} ${String(reads.length).padStart(8)} ${String(itemRequests).padStart(13)} ${ms.toFixed(0).padStart(8)}`,
      );
    };
    console.log(`Zotero sync: ${count} items (${count - notes} papers, ${notes} Summary notes) on the stand-in`);
    await measure('full');
    standin.update(keys[Math.floor(keys.length / 2)]!, { title: 'Benchmark paper, revised' });
    await measure('one changed');
    await measure('unchanged');
    await source.close();
    const loadStarted = performance.now();
    const corpus = await Corpus.load(source.dir);
    const loadMs = performance.now() - loadStarted;
    console.log(`sync         requests item requests  time ms`);
    for (const row of rows) console.log(row);
    const summaries = corpus.entries().filter((entry) => entry.summary).length;
    console.log(
      `corpus: ${corpus.entries().length} entries (${summaries} with a summary) read in ${loadMs.toFixed(0)} ms`,
    );
  } finally {
    await standin.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
