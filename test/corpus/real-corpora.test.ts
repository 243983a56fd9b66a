// Publication folders as real sites keep them (academicpages, al-folio, Hugo Academic,
// a proceedings site's _posts, Jekyll collections), built from real records by
// test/fixtures/corpora/make-fixtures.ts with what each page holds beside them. The issue's
// targets, measured on each: ≥ 98 % of entries loaded with every field the page has; a few
// distinctive title words find the entry first for ≥ 95 % and in the top 5 for ≥ 99 %; no two
// different titles merged; every file that yields no entry named as a problem.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { Entry } from '../../src/corpus/entry.ts';
import { foldForMatching } from '../../src/corpus/text.ts';
import { silentLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { checkCorpus } from '../../src/cli/check.ts';
import type { CorpusReport } from '../../src/cli/corpus-report.ts';
import { FIXTURES } from '../support/corpus-files.ts';
import { COMMANDS } from '../../commands/index.ts';

interface Expected {
  readonly file: string;
  readonly title: string;
  readonly authors: readonly string[];
  readonly year?: number;
  readonly doi?: string;
  readonly link?: string;
  readonly venue?: string;
  readonly abstract?: string;
}

const CONVENTIONS = ['academicpages', 'al-folio', 'hugo-academic', 'proceedings', 'collections'] as const;
const STOP_WORDS = new Set([
  'with',
  'from',
  'that',
  'this',
  'their',
  'into',
  'after',
  'during',
  'between',
  'among',
  'study',
  'patients',
  'covid',
]);

function expectations(name: string): { entries: Expected[]; failing: string[] } {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'corpora', `${name}.expected.json`), 'utf8')) as {
    entries: Expected[];
    failing: string[];
  };
}

/** Every field the page has, as the entry shows it; an empty list when it is complete. */
function missingFields(entry: Entry | undefined, expected: Expected): string[] {
  if (!entry) return ['no entry'];
  const wrong: string[] = [];
  if (entry.title !== expected.title) wrong.push(`title ${JSON.stringify(entry.title)}`);
  if (JSON.stringify(entry.authors) !== JSON.stringify(expected.authors))
    wrong.push(`authors ${JSON.stringify(entry.authors)}`);
  if (expected.year !== undefined && entry.year !== expected.year) wrong.push(`year ${entry.year}`);
  if (expected.doi !== undefined && entry.doi?.toLowerCase() !== expected.doi.toLowerCase())
    wrong.push(`doi ${entry.doi}`);
  if (expected.link !== undefined && entry.link !== expected.link) wrong.push(`link ${entry.link}`);
  if (expected.venue !== undefined && entry.journal !== expected.venue)
    wrong.push(`venue ${JSON.stringify(entry.journal)}`);
  if (expected.abstract !== undefined && !entry.abstract?.includes(expected.abstract))
    wrong.push(`abstract ${JSON.stringify(entry.abstract?.slice(0, 80))}`);
  return wrong;
}

/** The three rarest words of a title within its corpus: what someone who half-remembers it types. */
function knownItemQuery(title: string, documentFrequency: ReadonlyMap<string, number>): string {
  const words = [...new Set(foldForMatching(title).split(' '))].filter(
    (word) => word.length >= 4 && /^\p{L}+$/u.test(word) && !STOP_WORDS.has(word),
  );
  words.sort((a, b) => (documentFrequency.get(a) ?? 0) - (documentFrequency.get(b) ?? 0) || b.length - a.length);
  return words.slice(0, 3).join(' ');
}

describe.each(CONVENTIONS)('the %s fixture corpus', (name) => {
  const { entries: expected, failing } = expectations(name);
  let corpus: Corpus;
  let bot: Bot;

  beforeAll(async () => {
    corpus = await Corpus.load(path.join(FIXTURES, 'corpora', name));
    bot = new Bot({ commands: COMMANDS, corpus, logger: silentLogger() });
  });

  it('holds at least 30 entries in the shapes the generator writes', () => {
    expect(expected.length).toBeGreaterThanOrEqual(30);
  });

  it('loads at least 98 % of its entries with every field the page has', () => {
    const byFile = new Map(corpus.entries().map((entry) => [entry.source.path, entry]));
    const incomplete = expected
      .map((item) => ({ file: item.file, wrong: missingFields(byFile.get(item.file), item) }))
      .filter((item) => item.wrong.length);
    const complete = (expected.length - incomplete.length) / expected.length;
    expect(complete, JSON.stringify(incomplete, null, 1)).toBeGreaterThanOrEqual(0.98);
  });

  it('never merges two different titles: every page is its own entry', () => {
    const served = new Set(corpus.entries().map((entry) => entry.source.path));
    expect(expected.filter((item) => !served.has(item.file)).map((item) => item.file)).toEqual([]);
    expect(corpus.size).toBe(expected.length);
  });

  it('names every file that yields no entry as an error problem', () => {
    expect(corpus.failedFiles().sort()).toEqual([...failing].sort());
    const named = new Set(
      corpus
        .problems()
        .filter((problem) => problem.severity === 'error')
        .map((problem) => problem.path),
    );
    for (const file of failing) expect(named.has(file), file).toBe(true);
  });

  it('is reported by `paperbot check --json`: every page counted with the fields it has, and exit 1 for the files that failed', async () => {
    const outcome = await checkCorpus(path.join(FIXTURES, 'corpora', name), 5 * 1024 * 1024, { json: true });
    const report = JSON.parse(outcome.lines.join('\n')) as CorpusReport;
    expect(outcome.exitCode).toBe(failing.length ? 1 : 0);
    expect(report.formats.map((format) => [format.format, format.files, format.entries])).toEqual([
      ['front-matter', expected.length, expected.length],
    ]);
    const fields = report.formats[0]?.fields;
    expect(fields?.title).toBe(expected.length);
    expect(fields?.authors).toBeGreaterThanOrEqual(expected.filter((item) => item.authors.length).length);
    expect(fields?.doi).toBeGreaterThanOrEqual(expected.filter((item) => item.doi).length);
    expect(fields?.abstract).toBeGreaterThanOrEqual(expected.filter((item) => item.abstract).length);
    expect(report.failedFiles).toBe(failing.length);
  });

  it('finds each entry by a few distinctive title words: first for ≥ 95 %, in the top 5 for ≥ 99 %', async () => {
    const documentFrequency = new Map<string, number>();
    for (const item of expected)
      for (const word of new Set(foldForMatching(item.title).split(' ')))
        documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
    let first = 0;
    let top5 = 0;
    const misses: string[] = [];
    for (const item of expected) {
      const query = knownItemQuery(item.title, documentFrequency);
      const reply = await bot.runLine(`/paper ${query}`, CONSOLE_CALLER);
      const titles = reply.cards.map((card) => card.title);
      if (titles[0] === item.title) first++;
      if (titles.slice(0, 5).includes(item.title)) top5++;
      else misses.push(`${query} -> ${titles.slice(0, 2).join(' | ')}`);
    }
    expect(first / expected.length, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(top5 / expected.length, misses.join('\n')).toBeGreaterThanOrEqual(0.99);
  });
});
