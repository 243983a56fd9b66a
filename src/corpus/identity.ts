import { createHash } from 'node:crypto';
import { foldForMatching } from './text.ts';

export { extractDoi } from './doi.ts';

const ACCESSION = /^(?:S-[A-Z]+\d+|E-[A-Z]+-\d+|PRJ[A-Z]{2}\d+|GSE\d+|PXD\d+|MTBLS\d+)$/i;

export function isAccession(text: string): boolean {
  return ACCESSION.test(text.trim());
}

export function doiKey(doi: string): string {
  return `doi:${doi.toLowerCase()}`;
}

export function accessionKey(accession: string): string {
  return `biostudies:${accession.toUpperCase()}`;
}

/** A PubMed record with no DOI is known by its PMID. */
export function pmidKey(pmid: string): string {
  return `pmid:${pmid}`;
}

export function titleKey(title: string): string {
  const digest = createHash('sha256').update(foldForMatching(title)).digest('hex');
  return `title:${digest.slice(0, 16)}`;
}

export function entryKey(fields: { doi?: string; accession?: string; title: string }): string {
  if (fields.doi) return doiKey(fields.doi);
  if (fields.accession) return accessionKey(fields.accession);
  return titleKey(fields.title);
}

/** The public page of an accession, for similar datasets that are not in the corpus. */
export function accessionUrl(accession: string): string {
  return `https://www.ebi.ac.uk/biostudies/studies/${encodeURIComponent(accession.toUpperCase())}`;
}

export function doiUrl(doi: string): string {
  return `https://doi.org/${doi}`;
}

export function pubmedUrl(pmid: string): string {
  return `https://pubmed.ncbi.nlm.nih.gov/${pmid}/`;
}
