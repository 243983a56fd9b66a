import { parse as parseName } from '@citation-js/name';
import type { Entry } from '../corpus/entry.ts';
import type { CslItem, CslName } from './csl.ts';
import type { CitationStyle } from './write-citation.ts';

/** `Zhu R`, `Zhao RC`: a family name and initials, as Europe PMC and PubMed write authors. */
const INITIALS_FORM = /^(.+?)\s+(\p{Lu}{1,4})$/u;

/**
 * Authors a style names before it cuts the list: APA (7th edition) names up to 20 and past that
 * the first 19, an ellipsis and the last; Vancouver (ICMJE) names 6 and "et al." past that.
 * BibTeX and RIS records name every author up to MAX_RECORD_AUTHORS; the card says when more were left out.
 */
export const MAX_RECORD_AUTHORS = 1_000;
const APA_AUTHORS = 20;
const VANCOUVER_AUTHORS = 6;

/**
 * The authors a style's citation is written from: a million-name list is cut here, before any
 * name is parsed. APA's and Vancouver's CSL styles cut the list themselves (et-al rules), given one
 * name past their count; the last name goes with APA's.
 */
export function authorsToCite(
  authors: readonly string[],
  style: CitationStyle | undefined,
): { readonly authors: readonly string[]; readonly omitted: number } {
  if (style === 'apa' && authors.length > APA_AUTHORS + 1)
    return { authors: [...authors.slice(0, APA_AUTHORS), ...authors.slice(-1)], omitted: 0 };
  if (style === 'vancouver' && authors.length > VANCOUVER_AUTHORS + 1)
    return { authors: authors.slice(0, VANCOUVER_AUTHORS + 1), omitted: 0 };
  if (authors.length > MAX_RECORD_AUTHORS)
    return { authors: authors.slice(0, MAX_RECORD_AUTHORS), omitted: authors.length - MAX_RECORD_AUTHORS };
  return { authors, omitted: 0 };
}

/** An entry as CSL-JSON: what every citation style is formatted from (in `style`, its authors bounded as that style cites them). */
export function entryToCsl(entry: Entry, style?: CitationStyle): CslItem {
  const { authors } = authorsToCite(entry.authors, style);
  const issued = dateParts(entry);
  return {
    id: citationId(entry),
    type: entry.kind === 'dataset' ? 'dataset' : 'article-journal',
    title: entry.title,
    ...(authors.length ? { author: authors.map(cslName) } : {}),
    ...(entry.doi ? { DOI: entry.doi } : {}),
    ...(entry.link ? { URL: entry.link } : {}),
    // A dataset's journal is where its publication appeared, not where the dataset is held.
    ...(entry.kind === 'paper' && entry.journal ? { 'container-title': entry.journal } : {}),
    ...(entry.kind === 'dataset' && (entry.repository ?? entry.provider)
      ? { publisher: entry.repository ?? entry.provider }
      : {}),
    ...(entry.accession ? { number: entry.accession } : {}),
    ...(issued ? { issued: { 'date-parts': [issued] } } : {}),
  };
}

/** A citation key readers recognise: first author's family name and year, else the ref. */
export function citationId(entry: Entry): string {
  const first = entry.authors[0] ? cslName(entry.authors[0]) : undefined;
  const family = (first?.family ?? first?.literal ?? '').normalize('NFKD').replace(/[^A-Za-z0-9]/g, '');
  const ref = (entry.accession ?? entry.doi ?? entry.key).replace(/[^A-Za-z0-9]+/g, '-');
  return family ? `${family}${entry.year ?? ''}` : ref;
}

/** Names are parsed by citation-js's own name parser, except the initials form it reads backwards. */
export function cslName(display: string): CslName {
  const name = display.trim();
  const initials = name.includes(',') ? null : INITIALS_FORM.exec(name);
  if (initials?.[1] && initials[2]) return { family: initials[1], given: initials[2] };
  const parsed = parseName(name);
  const result: Record<string, string> = {};
  for (const field of ['family', 'given', 'non-dropping-particle', 'dropping-particle', 'suffix'] as const) {
    const value = parsed[field];
    if (typeof value === 'string' && value.trim()) result[field] = value.trim();
  }
  return result['family'] ? (result as CslName) : { literal: name };
}

function dateParts(entry: Entry): number[] | undefined {
  const match = entry.date ? /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(entry.date) : null;
  if (match) return [match[1], match[2], match[3]].filter((part): part is string => part !== undefined).map(Number);
  return entry.year ? [entry.year] : undefined;
}
