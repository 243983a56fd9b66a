// Naming one entry: by accession, DOI, doi.org link, key, or words, in any case.
import { beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import { CorpusIndex } from '../../src/search/corpus-index.ts';
import { parseReference } from '../../src/search/references.ts';
import { SHIPPED_CORPUS } from '../support/corpus-files.ts';

const PAPER = 'doi:10.14336/ad.2020.0228';
const DATASET = 'biostudies:S-EPMC8546390';
let index: CorpusIndex;

beforeAll(async () => {
  index = new CorpusIndex((await Corpus.load(SHIPPED_CORPUS)).entries());
});

describe('resolving what a user typed to one entry', () => {
  it.each([
    ['S-EPMC8546390', DATASET],
    ['s-epmc8546390', DATASET],
    ['  S-EPMC8546390  ', DATASET],
    ['biostudies:S-EPMC8546390', DATASET],
    ['BIOSTUDIES:s-epmc8546390', DATASET],
    ['https://www.ebi.ac.uk/biostudies/studies/S-EPMC8546390', DATASET],
    ['10.14336/AD.2020.0228', PAPER],
    ['10.14336/ad.2020.0228', PAPER],
    ['https://doi.org/10.14336/AD.2020.0228', PAPER],
    ['http://dx.doi.org/10.14336/ad.2020.0228', PAPER],
    ['doi.org/10.14336/AD.2020.0228', PAPER],
    ['<https://doi.org/10.14336/AD.2020.0228>', PAPER],
    ['doi:10.14336/ad.2020.0228', PAPER],
    ['DOI:10.14336/AD.2020.0228', PAPER],
  ])('%s', (input, key) => {
    expect(index.resolve(input)?.key).toBe(key);
  });

  it('resolves title words to the best matching entry', () => {
    expect(index.resolve('ACE2 transplantation')?.key).toBe(PAPER);
    expect(index.resolve('multiple immunomodulatory mechanisms')?.key).toBe(DATASET);
    expect(index.resolve('MESENCHYMAL STEM CELL TREATMENT IMPROVES OUTCOME')?.key).toBe(DATASET);
  });

  it('an identifier that is not in the corpus resolves to nothing, never to a word match', () => {
    expect(index.resolve('S-EPMC7473478')).toBeUndefined();
    expect(index.resolve('10.1000/not.here')).toBeUndefined();
    expect(index.resolve('https://doi.org/10.1000/not.here')).toBeUndefined();
  });

  it('words that match nothing resolve to nothing', () => {
    expect(index.resolve('xylophone quasar')).toBeUndefined();
    expect(index.resolve('   ')).toBeUndefined();
  });
});

describe('parseReference', () => {
  it('reads identifiers as keys and everything else as words', () => {
    expect(parseReference('S-EPMC8546390')).toEqual({ kind: 'keys', keys: [DATASET], accession: 'S-EPMC8546390' });
    expect(parseReference('https://doi.org/10.14336/AD.2020.0228')).toEqual({ kind: 'keys', keys: [PAPER] });
    expect(parseReference('stem cells')).toEqual({ kind: 'words', text: 'stem cells' });
  });
});
