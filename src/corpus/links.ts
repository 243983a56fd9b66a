import { extractDoi } from './doi.ts';
import { doiUrl } from './identity.ts';

/**
 * An entry's link and DOI from the fields publication pages use: `doi`/`DOI`, and the links
 * `link`, `url`, `html`, `paperurl`, `pdf`, `url_pdf` (Hugo Academic) and Wowchemy's
 * `links: [{name, url}]`. A DOI anywhere among them gives the displayed link as doi.org.
 */

/** Link fields in the order a page's own link is preferred for display. */
export const LINK_FIELDS = [
  'link',
  'url',
  'html',
  'paperurl',
  'paper_url',
  'url_paper',
  'pdf',
  'url_pdf',
  'pdf_url',
  'arxiv',
  'url_preprint',
] as const;
export const DOI_FIELDS = ['doi', 'DOI'] as const;

type Fields = Readonly<Record<string, unknown>>;

export interface EntryLinks {
  readonly link?: string;
  readonly doi?: string;
}

export function readLinks(data: Fields): EntryLinks {
  const urls = [...LINK_FIELDS.flatMap((field) => textValues(data[field])), ...listedLinks(data.links)]
    .map((url) => url.trim())
    .filter(Boolean);
  const doiText = DOI_FIELDS.flatMap((field) => textValues(data[field])).find((text) => extractDoi(text));
  const doi = (doiText && extractDoi(doiText)) ?? urls.map((url) => extractDoi(url)).find(Boolean);
  const pageLink = urls.find((url) => isWebLink(url));
  return { doi, link: doi ? doiUrl(doi) : pageLink };
}

/** Absolute http(s) links only: a site-relative `url: /publication/x` says nothing outside the site. */
export function isWebLink(text: string): boolean {
  return /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(text.trim());
}

/** Wowchemy's custom links: `links: [{name: PDF, url: …}]`. */
function listedLinks(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    typeof item === 'object' && item !== null ? textValues((item as Fields).url) : textValues(item),
  );
}

function textValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}
