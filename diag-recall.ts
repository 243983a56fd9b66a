import { readFileSync } from 'node:fs';
import { Corpus } from './src/corpus/corpus.ts';
import { PostgresSearchBackend } from './src/search/postgres/backend.ts';
import { parseQuery } from './src/search/query.ts';
const [input, url, mode] = process.argv.slice(2) as [string, string, string];
const spec = JSON.parse(readFileSync(input, 'utf8'));
const corpus = await Corpus.load(spec.corpusDir, { maxFileBytes: spec.maxFileBytes });
const search = await PostgresSearchBackend.open(url, { maxConnections: 4 });
if (mode === 'sync') { const t = performance.now(); console.log(await search.sync(corpus.entries()), Math.round(performance.now() - t), 'ms'); }
const stats: Record<string, number[]> = {};
for (const q of spec.queries) {
  const parsed = parseQuery(q.text); if (!parsed.ok) continue;
  const t = performance.now();
  const page = await search.search(parsed.query, { offset: 0, limit: 5 });
  const ms = performance.now() - t;
  (stats[q.category] ??= []).push(ms);
  if (q.expectedKey && !page.hits.some((h) => h.entry.key === q.expectedKey)) {
    console.log(`MISS ${q.category} "${q.text}" -> ${corpus.get(q.expectedKey)?.title} | got ${page.total}: ${page.hits.slice(0, 2).map((h) => h.entry.title.slice(0, 60)).join(' || ')}`);
  }
  if (ms > 300) console.log(`SLOW ${Math.round(ms)} ms ${q.category} "${q.text}" total ${page.total}`);
}
for (const [c, l] of Object.entries(stats)) { l.sort((a, b) => a - b); console.log(c, 'p50', l[Math.floor(l.length / 2)]?.toFixed(1), 'p99', l[Math.ceil(l.length * 0.99) - 1]?.toFixed(1)); }
await search.close();
