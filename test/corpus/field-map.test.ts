// paperbot.yml: a site says where its title, authors, abstract, venue, date and links are, and
// the bot serves its pages by their real titles. The bilingual site keeps the journal in `title`
// and the paper's title in `en: {subtitle}`: with its map, each page is found first by its title;
// without it, `check` names the shared title, the unread field and the map lines, and exits 1.
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { checkCorpus } from '../../src/cli/check.ts';
import type { CorpusReport } from '../../src/cli/corpus-report.ts';
import { silentLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { openCorpus } from '../../src/search/open-corpus.ts';
import { FIXTURES, TempDirs } from '../support/corpus-files.ts';
import { COMMANDS } from '../../commands/index.ts';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

const SITE = path.join(FIXTURES, 'corpora', 'bilingual-site');
const LIMIT = 5 * 1024 * 1024;

interface Expected {
  readonly file: string;
  readonly title: string;
  readonly venue: string;
  readonly doi: string;
  readonly year: number;
}

async function expected(): Promise<Expected[]> {
  return JSON.parse(
    await readFile(path.join(FIXTURES, 'corpora', 'bilingual-site.expected.json'), 'utf8'),
  ) as Expected[];
}

/** The site copied without its map, as it was before anyone wrote one. */
async function siteWithoutMap(): Promise<string> {
  const root = await dirs.make();
  await cp(SITE, root, { recursive: true });
  await rm(path.join(root, 'paperbot.yml'));
  return root;
}

describe('the bilingual site with its paperbot.yml', () => {
  it('serves each page under its real title: searching the title finds that page first for ≥ 95 %', async () => {
    const pages = await expected();
    expect(pages.length).toBeGreaterThanOrEqual(30);
    const corpus = await Corpus.load(SITE);
    const bot = new Bot({ commands: COMMANDS, corpus, logger: silentLogger() });
    let first = 0;
    const misses: string[] = [];
    for (const page of pages) {
      // A colon would be read as a field filter (`year:2020`); someone pasting a title drops it.
      const reply = await bot.runLine(`/paper ${page.title.replace(/:/g, ' ')}`, CONSOLE_CALLER);
      const top = reply.cards[0]?.title;
      if (top === page.title) first++;
      else misses.push(`${page.title} -> ${top}`);
    }
    expect(first / pages.length, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('reads the journal from `title` as the venue, the abstract from the content language, and the DOI', async () => {
    const corpus = await Corpus.load(SITE);
    const byFile = new Map(corpus.entries().map((entry) => [entry.source.path, entry]));
    for (const page of await expected()) {
      const entry = byFile.get(page.file);
      expect(entry?.title, page.file).toBe(page.title);
      expect(entry?.journal, page.file).toBe(page.venue);
      expect(entry?.year, page.file).toBe(page.year);
      expect(entry?.doi?.toLowerCase(), page.file).toBe(page.doi.toLowerCase());
      expect(entry?.abstract, page.file).not.toMatch(/Zusammenfassung/);
      expect(entry?.abstract?.length, page.file).toBeGreaterThan(200);
    }
  });

  it('passes `paperbot check` with exit 0 and no warning', async () => {
    const outcome = await checkCorpus(SITE, LIMIT);
    expect(outcome.exitCode, outcome.lines.join('\n')).toBe(0);
    expect(outcome.lines.at(-1)).toBe('30 entries loaded, 0 files failed, 0 warnings');
  });

  it('reads the German blocks when CORPUS_LANGUAGE is de', async () => {
    const corpus = await Corpus.load(SITE, { language: 'de' });
    const [page] = await expected();
    const entry = corpus.entries().find((candidate) => candidate.source.path === page?.file);
    expect(entry?.title).toBe(`[DE] ${page?.title}`);
  });
});

describe('the bilingual site without a map', () => {
  it('makes `check` exit 1, naming the shared title, the unread field and the lines to add', async () => {
    const outcome = await checkCorpus(await siteWithoutMap(), LIMIT);
    expect(outcome.exitCode).toBe(1);
    const text = outcome.lines.join('\n');
    expect(text).toContain(
      '_posts: warning: one title shared by many pages: "BMJ open" (12 of 30 pages), "Scientific reports" (8 of 30 pages), "PloS one" (6 of 30 pages)',
    );
    expect(outcome.lines).toContain('    fields:');
    expect(outcome.lines).toContain('      title: ["{lang}.subtitle", title]');
    expect(outcome.lines).toContain('      venue: title');
    expect(text).toMatch(
      /_posts\/[^:]+\.md:\d+: warning: title-like field en\.subtitle \("[^"]+"\) is not read; the title is "BMJ open"\. If it holds the title, add paperbot\.yml: fields: title: \["\{lang\}\.subtitle", title\]/,
    );
  });

  it('gives the same verdict as JSON for CI', async () => {
    const outcome = await checkCorpus(await siteWithoutMap(), LIMIT, { json: true });
    const report = JSON.parse(outcome.lines.join('\n')) as CorpusReport;
    expect(outcome.exitCode).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.sharedTitles.map((shared) => [shared.folder, shared.titles[0]?.title])).toEqual([
      ['_posts', 'BMJ open'],
    ]);
  });
});

describe('a paperbot.yml that is not valid', () => {
  it.each([
    ['fields:\n  title: 3\n', 'paperbot.yml:2: fields.title: expected a path or a list of paths'],
    [
      '# site map\nfields:\n  venue: title\n  titel: subtitle\n',
      'paperbot.yml:4: fields.titel: unknown entry field "titel"',
    ],
    ['fields:\n  title: ["en subtitle"]\n', 'paperbot.yml:2: fields.title.0: expected a path or a list of paths'],
    [
      'overrides:\n  - match: "_posts/**"\n    fields:\n      abstract: []\n',
      'paperbot.yml:4: overrides.0.fields.abstract',
    ],
    ['fields: [title\n', 'paperbot.yml:2: YAML syntax error: unexpected end of the stream'],
    ['feilds:\n  title: subtitle\n', 'paperbot.yml:1: feilds: unknown setting "feilds"; expected fields or overrides'],
  ])('%j is named with its line by `check`, which exits 1, and pages are read as without it', async (map, line) => {
    const root = await dirs.make({
      'paperbot.yml': map,
      'a.md': '---\ntitle: Ferret transmission of avian influenza\nsubtitle: A cohort\n---\n',
    });
    const outcome = await checkCorpus(root, LIMIT);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.lines.find((text) => text.startsWith('paperbot.yml'))).toContain(line);
    const corpus = await Corpus.load(root);
    expect(corpus.entries().map((entry) => entry.title)).toEqual(['Ferret transmission of avian influenza: A cohort']);
  });
});

describe('a mapped field goes through the readers of an unmapped one', () => {
  it('reads authors, TeX titles, DOIs in links and PDF links through their mapped paths, per folder', async () => {
    const root = await dirs.make({
      'paperbot.yml': [
        'fields:',
        '  title: [paper.name, title]',
        '  authors: paper.people',
        '  link: paper.files.0',
        '  date: paper.published',
        'overrides:',
        '  - match: "talks/*.md"',
        '    fields:',
        '      title: event',
        '      venue: title',
        '      link: [slides, url_pdf]',
        '',
      ].join('\n'),
      'papers/a.md': [
        '---',
        'title: Preprints',
        'paper:',
        '  name: "The \\\\underline{ferret} model of \\\\emph{avian} influenza"',
        '  people:',
        '    - {given: Ada, family: Okafor}',
        '    - {given: Wei, family: Ng}',
        '  files: ["https://doi.org/10.1000/Ferret.1"]',
        '  published: 2021-05-04',
        '---',
      ].join('\n'),
      'papers/b.md': '---\ntitle: Zebrafish fin regeneration atlas\nauthors: Lind, Eva and Berg, Jon\n---\n',
      'talks/c.md':
        '---\ntitle: Workshop on viral transmission\nevent: Ferrets at scale\nurl_pdf: https://example.org/slides.pdf\n---\n',
    });
    const corpus = await Corpus.load(root);
    const byFile = new Map(corpus.entries().map((entry) => [entry.source.path, entry]));
    const a = byFile.get('papers/a.md');
    expect(a?.title).toBe('The ferret model of avian influenza');
    expect(a?.authors).toEqual(['Okafor, Ada', 'Ng, Wei']);
    expect(a?.doi).toBe('10.1000/Ferret.1');
    expect(a?.link).toBe('https://doi.org/10.1000/Ferret.1');
    expect(a?.date).toBe('2021-05-04');
    // A fallback path: the page has no `paper:` block, so its own title is read; authors are mapped, so none.
    expect(byFile.get('papers/b.md')?.title).toBe('Zebrafish fin regeneration atlas');
    const c = byFile.get('talks/c.md');
    expect([c?.title, c?.journal, c?.link]).toEqual([
      'Ferrets at scale',
      'Workshop on viral transmission',
      'https://example.org/slides.pdf',
    ]);
  });

  it('reads a missing mapped title as a problem naming the paths', async () => {
    const root = await dirs.make({
      'paperbot.yml': 'fields:\n  title: "{lang}.subtitle"\n',
      'a.md': '---\ntitle: Journal of Things\nde:\n  subtitle: Nur auf Deutsch\n---\n',
    });
    const outcome = await checkCorpus(root, LIMIT);
    expect(outcome.lines[0]).toBe(
      'a.md:2: missing title: none of {lang}.subtitle (paperbot.yml fields.title) holds one',
    );
  });
});

describe('the index snapshot and the map', () => {
  it('reads the corpus again when paperbot.yml changes, and serves the newly mapped titles', async () => {
    const root = await dirs.make({
      'a.md': '---\ntitle: Journal of Things\nen:\n  subtitle: Ferret transmission of avian influenza\n---\n',
    });
    const dataDir = path.join(await dirs.make(), 'data');
    const first = await openCorpus({ corpusDir: root, maxFileBytes: LIMIT, dataDir });
    await first.snapshotSaved;
    expect(first.corpus.entries().map((entry) => entry.title)).toEqual(['Journal of Things']);
    await writeFile(path.join(root, 'paperbot.yml'), 'fields:\n  title: ["{lang}.subtitle", title]\n');
    const second = await openCorpus({ corpusDir: root, maxFileBytes: LIMIT, dataDir });
    await second.snapshotSaved;
    expect(second.origin).toBe('built');
    expect(second.snapshotProblem).toMatch(/the field map \(paperbot.yml\) or the site's author pages changed/);
    expect(second.corpus.entries().map((entry) => entry.title)).toEqual(['Ferret transmission of avian influenza']);
  });
});

describe('the maps docs/corpus.md gives for common themes', () => {
  it.each([
    ['academicpages', 'fields: {title: title, venue: venue, date: date, link: paperurl}\n'],
    [
      'hugo-academic',
      'fields: {title: title, authors: authors, venue: publication, doi: doi, link: [url_pdf, links.0.url], date: date}\n',
    ],
    ['proceedings', 'fields: {venue: container-title, date: issued}\n'],
  ])('serve the %s fixture site as its own fields do', async (name, map) => {
    const root = await dirs.make();
    await cp(path.join(FIXTURES, 'corpora', name), root, { recursive: true });
    const shown = (corpus: Corpus): string[] =>
      corpus
        .entries()
        .map((entry) => JSON.stringify({ ...entry, added: undefined }))
        .sort();
    const without = shown(await Corpus.load(root));
    await writeFile(path.join(root, 'paperbot.yml'), map);
    const mapped = await Corpus.load(root);
    expect(mapped.problems().filter((problem) => problem.path === 'paperbot.yml')).toEqual([]);
    expect(shown(mapped)).toEqual(without);
  });
});
