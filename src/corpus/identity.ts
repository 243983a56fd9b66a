import { createHash } from 'node:crypto';
import { foldForMatching } from './text.ts';

const DOI_IN_TEXT = /\b(10\.\d{4,9}\/[^\s"<>]+)/i;
const DOI_URL_PREFIX = /^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i;
const ACCESSION = /^(?:S-[A-Z]+\d+|E-[A-Z]+-\d+|PRJ[A-Z]{2}\d+|GSE\d+|PXD\d+|MTBLS\d+)$/i;

/** Extracts a bare DOI from a DOI, a doi.org link or text holding one; trailing punctuation dropped. */
export function extractDoi(text: string): string | undefined {
  const trimmed = text.trim().replace(DOI_URL_PREFIX, '');
  const match = DOI_IN_TEXT.exec(trimmed);
  if (!match?.[1]) return undefined;
  return match[1].replace(/[.,;:)\]}]+$/, '');
}

export function isAccession(text: string): boolean {
  return ACCESSION.test(text.trim());
}

export function doiKey(doi: string): string {
  return `doi:${doi.toLowerCase()}`;
}

export function accessionKey(accession: string): string {
  return `biostudies:${accession.toUpperCase()}`;
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
