/**
 * Stock MiniSearch, in its own process: the entries our side parsed (so the corpus is parsed
 * once), `fields` and `storeFields` only, searched with `prefix: true, fuzzy: 0.2` — the search
 * alone, no command path around it.
 */
import { createReadStream, readFileSync, promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import MiniSearch from 'minisearch';
import type { Entry } from '../../src/corpus/entry.ts';
import { parseEntryFile } from '../../src/corpus/parse-file.ts';
import { RecallTally, peakRssMB, runChild, send, type SideInput } from './protocol.ts';
import { STOCK_DUMP, STOCK_OPTIONS, STOCK_SEARCH, stockDocument } from './stock-config.ts';

const WARM_UP_QUERIES = ['covid', 'cell therapy', 'vaccine smith', 'stem cells', 'immun'];

/** The entries our side parsed (same loader, same corpus), one JSON per line. */
async function readEntries(file: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity }))
    if (line) entries.push(JSON.parse(line) as Entry);
  return entries;
}

runChild(async () => {
  const input = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as SideInput;
  const entries = await readEntries(input.entriesFile);
  let started = performance.now();
  const search = new MiniSearch(STOCK_OPTIONS);
  search.addAll(entries.map(stockDocument));
  const buildMs = performance.now() - started;

  started = performance.now();
  const dump = JSON.stringify(search);
  await fs.writeFile(path.join(input.dataDir, STOCK_DUMP), dump);
  const snapshotWriteMs = performance.now() - started;

  for (const query of WARM_UP_QUERIES) search.search(query, STOCK_SEARCH);
  const latenciesMs: number[] = [];
  const recall = new RecallTally();
  for (const query of input.queries) {
    const start = performance.now();
    const results = search.search(query.stockText, STOCK_SEARCH);
    latenciesMs.push(performance.now() - start);
    if (query.expectedKey && (query.category === 'known-item' || query.category === 'known-item-typo')) {
      recall.record(
        query.category,
        results.slice(0, 5).some((result) => result.id === query.expectedKey),
      );
    }
  }

  const incrementalMs: number[] = [];
  for (const extra of input.extras) {
    const start = performance.now();
    const verdict = parseEntryFile(`incremental/${extra.name}`, Buffer.from(extra.text));
    const parsed = verdict.kind === 'parsed' ? verdict.entries[0]?.entry : undefined;
    if (!parsed) throw new Error(`stock: ${extra.name} did not parse`);
    const entry: Entry = {
      ...parsed,
      source: { path: extra.name, format: 'front-matter' },
      added: new Date().toISOString(),
    };
    search.add(stockDocument(entry));
    incrementalMs.push(performance.now() - start);
  }

  await send({
    type: 'result',
    result: {
      entries: search.documentCount,
      loadMs: null,
      buildMs,
      snapshotWriteMs,
      snapshotBytes: Buffer.byteLength(dump),
      latenciesMs,
      recallAt5: recall.rate('known-item'),
      typoRecallAt5: recall.rate('known-item-typo'),
      incrementalMs,
      peakRssMB: peakRssMB(),
    },
  });
});
