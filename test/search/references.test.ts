// Naming one entry: by accession, DOI, doi.org link, key, or words, in any case.
import { beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/corpus/corpus.ts';
import { MiniSearchBackend } from '../../src/search/minisearch-backend.ts';
import { parseReference, resolveReference } from '../../src/search/references.ts';
import { SHIPPED_CORPUS } from '../support/corpus-files.ts';

const PAPER = 'doi:10.14336/ad.2020.0228';
const DATASET = 'biostudies:S-EPMC8546390';
let index: MiniSearchBackend;

beforeAll(async () => {
  index = MiniSearchBackend.build((await Corpus.load(SHIPPED_CORPUS)).entries());
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
  ])('%s', async (input, key) => {
    expect((await resolveReference(index, input))?.key).toBe(key);
  });

  it('resolves title words to the best matching entry', async () => {
    expect((await resolveReference(index, 'ACE2 transplantation'))?.key).toBe(PAPER);
    expect((await resolveReference(index, 'multiple immunomodulatory mechanisms'))?.key).toBe(DATASET);
    expect((await resolveReference(index, 'MESENCHYMAL STEM CELL TREATMENT IMPROVES OUTCOME'))?.key).toBe(DATASET);
  });

  it('an identifier that is not in the corpus resolves to nothing, never to a word match', async () => {
    expect(await resolveReference(index, 'S-EPMC7473478')).toBeUndefined();
    expect(await resolveReference(index, '10.1000/not.here')).toBeUndefined();
    expect(await resolveReference(index, 'https://doi.org/10.1000/not.here')).toBeUndefined();
  });

  it('words that match nothing resolve to nothing', async () => {
    expect(await resolveReference(index, 'xylophone quasar')).toBeUndefined();
    expect(await resolveReference(index, '   ')).toBeUndefined();
  });
});

describe('parseReference', () => {
  it('reads identifiers as keys and everything else as words', async () => {
    expect(parseReference('S-EPMC8546390')).toEqual({ kind: 'keys', keys: [DATASET], accession: 'S-EPMC8546390' });
    expect(parseReference('https://doi.org/10.14336/AD.2020.0228')).toEqual({ kind: 'keys', keys: [PAPER] });
    expect(parseReference('stem cells')).toEqual({ kind: 'words', text: 'stem cells' });
  });
});
