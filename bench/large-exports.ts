/**
 * One very large export, generated: `npm run bench:exports -- --large` loads CSL-JSON exports of
 * 20 000, 40 000, 80 000 and 300 000 items (about 210 bytes an item, as in the export the attack review used) and a RIS export of 200 000 records, one at a time,
 * through the corpus loader, then the BibTeX macro bomb of 2 500 records (test/support/hostile-exports.ts). Printed per file: load time, the event loop's delay meanwhile (p99
 * and max, what a running bot's other users wait), and peak RSS of the process with its parser threads. `--items`, `--ris` and `--bomb` pick sizes (0 for none). Last, a
 * 5 000-item export is re-read with one item more, as the watcher does (`--refresh`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Corpus } from '../src/corpus/corpus.ts';
import { macroBombBibtex } from '../test/support/hostile-exports.ts';

function cslJson(items: number): string {
  const parts: string[] = [];
  for (let i = 1; i <= items; i++) {
    parts.push(
      JSON.stringify({
        id: `item-${i}`,
        type: 'article-journal',
        title: `Generated paper ${i} on mesenchymal stem cells and outcome number ${i % 977}`,
        author: [
          { family: `Family${i % 5003}`, given: 'Ann' },
          { family: `Other${i % 7001}`, given: 'Bo' },
        ],
        'container-title': `Journal ${i % 311}`,
        DOI: `10.5555/bench.${i}`,
        issued: { 'date-parts': [[1990 + (i % 36), 1 + (i % 12)]] },
      }),
    );
  }
  return `[\n${parts.join(',\n')}\n]\n`;
}

function ris(records: number): string {
  const parts: string[] = [];
  for (let i = 1; i <= records; i++) {
    parts.push(
      [
        'TY  - JOUR',
        `TI  - Generated RIS record ${i} about cell therapy ${i % 977}`,
        `AU  - Family${i % 5003}, Ann`,
        `AU  - Other${i % 7001}, Bo`,
        `JO  - Journal ${i % 311}`,
        `PY  - ${1990 + (i % 36)}`,
        `DO  - 10.5556/bench.${i}`,
        'ER  - ',
      ].join('\n'),
    );
  }
  return `${parts.join('\n')}\n`;
}

function sizes(argv: readonly string[], flag: string, fallback: number[]): number[] {
  const at = argv.indexOf(flag);
  if (at < 0) return fallback;
  return (argv[at + 1] ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

export async function runLargeExports(argv: readonly string[]): Promise<void> {
  const runs = [
    ...sizes(argv, '--items', [20_000, 40_000, 80_000, 300_000]).map((n) => ({ format: 'csl-json', n })),
    ...sizes(argv, '--ris', [200_000]).map((n) => ({ format: 'ris', n })),
    ...sizes(argv, '--bomb', [2_500]).map((n) => ({ format: 'bib-bomb', n })),
  ];
  // The parser threads start once per process (a bot starts them with its first load): timed on their own.
  const warm = await mkdtemp(path.join(tmpdir(), 'paperbot-bench-large-'));
  await writeFile(path.join(warm, 'warm.json'), cslJson(10));
  const warmStart = performance.now();
  await Corpus.load(warm);
  console.log(`parser threads started and read 10 items in ${(performance.now() - warmStart).toFixed(0)} ms`);
  await rm(warm, { recursive: true, force: true });
  console.log('format     records      MB   load ms   loop p99 ms   loop max ms   rss MB   problems');
  for (const { format, n } of runs) {
    const root = await mkdtemp(path.join(tmpdir(), 'paperbot-bench-large-'));
    try {
      const text = format === 'csl-json' ? cslJson(n) : format === 'ris' ? ris(n) : macroBombBibtex(n);
      const file = { 'csl-json': 'library.json', ris: 'library.ris' }[format] ?? 'bomb.bib';
      await writeFile(path.join(root, file), text);
      const delay = monitorEventLoopDelay({ resolution: 10 });
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      delay.enable();
      const started = performance.now();
      const corpus = await Corpus.load(root);
      const ms = performance.now() - started;
      delay.disable();
      clearInterval(sampler);
      const row = [
        format.padEnd(9),
        String(corpus.size).padStart(8),
        (Buffer.byteLength(text) / 1024 / 1024).toFixed(1).padStart(7),
        ms.toFixed(0).padStart(9),
        (delay.percentile(99) / 1e6).toFixed(0).padStart(13),
        (delay.max / 1e6).toFixed(0).padStart(13),
        (peak / 1024 / 1024).toFixed(0).padStart(8),
        String(corpus.problems().length).padStart(10),
      ];
      console.log(row.join(' '));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  for (const n of sizes(argv, '--refresh', [5_000])) await refreshRow(n);
}

/** An export of `n` items re-read after one item was added, as the watcher does: what it holds the event loop. */
async function refreshRow(n: number): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'paperbot-bench-large-'));
  try {
    const file = path.join(root, 'library.json');
    await writeFile(file, cslJson(n));
    const corpus = await Corpus.load(root);
    await writeFile(file, cslJson(n + 1));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const change = await corpus.refreshFile('library.json');
    const ms = performance.now() - started;
    delay.disable();
    console.log(
      `re-read of a ${n}-item export with one more: ${ms.toFixed(0)} ms, loop p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms, ` +
        `max ${(delay.max / 1e6).toFixed(0)} ms; ${change.added.length} added, ${change.updated.length} updated`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
