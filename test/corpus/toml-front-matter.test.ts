// Hugo's TOML front matter (`+++`), read through gray-matter's engine option by smol-toml, with
// the same fields as YAML pages, its own problems by line, and its own row in `paperbot check`.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { Entry } from '../../src/corpus/entry.ts';
import { formatProblem } from '../../src/corpus/problem.ts';
import { checkCorpus } from '../../src/cli/check.ts';
import type { CorpusReport } from '../../src/cli/corpus-report.ts';
import { silentLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { FIXTURES } from '../support/corpus-files.ts';
import { COMMANDS } from '../../commands/index.ts';

const SITE = path.join(FIXTURES, 'corpora', 'hugo-toml');
const PAGES = 'content/publication';

let corpus: Corpus;

beforeAll(async () => {
  corpus = await Corpus.load(SITE);
});

function entryOf(slug: string): Entry {
  const entry = corpus.entries().find((candidate) => candidate.source.path === `${PAGES}/${slug}/index.md`);
  if (!entry) throw new Error(`${slug} gave no entry; problems: ${corpus.problems().map(formatProblem).join(' / ')}`);
  return entry;
}

describe('a Hugo site with TOML front matter', () => {
  it('reads title, authors, date, venue, DOI, links and a multi-line abstract from the TOML table', () => {
    const entry = entryOf('stromal-secretome-ards');
    expect(entry).toMatchObject({
      title: 'Stromal cell secretome dampens lung inflammation in a murine model of acute respiratory distress',
      authors: ['Mei Lin', 'Tomás Ortega', 'Priya Raman'],
      date: '2021-06-15',
      year: 2021,
      journal: 'Respiratory Research',
      doi: '10.5555/toml.secretome.2021',
      link: 'https://doi.org/10.5555/toml.secretome.2021',
      kind: 'paper',
      source: { path: `${PAGES}/stromal-secretome-ards/index.md`, format: 'toml-front-matter' },
    });
    expect(entry.abstract).toMatch(
      /^Conditioned medium from bone-marrow stromal cells .* recovered within three days\.$/,
    );
  });

  it('takes the subtitle, a date-time with an offset, a PDF link and the abstract from the page body', () => {
    const entry = entryOf('federated-cohort-linkage');
    expect(entry.title).toBe('Federated record linkage across regional cohorts: a privacy-preserving protocol');
    expect(entry.year).toBe(2019);
    expect(entry.date).toBe('2019-11-02');
    expect(entry.journal).toBe('Proceedings of the Health Data Linkage Workshop');
    expect(entry.link).toBe('https://example.org/papers/federated-linkage.pdf');
    expect(entry.abstract).toMatch(/^Regional cohorts rarely share identifiers\. .* three synthetic populations\.$/);
  });

  it('reads a dataset page with its accession', () => {
    expect(entryOf('organoid-atlas-dataset')).toMatchObject({
      kind: 'dataset',
      accession: 'E-MTAB-12345',
      repository: 'ArrayExpress',
      year: 2023,
      date: '2023-02',
    });
  });

  it('names each page that cannot be read by line, and never runs front matter written as code', () => {
    expect(
      corpus
        .problems()
        .filter((problem) => problem.severity === 'error')
        .map(formatProblem),
    ).toEqual([
      `${PAGES}/bad-toml/index.md:2: TOML syntax error: control characters are not allowed in strings`,
      `${PAGES}/js-front-matter/index.md:1: front matter in "js" is refused: only YAML and TOML front matter are read, and code in an entry is never run`,
      `${PAGES}/unclosed/index.md:1: front matter is not closed: expected a second +++ line`,
    ]);
    expect(Object.hasOwn(globalThis, 'paperbotRanTomlFrontMatterCode')).toBe(false);
  });

  it('is found by a search like any other page', async () => {
    const bot = new Bot({ commands: COMMANDS, corpus, logger: silentLogger() });
    const reply = await bot.runLine('/paper secretome lung', CONSOLE_CALLER);
    expect(reply.cards[0]?.title).toMatch(/^Stromal cell secretome/);
  });

  it('has its own row in paperbot check, with its field coverage', async () => {
    const outcome = await checkCorpus(SITE, 5 * 1024 * 1024, { json: true });
    expect(outcome.exitCode).toBe(1);
    const report = JSON.parse(outcome.lines.join('\n')) as CorpusReport;
    expect(report.formats).toEqual([
      {
        format: 'toml-front-matter',
        label: 'TOML front-matter pages (Hugo)',
        files: 3,
        entries: 3,
        fields: { title: 3, authors: 3, year: 3, link: 3, doi: 1, abstract: 3 },
      },
    ]);
    const text = await checkCorpus(SITE, 5 * 1024 * 1024);
    expect(text.lines.join('\n')).toContain('TOML front-matter pages (Hugo)');
  });
});
