import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvRecords } from './csv.ts';

/**
 * The real Europe PMC records (MIT) the bench draws vocabulary, lengths and known-item
 * queries from. A subset ships in the repository (`bench/records/europepmc/`, licence beside
 * it) so the bench and its smoke test run on any clone; the full extract can be pointed at.
 */
export const DATA_DIR_VARIABLE = 'PAPERBOT_BENCH_DATA';
const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const DEFAULT_DATA_DIR = path.join(REPO_ROOT, 'bench', 'records', 'europepmc');
const FILES = ['papers.json', 'covid-papers.csv', 'covid-preprints.json'] as const;

export interface RealRecord {
  readonly source: 'papers' | 'covid-papers' | 'covid-preprints';
  /** A stable id within the data set: PMID, PMC id or preprint DOI. */
  readonly id: string;
  readonly doi?: string;
  /** The PMC number (without `PMC`), when Europe PMC links the full text. */
  readonly pmcid?: string;
  readonly title: string;
  readonly authors: readonly string[];
  readonly journal?: string;
  readonly date?: string;
  readonly year?: number;
  /** As the source has it: HTML headings, entities and all. */
  readonly abstract: string;
}

export class MissingDataError extends Error {}

/** The data folder: `$PAPERBOT_BENCH_DATA`, else the subset shipped in `bench/records/europepmc`. */
export function locateEuropePmc(environment: NodeJS.ProcessEnv = process.env): string {
  const configured = environment[DATA_DIR_VARIABLE];
  const dir = configured ? path.resolve(configured) : DEFAULT_DATA_DIR;
  const missing = FILES.filter((file) => !existsSync(path.join(dir, file)));
  if (missing.length) {
    const where = configured ? `${DATA_DIR_VARIABLE}=${configured}` : path.relative(process.cwd(), dir) || dir;
    throw new MissingDataError(
      `bench: the Europe PMC records are missing (${missing.join(', ')} not found in ${where}). ` +
        `The bench needs them for real vocabulary and known-item queries: restore bench/records/europepmc ` +
        `from the repository, or set ${DATA_DIR_VARIABLE} to the folder that holds ${FILES.join(', ')}.`,
    );
  }
  return dir;
}

export function loadRealRecords(dir: string): RealRecord[] {
  const papers = JSON.parse(readFileSync(path.join(dir, 'papers.json'), 'utf8')) as Record<string, string>[];
  const covidPapers = csvRecords(readFileSync(path.join(dir, 'covid-papers.csv'), 'utf8'));
  const preprints = JSON.parse(readFileSync(path.join(dir, 'covid-preprints.json'), 'utf8')) as Record<
    string,
    string
  >[];
  const records = [
    ...papers.map((record) => fromEuropePmc(record, 'papers')),
    ...covidPapers.map((record) => fromEuropePmc(record, 'covid-papers')),
    ...preprints.map(fromPreprint),
  ].filter((record) => record.title.trim().length > 0);
  // The same paper can be in two files; the corpus would fold them into one entry.
  const seen = new Set<string>();
  return records.filter((record) => {
    const identity = (record.doi ?? record.id).toLowerCase();
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  });
}

function fromEuropePmc(record: Record<string, string>, source: 'papers' | 'covid-papers'): RealRecord {
  const doi = (record.doi ?? '').replace(/^https?:\/\/(dx\.)?doi\.org\//i, '').trim() || undefined;
  const pmcid = /articles\/PMC(\d+)/.exec(record.urls ?? '')?.[1] ?? /^PMC(\d+)$/.exec(record.id ?? '')?.[1];
  const year = Number(record.pubYear);
  return {
    source,
    id: record.id ?? '',
    doi,
    pmcid,
    title: record.title ?? '',
    authors: (record.authorString ?? '')
      .replace(/\.$/, '')
      .split(/,\s*/)
      .map((name) => name.trim())
      .filter(Boolean),
    journal: record.journalTitle || undefined,
    date: record.date || undefined,
    year: Number.isInteger(year) && year > 0 ? year : undefined,
    abstract: record.abstract ?? '',
  };
}

function fromPreprint(record: Record<string, string>): RealRecord {
  const year = Number((record.date ?? '').slice(0, 4));
  return {
    source: 'covid-preprints',
    id: record.doi ?? '',
    doi: record.doi || undefined,
    title: record.title ?? '',
    authors: (record.authors ?? '')
      .split(';')
      .map((name) => name.replace(/^-\s*/, '').trim())
      .filter(Boolean),
    journal: record.site || undefined,
    date: record.date || undefined,
    year: Number.isInteger(year) && year > 0 ? year : undefined,
    abstract: record.abstract ?? '',
  };
}
