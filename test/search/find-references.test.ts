// The identifiers a pasted message names: what "Find in paperbot" and Slack unfurls read.
import { describe, expect, it } from 'vitest';
import { findReferences, refOfLink } from '../../src/search/references.ts';

describe('finding DOIs, doi.org links and accessions in a message', () => {
  it('reads each kind once, in order, with trailing punctuation and brackets left off', () => {
    const text =
      'Read (https://doi.org/10.14336/AD.2020.0228). Also 10.1016/S0140-6736(20)30183-5, and the data S-EPMC8546390; again: doi.org/10.14336/ad.2020.0228!';
    expect(findReferences(text).map((found) => found.ref)).toEqual([
      '10.14336/AD.2020.0228',
      '10.1016/S0140-6736(20)30183-5',
      'S-EPMC8546390',
    ]);
  });

  it('reads links inside Slack and Discord markup, and accession pages of BioStudies and OmicsDI', () => {
    const text =
      '<https://dx.doi.org/10.1038/s41586-020-2012-7|the paper> and <https://www.ebi.ac.uk/biostudies/studies/S-EPMC7473478> [data](https://www.omicsdi.org/dataset/biostudies-literature/S-EPMC8546390)';
    expect(findReferences(text).map((found) => found.ref)).toEqual([
      '10.1038/s41586-020-2012-7',
      'S-EPMC7473478',
      'S-EPMC8546390',
    ]);
  });

  it('passes over other links, words that look like identifiers, and a DOI prefix with no suffix', () => {
    expect(
      findReferences(
        'see https://example.org/S-EPMC8546390x and https://github.com/a/b, COVID-19, 10.1234/ and SARS-CoV-2',
      ),
    ).toEqual([]);
    expect(refOfLink('https://example.org/paper')).toBeUndefined();
    expect(refOfLink('https://doi.org/10.1002%2Fsctm.20-0107')).toBe('10.1002/sctm.20-0107');
  });

  it('stops at a limit and never reads past the first 20 000 characters', () => {
    const many = Array.from({ length: 40 }, (_, index) => `10.5555/n${index}`).join(' ');
    expect(findReferences(many)).toHaveLength(25);
    expect(findReferences(`${'x '.repeat(10_000)} S-EPMC8546390`)).toEqual([]);
  });
});
