// What a reader of an export sees of its odd corners: TeX as text, names as names, macros
// expanded, identities from DOI or PMID, and datasets as datasets, in every export format.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { Entry } from '../../src/corpus/entry.ts';
import { FIXTURES, TempDirs } from '../support/corpus-files.ts';

const FORMATS = ['bibtex', 'ris', 'csl-json', 'pubmed'];
const dirs = new TempDirs();
/** Every export fixture's entries, with paths as `<format folder>/<file>`. */
let entries: Entry[];
let problems: string[];

beforeAll(async () => {
  const corpora = await Promise.all(FORMATS.map((format) => Corpus.load(path.join(FIXTURES, 'corpora', format))));
  entries = corpora.flatMap((corpus, i) =>
    corpus
      .entries()
      .map((entry) => ({ ...entry, source: { ...entry.source, path: `${FORMATS[i]}/${entry.source.path}` } })),
  );
  problems = corpora.flatMap((corpus, i) =>
    corpus.problems().map((problem) => `${FORMATS[i]}/${problem.path}:${problem.line}: ${problem.reason}`),
  );
});
afterAll(() => dirs.cleanup());

function byRef(file: string, ref: string): Entry {
  const entry = entries.find((candidate) => candidate.source.path === file && candidate.source.ref === ref);
  if (!entry) throw new Error(`no entry ${ref} in ${file}`);
  return entry;
}

describe('BibTeX as hand-kept lists write it', () => {
  it('shows TeX markup, accents and math as text, with no backslash, brace or dollar left anywhere', () => {
    expect(byRef('bibtex/hand-kept.bib', 'zylbersztejn:developing:2020').title).toBe(
      'Developing a national birth cohort for child health research using a hospital admissions database in England: The impact of changes to data collection practices.',
    );
    expect(byRef('bibtex/hand-kept.bib', 'deangel:using:2022').title).toBe(
      'Using digital health tools for the Remote Assessment of Treatment Prognosis in Depression (RAPID): a study protocol for a feasibility study.',
    );
    const texts = entries
      .filter((entry) => entry.source.format === 'bibtex')
      .flatMap((entry) => [entry.title, entry.abstract ?? '', entry.journal ?? '', ...entry.authors]);
    expect(texts.filter((text) => /[\\{}$]/.test(text))).toEqual([]);
  });

  it('gives authors as display names, accents decoded and institutions whole', () => {
    const authors = byRef('bibtex/hand-kept.bib', 'HelgadottirGenetic2020').authors;
    expect(authors.slice(0, 2)).toEqual(['Helgadottir, A.', 'Thorleifsson, G.']);
    expect(authors).toContain('Björnsson, E.');
    expect(authors).toContain('Køber, L.');
    expect(authors).toContain('Jensson BÖ');
  });

  it('expands @string macros and # joins into the venue, and reads journaltitle and date', () => {
    const journals = entries
      .filter((entry) => entry.source.path === 'bibtex/hand-kept.bib')
      .map((entry) => entry.journal);
    expect(journals).toContain('Lancet (London, England)');
    expect(journals).toContain('BMJ open');
    expect(journals).toContain('PloS one');
    expect(journals).toContain('Journal of global health');
    expect(byRef('bibtex/hand-kept.bib', 'WengGenetic2020')).toMatchObject({
      date: '2020-08-21',
      year: 2020,
      journal: 'Circulation. Genomic and precision medicine',
    });
  });

  it('reads both records that share a citation key, and warns about the second', () => {
    const shared = entries.filter((entry) => entry.source.ref === 'sera:cross:2021');
    expect(shared).toHaveLength(2);
    expect(new Set(shared.map((entry) => entry.key)).size).toBe(2);
    expect(problems).toContain('bibtex/hand-kept.bib:92: citation key is also used at line 82; both records are read');
  });
});

describe('identity and links', () => {
  it('keys a record by its DOI, else by its PMID with a PubMed link, and keeps every record apart', () => {
    const noDoi = byRef('pubmed/pubmed-covid-set.nbib', 'PMID 31857590');
    expect(noDoi).toMatchObject({ key: 'pmid:31857590', link: 'https://pubmed.ncbi.nlm.nih.gov/31857590/' });
    expect(noDoi.doi).toBeUndefined();
    const withDoi = byRef('bibtex/zotero-library.bib', 'whitaker_persistent_2022');
    expect(withDoi).toMatchObject({
      key: 'doi:10.1038/s41467-022-29521-z',
      link: 'https://doi.org/10.1038/s41467-022-29521-z',
    });
    expect(entries).toHaveLength(173);
    expect(new Set(entries.map((entry) => entry.key)).size).toBe(173);
  });
});

describe('datasets and dates in each format', () => {
  it('reads a dataset as a dataset, with its repository, whichever manager exported it', async () => {
    const root = await dirs.make({
      'data.bib':
        '@dataset{zenodo1,\n  title = {Sequencing reads of patient isolates},\n  author = {Doe, Jane},\n  publisher = {Zenodo},\n  date = {2021-06},\n  doi = {10.5281/zenodo.111},\n}\n',
      'data.ris':
        'TY  - DATA\nTI  - Survey responses from the second wave\nAU  - Roe, Richard\nPY  - 2020\nPB  - Dryad\nDO  - 10.5061/dryad.222\nER  - \n',
      'data.json':
        '[{"id": "ds3", "type": "dataset", "title": "Imaging archive of tumour slides", "publisher": "Figshare", "issued": {"date-parts": [["2019", "11"]]}}]\n',
    });
    const corpus = await Corpus.load(root);
    const seen = corpus.entries().map((entry) => ({
      title: entry.title,
      kind: entry.kind,
      repository: entry.repository,
      date: entry.date,
      year: entry.year,
    }));
    expect(seen.sort((a, b) => a.title.localeCompare(b.title))).toEqual([
      {
        title: 'Imaging archive of tumour slides',
        kind: 'dataset',
        repository: 'Figshare',
        date: '2019-11',
        year: 2019,
      },
      {
        title: 'Sequencing reads of patient isolates',
        kind: 'dataset',
        repository: 'Zenodo',
        date: '2021-06',
        year: 2021,
      },
      {
        title: 'Survey responses from the second wave',
        kind: 'dataset',
        repository: 'Dryad',
        date: undefined,
        year: 2020,
      },
    ]);
  });

  it('reads PubMed dates as PubMed writes them, and a title continued over indented lines', async () => {
    const record = (pmid: number, dp: string): string =>
      `PMID- ${pmid}\nTI  - A study dated ${dp} whose title runs on\n      over a second line.\nDP  - ${dp}\n`;
    const root = await dirs.make({
      'set.nbib': [
        record(1, '2020 Mar 9'),
        record(2, '2019 Winter'),
        record(3, '2021 Jan-Feb'),
        record(4, '2018'),
      ].join('\n'),
    });
    const dates = (await Corpus.load(root)).entries().map((entry) => [entry.title, entry.date, entry.year]);
    expect(dates).toEqual([
      ['A study dated 2020 Mar 9 whose title runs on over a second line.', '2020-03-09', 2020],
      ['A study dated 2019 Winter whose title runs on over a second line.', undefined, 2019],
      ['A study dated 2021 Jan-Feb whose title runs on over a second line.', '2021-01', 2021],
      ['A study dated 2018 whose title runs on over a second line.', undefined, 2018],
    ]);
  });
});
