// The first shipped seed (a Jekyll-style front-matter entry), field by field. Expected values
// were read off the seed file itself, not off the parser's output.
import { beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { Entry } from '../../src/corpus/entry.ts';
import { SEED_PAPER_FILE, SEED_PAPER_TITLE, SHIPPED_CORPUS } from '../support/corpus-files.ts';

const AUTHORS = [
  'Leng, Zikuan',
  'Zhu, Rongjia',
  'Hou, Wei',
  'Feng, Yingmei',
  'Yang, Yanlei',
  'Han, Qin',
  'Shan, Guangliang',
  'Meng, Fanyan',
  'Du, Dongshu',
  'Wang, Shihua',
  'Fan, Junfen',
  'Wang, Wenjing',
  'Deng, Luchan',
  'Shi, Hongbo',
  'Li, Hongjun',
  'Hu, Zhongjie',
  'Zhang, Fengchun',
  'Gao, Jinming',
  'Liu, Hongjian',
  'Li, Xiaoxia',
  'Zhao, Yangyang',
  'Yin, Kan',
  'He, Xijing',
  'Gao, Zhengchao',
  'Wang, Yibin',
  'Yang, Bo',
  'Jin, Ronghua',
  'Stambler, Ilia',
  'Lim, Lee Wei',
  'Su, Huanxing',
  'Moskalev, Alexey',
  'Cano, Antonio',
  'Chakrabarti, Sasanka',
  'Min, Kyung-Jin',
  'Ellison-Hughes, Georgina',
  'Caruso, Calogero',
  'Jin, Kunlin',
  'Zhao, Robert Chunhua',
];

const SUMMARY =
  'HCoV-19 has caused the novel coronavirus disease (COVID-19) outbreak in Wuhan, China. ' +
  'Mesenchymal stem cells (MSCs) have a powerful immunomodulatory function. ' +
  'MSCs could cure or significantly improve the functional outcomes of seven patients without observed adverse effects. ' +
  'The pulmonary function and symptoms of these seven patients were significantly improved in 2 days after MSC transplantation.';

const ABSTRACT_START =
  'A coronavirus (HCoV-19) has caused the novel coronavirus disease (COVID-19) outbreak in Wuhan, China. ' +
  'Preventing and reversing the cytokine storm may be the key to save the patients with severe COVID-19 pneumonia.';
const ABSTRACT_END =
  'Thus, the intravenous transplantation of MSCs was safe and effective for treatment in patients with COVID-19 pneumonia, ' +
  'especially for the patients in critically severe condition.';

describe('seed 000: the front-matter paper', () => {
  let entry: Entry;

  beforeAll(async () => {
    const corpus = await Corpus.load(SHIPPED_CORPUS);
    const found = corpus.get('doi:10.14336/ad.2020.0228');
    if (!found) throw new Error('the front-matter seed did not load under its DOI key');
    entry = found;
  });

  it('is keyed by its lowercased DOI and keeps the DOI as written', () => {
    expect(entry.key).toBe('doi:10.14336/ad.2020.0228');
    expect(entry.doi).toBe('10.14336/AD.2020.0228');
    expect(entry.link).toBe('https://doi.org/10.14336/AD.2020.0228');
  });

  it('has the title, unquoted', () => {
    expect(entry.title).toBe(SEED_PAPER_TITLE);
  });

  it('lists all 38 authors in order, from the one `Last, First; …` list item', () => {
    expect(entry.authors).toEqual(AUTHORS);
    expect(entry.authors).toHaveLength(38);
  });

  it('keeps its own summary apart from the abstract (`original`)', () => {
    expect(entry.summary).toBe(SUMMARY);
    expect(entry.abstract?.startsWith(ABSTRACT_START)).toBe(true);
    expect(entry.abstract?.endsWith(ABSTRACT_END)).toBe(true);
    expect(entry.abstract).toContain(
      'CXCR3+CD4+ T cells, CXCR3+CD8+ T cells, and CXCR3+ NK cells disappeared in 3-6 days.',
    );
    expect(entry.abstract).not.toBe(entry.summary);
  });

  it('is a paper with no accession, journal, date or similar list (the seed has none)', () => {
    expect(entry.kind).toBe('paper');
    expect(entry.accession).toBeUndefined();
    expect(entry.journal).toBeUndefined();
    expect(entry.date).toBeUndefined();
    expect(entry.year).toBeUndefined();
    expect(entry.submitter).toBeUndefined();
    expect(entry.similar).toEqual([]);
  });

  it('records where it came from', () => {
    expect(entry.source).toEqual({ path: SEED_PAPER_FILE, format: 'front-matter' });
    expect(Number.isNaN(Date.parse(entry.added))).toBe(false);
  });
});
