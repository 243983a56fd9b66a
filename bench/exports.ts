/**
 * How fast a large reference-manager export loads: `npm run bench:exports -- --records 5000`.
 *
 * Each export format's test fixtures (real Europe PMC records as Zotero, EndNote, Mendeley,
 * JabRef, Better BibTeX and PubMed write them) are repeated into one file of about N records,
 * each copy with its own titles, DOIs, PMIDs and citation keys, and loaded through the corpus loader
 * as a bot start does. Printed: records, file size, load time, records per second, heap growth.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Corpus, EXPORT_SIZE_FACTOR, DEFAULT_MAX_FILE_BYTES } from '../src/corpus/corpus.ts';
import { runLargeExports } from './large-exports.ts';

const FIXTURES = fileURLToPath(new URL('../test/fixtures/corpora/', import.meta.url));
const USAGE =
  'usage: npm run bench:exports -- [--records 5000]   (100 to 100000 records per format)\n' +
  '       npm run bench:exports -- --large [--items 20000,40000,80000,300000] [--ris 200000]';

/** One copy of a fixture file, made distinct: copy `n` of every title, DOI, PMID and key is new. */
type Copier = (text: string, copy: number) => string;

const FORMATS: readonly { readonly folder: string; readonly file: string; readonly copy: Copier }[] = [
  {
    folder: 'bibtex',
    file: 'library.bib',
    copy: (text, n) =>
      text
        .replace(/^(@\w+[{(])([^,\s]+),/gm, `$1$2-${n},`)
        .replace(/(doi\s*=\s*\{)([^}]+)\}/gi, `$1$2.${n}}`)
        .replace(/^(\s*title\s*=\s*[{"])/gim, `$1Copy ${n}: `),
  },
  {
    folder: 'ris',
    file: 'library.ris',
    copy: (text, n) =>
      text.replace(/^(DO {2}- )(.+?)\s*$/gm, `$1$2.${n}`).replace(/^((?:TI|T1) {2}- )/gm, `$1Copy ${n}: `),
  },
  {
    folder: 'csl-json',
    file: 'library.json',
    copy: (text, n) => {
      const items = JSON.parse(text) as Record<string, unknown>[];
      const copied = items.map((item) => ({
        ...item,
        id: `${String(item.id)}-${n}`,
        title: `Copy ${n}: ${String(item.title)}`,
        ...(typeof item.DOI === 'string' ? { DOI: `${item.DOI}.${n}` } : {}),
        ...(typeof item.PMID === 'string' ? { PMID: String(Number(item.PMID) + n * 100_000_000) } : {}),
      }));
      return JSON.stringify(copied, null, 1).slice(1, -1);
    },
  },
  {
    folder: 'pubmed',
    file: 'library.nbib',
    copy: (text, n) =>
      text
        .replace(/^PMID- (\d+)/gm, (_, pmid: string) => `PMID- ${Number(pmid) + n * 100_000_000}`)
        .replace(/^((?:LID|AID) - )(\S+)( \[doi\])/gm, `$1$2.${n}$3`)
        .replace(/^(TI {2}- )/gm, `$1Copy ${n}: `),
  },
];

function parseRecords(argv: readonly string[]): number | undefined {
  const at = argv.indexOf('--records');
  if (at < 0) return argv.length ? undefined : 5000;
  const records = Number(argv[at + 1]);
  return Number.isInteger(records) && records >= 100 && records <= 100_000 ? records : undefined;
}

/** The fixture files of one format, repeated until they hold at least `records` records. */
async function fixtureCopies(folder: string, records: number, copy: Copier): Promise<string> {
  const dir = path.join(FIXTURES, folder);
  const texts = await Promise.all((await readdir(dir)).sort().map((name) => readFile(path.join(dir, name), 'utf8')));
  const fixtureCorpus = await Corpus.load(dir);
  const fixtureRecords = fixtureCorpus.fileRecords().reduce((sum, record) => sum + record.entries.length, 0);
  const copies = Math.ceil(records / fixtureRecords);
  const parts: string[] = [];
  for (let n = 1; n <= copies; n++) for (const text of texts) parts.push(copy(text.replace(/^\uFEFF/, ''), n));
  return folder === 'csl-json' ? `[${parts.filter((part) => part.trim()).join(',')}]` : parts.join('\n');
}

async function main(): Promise<void> {
  if (process.argv.includes('--large')) return runLargeExports(process.argv.slice(2));
  const records = parseRecords(process.argv.slice(2));
  if (records === undefined) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const root = await mkdtemp(path.join(tmpdir(), 'paperbot-bench-exports-'));
  try {
    console.log(`format     records     MB   load ms   records/s   heap +MB   problems`);
    for (const format of FORMATS) {
      const dir = path.join(root, format.folder);
      const text = await fixtureCopies(format.folder, records, format.copy);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, format.file), text);
      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();
      const corpus = await Corpus.load(dir, { maxFileBytes: DEFAULT_MAX_FILE_BYTES });
      const ms = performance.now() - started;
      const loaded = corpus.fileRecords().reduce((sum, record) => sum + record.entries.length, 0);
      const heap = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
      const mb = Buffer.byteLength(text) / 1024 / 1024;
      const row = [
        format.folder.padEnd(9),
        String(loaded).padStart(8),
        mb.toFixed(1).padStart(6),
        ms.toFixed(0).padStart(9),
        (loaded / (ms / 1000)).toFixed(0).padStart(11),
        heap.toFixed(0).padStart(10),
        String(corpus.problems().length).padStart(10),
      ];
      console.log(row.join(' '));
      if (mb > (DEFAULT_MAX_FILE_BYTES * EXPORT_SIZE_FACTOR) / 1024 / 1024)
        console.log(`  (over the ${EXPORT_SIZE_FACTOR} × MAX_FILE_BYTES limit: skipped by the loader)`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
