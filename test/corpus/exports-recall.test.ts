// Reference-manager exports as Zotero, Mendeley, EndNote, JabRef, Better BibTeX and PubMed write
// them (real Europe PMC records): every record loads with every field it has, and a few
// distinctive title words find it through `/paper`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { Entry, SourceFormat } from '../../src/corpus/entry.ts';
import { formatProblem } from '../../src/corpus/problem.ts';
import { foldForMatching } from '../../src/corpus/text.ts';
import { silentLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { FIXTURES } from '../support/corpus-files.ts';
import { COMMANDS } from '../../commands/index.ts';

/** What each fixture record holds, written beside the fixtures when they were made from the same records. */
interface ExpectedRecord {
  readonly file: string;
  readonly ref: string | null;
  readonly title: string;
  /** Family names (or institutions), in order. */
  readonly authors: readonly string[];
  readonly year: number | null;
  readonly doi: string | null;
  readonly journal: string | null;
  readonly abstract: string | null;
}

const CORPORA = path.join(FIXTURES, 'corpora');
const EXPECTED = JSON.parse(readFileSync(path.join(FIXTURES, 'corpora-expected', 'exports.json'), 'utf8')) as Record<
  string,
  ExpectedRecord[]
>;
const FORMATS: SourceFormat[] = ['bibtex', 'ris', 'csl-json', 'pubmed'];
const UNLIMITED = { perUser: Number.MAX_SAFE_INTEGER, perChannel: Number.MAX_SAFE_INTEGER, windowMs: 1 };
const COMMON_WORDS = new Set(
  'about after among analysis and based between cohort during effect effects from have into more most other over patients results risk study studies such than that their there these this those through using were what when where which while with within without'.split(
    ' ',
  ),
);

function sameText(a: string | undefined, b: string): boolean {
  return foldForMatching(a ?? '') === foldForMatching(b);
}

/** The fields a record holds that its entry lacks or reads differently. */
function missingFields(entry: Entry, record: ExpectedRecord): string[] {
  const missing: string[] = [];
  if (record.year !== null && entry.year !== record.year) missing.push(`year ${entry.year}`);
  if (record.doi !== null && entry.doi?.toLowerCase() !== record.doi.toLowerCase()) missing.push(`doi ${entry.doi}`);
  if (record.journal !== null && !sameText(entry.journal, record.journal)) missing.push(`journal ${entry.journal}`);
  if (record.abstract !== null && !sameText(entry.abstract, record.abstract)) missing.push('abstract');
  const authors = entry.authors.map((name) => foldForMatching(name));
  const authorsMatch =
    authors.length === record.authors.length &&
    record.authors.every((family, i) => authors[i]?.startsWith(foldForMatching(family)));
  if (!authorsMatch) missing.push(`authors ${entry.authors.slice(0, 3).join('; ')}…`);
  if (!entry.link) missing.push('link');
  return missing;
}

/** The three rarest content words of the title, in title order: what someone who read it would type. */
function distinctiveWords(title: string, documentFrequency: ReadonlyMap<string, number>): string {
  const words = [...new Set(foldForMatching(title).split(' '))].filter(
    (word) => /^[a-z][a-z0-9]{3,}$/.test(word) && !COMMON_WORDS.has(word),
  );
  const rarest = [...words]
    .sort((a, b) => (documentFrequency.get(a) ?? 0) - (documentFrequency.get(b) ?? 0))
    .slice(0, 3);
  return words.filter((word) => rarest.includes(word)).join(' ');
}

describe.each(FORMATS)('%s exports', (format) => {
  const records = EXPECTED[format] ?? [];
  let corpus: Corpus;
  let bot: Bot;

  beforeAll(async () => {
    corpus = await Corpus.load(path.join(CORPORA, format));
    bot = new Bot({ commands: COMMANDS, corpus, logger: silentLogger(), rateLimits: UNLIMITED });
  });

  it('holds at least 30 records, and every file loads without an error', () => {
    expect(records.length).toBeGreaterThanOrEqual(30);
    expect(
      corpus
        .problems()
        .filter((problem) => problem.severity === 'error')
        .map(formatProblem),
    ).toEqual([]);
    expect(corpus.failedFiles()).toEqual([]);
  });

  it('loads at least 98 % of records with every field the source has', () => {
    const entries = corpus.entries();
    const failures = records.flatMap((record) => {
      const entry = entries.find(
        (candidate) => `${format}/${candidate.source.path}` === record.file && sameText(candidate.title, record.title),
      );
      if (!entry) return [`${record.file} ${record.ref ?? ''}: not loaded (${record.title})`];
      const missing = missingFields(entry, record);
      return missing.length ? [`${record.file} ${record.ref ?? ''}: ${missing.join(', ')}`] : [];
    });
    expect((records.length - failures.length) / records.length, failures.join('\n')).toBeGreaterThanOrEqual(0.98);
  });

  it('finds a record first for at least 95 % of known-item queries, and in the top 5 for at least 99 %', async () => {
    const documentFrequency = new Map<string, number>();
    for (const entry of corpus.entries()) {
      for (const word of new Set(foldForMatching(`${entry.title} ${entry.abstract ?? ''}`).split(' ')))
        documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
    }
    let first = 0;
    let topFive = 0;
    const misses: string[] = [];
    for (const record of records) {
      const words = distinctiveWords(record.title, documentFrequency);
      const reply = await bot.runLine(`/paper ${words}`, CONSOLE_CALLER);
      const rank = reply.cards.findIndex((card) => sameText(card.title, record.title));
      if (rank === 0) first++;
      if (rank >= 0 && rank < 5) topFive++;
      else misses.push(`"${words}" -> ${reply.cards[0]?.title ?? reply.text}`);
    }
    expect(first / records.length, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(topFive / records.length, misses.join('\n')).toBeGreaterThanOrEqual(0.99);
  });
});
