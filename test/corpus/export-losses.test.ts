// What real exports and sites lost on the way to a card, each on a fixture shaped like the real
// thing (test/fixtures/export-losses): a conference .bib's @proceedings and crossref, TeX commands
// the tables do not know, doubly braced URLs, RIS conference years, Cite's RIS in the console,
// Wowchemy's `admin`, Hugo's per-language page bundles and TOML front matter.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { Entry } from '../../src/corpus/entry.ts';
import { checkCorpus } from '../../src/cli/check.ts';
import { silentLogger } from '../../src/logger.ts';
import { renderForConsole } from '../../src/platforms/console/render.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { FIXTURES, TempDirs } from '../support/corpus-files.ts';
import { COMMANDS } from '../../commands/index.ts';
import { afterEach } from 'vitest';

const LOSSES = path.join(FIXTURES, 'export-losses');
const LIMIT = 5 * 1024 * 1024;
const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

async function entriesOf(folder: string, language?: string): Promise<Map<string, Entry>> {
  const corpus = await Corpus.load(path.join(LOSSES, folder), { language });
  return new Map(corpus.entries().map((entry) => [entry.title, entry]));
}

describe('a conference .bib with @proceedings and crossref', () => {
  it("lends the volume's booktitle and year to papers without them, and does not serve the volume", async () => {
    const byTitle = await entriesOf('proceedings');
    const smith = byTitle.get('Sparse Attention for Sensor Fusion in Weather Stations');
    expect([smith?.journal, smith?.year]).toEqual([
      'Proceedings of the 38th International Conference on Machine Learning',
      2021,
    ]);
    // crossref names a volume further down the file: its booktitle, not its title.
    const lee = byTitle.get('Graph Networks for Medium-Range Weather Forecasting');
    expect([lee?.journal, lee?.year]).toEqual(['Advances in Neural Information Processing Systems 33', 2020]);
    expect(byTitle.has('Proceedings of the 38th International Conference on Machine Learning')).toBe(false);
    expect(byTitle.has('Advances in Neural Information Processing Systems 33 (NeurIPS 2020)')).toBe(false);
    // A volume nothing borrows from (a list of edited volumes) is still an entry.
    expect(byTitle.get('Proceedings of the Workshop on Ferret Models')?.year).toBe(2019);
    // A volume whose paper names it itself is a header too.
    expect(byTitle.has('Proceedings of the Conference on Health, Inference, and Learning')).toBe(false);
    expect(byTitle.get('A National Initiative in Data Science for Health')?.year).toBe(2020);
    expect(byTitle.size).toBe(4);
  });

  it("cites a crossref'd paper with the volume's booktitle and year", async () => {
    const corpus = await Corpus.load(path.join(LOSSES, 'proceedings'));
    const bot = new Bot({ commands: COMMANDS, corpus, logger: silentLogger() });
    const reply = await bot.runLine('/paper cite Graph Networks Medium-Range Weather bibtex', CONSOLE_CALLER);
    const record = reply.cards[0]?.body?.map((segment) => segment.text).join('') ?? '';
    expect(record).toContain('Advances in Neural Information Processing Systems 33');
    expect(record).toMatch(/year = \{2020\}/);
  });

  it('reads url = {{https://…}} as the link', async () => {
    const smith = (await entriesOf('proceedings')).get('Sparse Attention for Sensor Fusion in Weather Stations');
    expect(smith?.link).toBe('https://proceedings.mlr.press/v139/smith21a.html');
  });

  it('keeps the argument of a TeX command and the words around an unknown one, and check names it', async () => {
    const smith = (await entriesOf('proceedings')).get('Sparse Attention for Sensor Fusion in Weather Stations');
    expect(smith?.abstract).toBe('We fuse sensors with a attention model and report gains.');
    const outcome = await checkCorpus(path.join(LOSSES, 'proceedings'), LIMIT);
    expect(outcome.lines[0]).toBe(
      'pmlr-v139.bib:17: warning: unknown TeX command \\mysparse dropped (its argument, if any, is kept as text)',
    );
    expect(outcome.exitCode).toBe(0);
  });

  it('does the same for TeX in a page', async () => {
    const root = await dirs.make({
      'a.md': '---\ntitle: "The \\\\underline{S}ensor model of \\\\foo avian influenza"\n---\n',
    });
    const corpus = await Corpus.load(root);
    expect(corpus.entries()[0]?.title).toBe('The Sensor model of avian influenza');
    expect(corpus.problems().map((problem) => `${problem.line}: ${problem.reason}`)).toEqual([
      '2: unknown TeX command \\foo dropped (its argument, if any, is kept as text)',
    ]);
  });
});

