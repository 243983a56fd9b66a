/** Stock's cold start, in a fresh process: read its JSON dump and `MiniSearch.loadJSON` it. */
import { readFileSync, promises as fs } from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { peakRssMB, runChild, send, type SideInput } from './protocol.ts';
import { STOCK_DUMP, STOCK_OPTIONS, STOCK_SEARCH } from './stock-config.ts';

const started = performance.now();

runChild(async () => {
  const input = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as SideInput;
  const search = MiniSearch.loadJSON(await fs.readFile(path.join(input.dataDir, STOCK_DUMP), 'utf8'), STOCK_OPTIONS);
  await send({ type: 'ready' });
  const internalMs = performance.now() - started;
  const answerStarted = performance.now();
  search.search(input.queries[0]?.stockText ?? 'covid', STOCK_SEARCH);
  const firstAnswerMs = performance.now() - answerStarted;
  await send({
    type: 'cold-start',
    report: {
      internalMs,
      origin: 'loadJSON',
      reusedFiles: 0,
      parsedFiles: 0,
      entries: search.documentCount,
      firstAnswerMs,
      peakRssMB: peakRssMB(),
    },
  });
});
