// The second shipped seed (a plain-text BioStudies / OmicsDI page dump), field by field.
// Expected values were read off the seed file itself, not off the parser's output.
import { beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { Entry } from '../../src/corpus/entry.ts';
import { SEED_DATASET_FILE, SEED_DATASET_TITLE, SHIPPED_CORPUS, readSeed } from '../support/corpus-files.ts';

/** The Publications block writes `Zhu Rongjia R`, names separated by no-break spaces; shown as `Zhu, Rongjia`. */
const AUTHORS = [
  'Zhu, Rongjia',
  'Yan, Tingdong',
  'Feng, Yingmei',
  'Liu, Yan',
  'Cao, Hongcui',
  'Peng, Gongxin',
  'Yang, Yanlei',
  'Xu, Zhen',
  'Liu, Jingqi',
  'Hou, Wei',
  'Wang, Xiaoyue',
  'Li, Zhe',
  'Deng, Luchan',
  'Wang, Shihua',
  'Li, Jing',
  'Han, Qin',
  'Li, Hongling',
  'Shan, Guangliang',
  'Cao, Yinghao',
  'An, Xingyan',
  'Yan, Jianshe',
  'Zhang, Zhonghui',
  'Li, Huafei',
  'Qu, Xuebin',
  'Zhu, Jiaqi',
  'Zhou, Shumin',
  'Wang, Jiao',
  'Zhang, Fengchun',
  'Gao, Jinming',
  'Jin, Ronghua',
  'Xu, Dayong',
  'Ma, Yan-Qing',
  'Huang, Tao',
  'Peng, Shuang',
  'Zheng, Zhi',
  'Stambler, Ilia',
  'Gilson, Eric',
  'Lim, Lee Wei',
  'Moskalev, Alexey',
  'Cano, Antonio',
  'Chakrabarti, Sasanka',
  'Ulfhake, Brun',
  'Su, Huanxing',
  'Xu, Haoying',
  'Xu, Sihuan',
  'Wei, Feng',
  'Brown-Borg, Holly M',
  'Min, Kyung-Jin',
  'Ellison-Hughes, Georgina',
  'Caruso, Calogero',
  'Jin, Kunlin',
  'Zhao, Robert Chunhua',
];

/** The `ABSTRACT:` line, with its thin spaces (U+2009) and no-break spaces read as plain spaces. */
const ABSTRACT = [
  'The infusion of coronavirus disease 2019 (COVID-19) patients with mesenchymal stem cells (MSCs) potentially improves clinical symptoms, but the underlying mechanism remains unclear.',
  'We conducted a randomized, single-blind, placebo-controlled (29 patients/group) phase II clinical trial to validate previous findings and explore the potential mechanisms.',
  'Patients treated with umbilical cord-derived MSCs exhibited a shorter hospital stay (P = 0.0198) and less time required for symptoms remission (P = 0.0194) than those who received placebo.',
  'Based on chest images, both severe and critical patients treated with MSCs showed improvement by day 7 (P = 0.0099) and day 21 (P = 0.0084).',
  'MSC-treated patients had fewer adverse events.',
  'MSC infusion reduced the levels of C-reactive protein, proinflammatory cytokines, and neutrophil extracellular traps (NETs) and promoted the maintenance of SARS-CoV-2-specific antibodies.',
  'To explore how MSCs modulate the immune system, we employed single-cell RNA sequencing analysis on peripheral blood.',
  'Our analysis identified a novel subpopulation of VNN2+ hematopoietic stem/progenitor-like (HSPC-like) cells expressing CSF3R and PTPRE that were mobilized following MSC infusion.',
  'Genes encoding chemotaxis factors - CX3CR1 and L-selectin - were upregulated in various immune cells.',
  'MSC treatment also regulated B cell subsets and increased the expression of costimulatory CD28 in T cells in vivo and in vitro.',
  'In addition, an in vivo mouse study confirmed that MSCs suppressed NET release and reduced venous thrombosis by upregulating kindlin-3 signaling.',
  'Together, our results underscore the role of MSCs in improving COVID-19 patient outcomes via maintenance of immune homeostasis.',
].join(' ');

const SIMILAR = [
  'S-EPMC7473478',
  'S-EPMC7069465',
  'S-EPMC10103048',
  'S-EPMC9456387',
  'S-EPMC10328058',
  'S-EPMC9357915',
  'S-EPMC7512102',
  'S-EPMC4142833',
  'S-EPMC8907937',
];

describe('seed 003: the BioStudies page dump', () => {
  let entry: Entry;

  beforeAll(async () => {
    const corpus = await Corpus.load(SHIPPED_CORPUS);
    const found = corpus.get('biostudies:S-EPMC8546390');
    if (!found) throw new Error('the BioStudies seed did not load under its accession key');
    entry = found;
  });

  it('really does hold the characters this test says are normalised', async () => {
    const raw = (await readSeed(SEED_DATASET_FILE)).toString('utf8');
    expect(raw).toContain('(P\u2009=\u20090.0198)');
    expect(raw).toContain('Zhu Rongjia R \u00a0 Yan Tingdong T');
  });

  it('is keyed by its accession and links to its public page', () => {
    expect(entry.key).toBe('biostudies:S-EPMC8546390');
    expect(entry.accession).toBe('S-EPMC8546390');
    expect(entry.link).toBe('https://www.ebi.ac.uk/biostudies/studies/S-EPMC8546390');
    expect(entry.doi).toBeUndefined();
  });

  it('takes the title from the line before ABSTRACT:, skipping the page furniture above it', () => {
    expect(entry.title).toBe(SEED_DATASET_TITLE);
  });

  it('lists all 52 publication authors in order, in `Family, Given` form', () => {
    expect(entry.authors).toEqual(AUTHORS);
    expect(entry.authors).toHaveLength(52);
  });

  it('reads the abstract with thin and no-break spaces normalised', () => {
    expect(entry.abstract).toBe(ABSTRACT);
    expect(entry.abstract).not.toMatch(/[\u2009\u00a0]/);
  });

  it('has no summary of its own', () => {
    expect(entry.summary).toBeUndefined();
  });

  it('reads PROVIDER, REPOSITORIES and SUBMITTER', () => {
    expect(entry.provider).toBe('biostudies-literature');
    expect(entry.repository).toBe('biostudies-literature');
    expect(entry.submitter).toBe('Zhu R');
  });

  it('takes journal and date from the Publications block', () => {
    expect(entry.journal).toBe('Cell research');
    expect(entry.date).toBe('2021-10-26');
    expect(entry.year).toBe(2021);
  });

  it('lists the nine similar datasets in page order', () => {
    expect(entry.similar).toEqual(SIMILAR);
  });

  it('is a dataset, recorded with its source file and format', () => {
    expect(entry.kind).toBe('dataset');
    expect(entry.source).toEqual({ path: SEED_DATASET_FILE, format: 'biostudies-page' });
  });
});

describe('the shipped corpus as a whole', () => {
  it('loads exactly the two seeds with no problems', async () => {
    const corpus = await Corpus.load(SHIPPED_CORPUS);
    expect(
      corpus
        .entries()
        .map((entry) => entry.key)
        .sort(),
    ).toEqual(['biostudies:S-EPMC8546390', 'doi:10.14336/ad.2020.0228']);
    expect(corpus.problems()).toEqual([]);
  });
});