describe('RIS', () => {
  it('keeps the year of a TY  - CONF record that gives only PY', async () => {
    const byTitle = await entriesOf('ris');
    const conference = byTitle.get('Ensemble Forecasts of Ferret Influenza Transmission');
    expect([conference?.year, conference?.journal]).toEqual([2021, 'Workshop on Climate and Health']);
    expect(byTitle.get('Zebrafish Fin Regeneration Atlas')?.year).toBe(2019);
  });
});

describe("Cite's records in the console", () => {
  it('prints each RIS tag and BibTeX field on one line, however long the title', async () => {
    const corpus = await Corpus.load(path.join(LOSSES, 'long-title'));
    const bot = new Bot({ commands: COMMANDS, corpus, logger: silentLogger() });
    const [entry] = corpus.entries();
    const reply = await bot.runLine('/paper cite 10.1000/long.1', CONSOLE_CALLER);
    const lines = renderForConsole(reply, { ansi: false, interactive: false }).text.split('\n');
    const ris = lines.slice(lines.indexOf('4. RIS') + 1).map((line) => line.trim());
    expect(
      ris.every((line) => /^[A-Z][A-Z0-9] {2}-/.test(line)),
      ris.join('\n'),
    ).toBe(true);
    expect(ris).toContain(`TI  - ${entry?.title}`);
    expect(lines.map((line) => line.trim())).toContain(`title = {${entry?.title.replace('COVID', '{COVID}')}},`);
  });
});

describe('a Wowchemy site', () => {
  it("serves admin under the name on the site's author page, in YAML and TOML pages", async () => {
    const byTitle = await entriesOf('hugo-site');
    expect(byTitle.get('Ferret Transmission of Avian Influenza')?.authors).toEqual(['Ada Okafor', 'Wei Ng']);
    expect(byTitle.get('Zebrafish Fin Regeneration Atlas')?.authors).toEqual(['Ada Okafor', 'Eva Lind']);
  });

  it('keeps admin, with a warning, when the site has no author page', async () => {
    const outcome = await checkCorpus(path.join(LOSSES, 'hugo-no-author'), LIMIT);
    expect(outcome.lines[0]).toBe(
      'content/publication/sepsis/index.md:3: warning: author "admin" is the site\'s author, but no content/authors/admin/_index.md says who that is; shown as admin',
    );
    expect(outcome.exitCode).toBe(0);
    expect([...(await entriesOf('hugo-no-author')).values()][0]?.authors).toEqual(['admin']);
  });

  it('serves index.md and index.de.md of one bundle as one paper, in the content language, with no DOI clash', async () => {
    const outcome = await checkCorpus(path.join(LOSSES, 'hugo-site'), LIMIT);
    expect(outcome.exitCode, outcome.lines.join('\n')).toBe(0);
    expect(outcome.lines.at(-1)).toBe('2 entries loaded, 0 files failed, 0 warnings');
    const english = await entriesOf('hugo-site', 'en');
    expect(english.get('Ferret Transmission of Avian Influenza')?.source.path).toBe(
      'content/publication/ferrets/index.md',
    );
    const german = await entriesOf('hugo-site', 'de');
    expect(german.get('Übertragung der Vogelgrippe bei Frettchen')?.source.path).toBe(
      'content/publication/ferrets/index.de.md',
    );
    expect(german.size).toBe(2);
  });

  it('reads TOML (+++) front matter', async () => {
    const zebrafish = (await entriesOf('hugo-site')).get('Zebrafish Fin Regeneration Atlas');
    expect([zebrafish?.doi, zebrafish?.year, zebrafish?.journal, zebrafish?.source.format]).toEqual([
      '10.1000/fin.3',
      2021,
      'Developmental Biology',
      'toml-front-matter',
    ]);
  });
});
