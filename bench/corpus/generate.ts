import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RealRecord } from '../data/europepmc.ts';
import { bioStudiesFile, frontMatterFile, pageDates, slug } from './formats.ts';
import { Random } from './random.ts';
import { generateAbstract, generateAuthors, generateTitle, type TextModel } from './text-model.ts';

/** A real record placed in the corpus as it is, and the key the loader will give it. */
export interface PlacedRecord {
  readonly key: string;
  readonly record: RealRecord;
  readonly file: string;
}

export interface GeneratedCorpus {
  readonly dir: string;
  readonly files: number;
  readonly realRecords: readonly PlacedRecord[];
  /** Surnames and years that generated entries carry, for filter queries. */
  readonly surnames: readonly string[];
}

/** Real records fill up to this share of a corpus; the rest is generated from their statistics. */
const REAL_SHARE = 0.35;
const DATASET_SHARE = 0.3;
const REAL_AS_PAGE_DUMP = 0.35;
const FILES_PER_FOLDER = 1_000;
const FIRST_GENERATED_PMC = 90_000_000;

/** Writes `size` entry files under `dir`, the same ones for the same seed. */
export function generateCorpus(
  dir: string,
  size: number,
  seed: number,
  records: readonly RealRecord[],
  model: TextModel,
): GeneratedCorpus {
  const random = new Random(seed);
  const realCount = Math.min(records.length, Math.round(size * REAL_SHARE));
  const chosen = realCount === records.length ? records : random.shuffle(records).slice(0, realCount);
  const realRecords = chosen.map((record) => placeRealRecord(dir, record, random));
  const surnames = new Set<string>();
  const datasets: string[] = [];
  for (let i = 0; i < size - realCount; i++) {
    const generated = generatedEntry(model, random, seed, i, datasets);
    for (const surname of generated.surnames) if (surnames.size < 2_000) surnames.add(surname);
    write(
      dir,
      `g${String(Math.floor(i / FILES_PER_FOLDER)).padStart(3, '0')}/${String(i).padStart(6, '0')}-${slug(generated.title)}${generated.extension}`,
      generated.text,
    );
  }
  return { dir, files: size, realRecords, surnames: [...surnames] };
}

/** One more generated paper, not in the corpus: what the incremental-update measurement adds. */
export function extraPaper(
  model: TextModel,
  seed: number,
  number: number,
): { name: string; text: string; title: string } {
  const generated = generatedEntry(model, new Random((seed ^ 0x5eed) + number), seed, 9_000_000 + number, [], 'paper');
  return { name: `incremental-${number}-${slug(generated.title)}.md`, text: generated.text, title: generated.title };
}

function placeRealRecord(dir: string, record: RealRecord, random: Random): PlacedRecord {
  const name = `real/${record.source}/${record.id.replace(/[^A-Za-z0-9.-]+/g, '_')}`;
  if (record.pmcid && random.chance(REAL_AS_PAGE_DUMP)) {
    const accession = `S-EPMC${record.pmcid}`;
    const dates = pageDates(record.date ?? `${record.year ?? 2020}-01-01`);
    const text = bioStudiesFile({
      accession,
      title: record.title,
      abstract: record.abstract,
      submitter: record.authors[0],
      providerDate: dates.providerDate,
      authors: record.authors,
      journal: record.journal ?? 'Unknown journal',
      publicationDate: dates.publicationDate,
      issue: String(random.int(1, 12)),
      similar: [],
    });
    return { key: `biostudies:${accession}`, record, file: write(dir, `${name}.txt`, text) };
  }
  const text = frontMatterFile({
    title: record.title,
    link: record.doi ? `https://doi.org/${record.doi}` : undefined,
    authors: record.authors.join(', '),
    abstract: record.abstract,
    journal: record.journal,
    date: record.date,
  });
  return { key: record.doi ? `doi:${record.doi.toLowerCase()}` : '', record, file: write(dir, `${name}.md`, text) };
}

interface GeneratedEntry {
  readonly title: string;
  readonly text: string;
  readonly extension: '.md' | '.txt';
  readonly surnames: readonly string[];
}

function generatedEntry(
  model: TextModel,
  random: Random,
  seed: number,
  index: number,
  datasets: string[],
  kind?: 'paper' | 'dataset',
): GeneratedEntry {
  const title = generateTitle(model, random, random.int(8, 20));
  const abstract = generateAbstract(model, random, random.int(150, 300));
  const authors = generateAuthors(model, random);
  const year = random.int(1990, 2026);
  const date = `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
  const journal = model.journals.sample(random);
  const surnames = authors.map((author) => author.surname);
  if ((kind ?? (random.chance(DATASET_SHARE) ? 'dataset' : 'paper')) === 'dataset') {
    const accession = `S-EPMC${FIRST_GENERATED_PMC + index}`;
    const similar = datasets.length ? Array.from({ length: random.int(0, 6) }, () => random.pick(datasets)) : [];
    datasets.push(accession);
    const dates = pageDates(date);
    const text = bioStudiesFile({
      accession,
      title,
      abstract,
      submitter: `${authors[0]?.surname ?? 'Unknown'} ${authors[0]?.given.charAt(0) ?? 'X'}`,
      providerDate: dates.providerDate,
      authors: authors.map((author) => `${author.surname} ${author.given} ${author.given.charAt(0)}`),
      journal,
      publicationDate: dates.publicationDate,
      issue: String(random.int(1, 12)),
      similar,
    });
    return { title, text, extension: '.txt', surnames };
  }
  const summary = random.chance(0.4) ? abstract.split('. ').slice(0, 2).join('. ') : undefined;
  const text = frontMatterFile({
    title,
    link: `https://doi.org/10.5555/bench.${seed}.${index}`,
    authors: authors.map((author) => `${author.surname}, ${author.given}`).join('; '),
    summary,
    abstract,
    journal,
    date,
  });
  return { title, text, extension: '.md', surnames };
}

function write(dir: string, relative: string, text: string): string {
  const absolute = path.join(dir, relative);
  mkdirSync(path.dirname(absolute), { recursive: true });
  writeFileSync(absolute, text);
  return relative;
}
