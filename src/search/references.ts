import type { Entry } from '../corpus/entry.ts';
import { accessionKey, doiKey, extractDoi, isAccession, pmidKey } from '../corpus/identity.ts';
import type { SearchBackend } from './search-backend.ts';
import type { PmidLookup } from '../command-types.ts';

/**
 * What a user typed to name one entry: a key, an accession, a DOI or doi.org link, else words.
 * Returns the keys it could stand for, most specific first; `words` when it names no identifier.
 */
export type Reference =
  | { readonly kind: 'keys'; readonly keys: readonly string[]; readonly accession?: string; readonly pmid?: string }
  | { readonly kind: 'words'; readonly text: string };

/** `pmid:12345`, `PMID:12345`, `PMID 12345`, `PMID- 12345` (as a PubMed export writes it). */
const PMID_REF = /^pmid\s*[:-]?\s*(\d{1,9})$/i;
/** A PubMed page: pubmed.ncbi.nlm.nih.gov/12345/ or the older ncbi.nlm.nih.gov/pubmed/12345. */
const PUBMED_LINK =
  /^(?:https?:\/\/)?(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov\/pubmed)\/(\d{1,9})\/?(?:[?#].*)?$/i;

export function parseReference(input: string): Reference {
  const text = input.trim().replace(/^<|>$/g, '');
  if (/^(doi|biostudies|title):\S+$/i.test(text)) {
    const [prefix, ...rest] = text.split(':');
    const value = rest.join(':');
    if (prefix?.toLowerCase() === 'doi') return { kind: 'keys', keys: [doiKey(value)] };
    if (prefix?.toLowerCase() === 'biostudies')
      return { kind: 'keys', keys: [accessionKey(value)], accession: value.toUpperCase() };
    return { kind: 'keys', keys: [`title:${value.toLowerCase()}`] };
  }
  const pmid = (PMID_REF.exec(text) ?? PUBMED_LINK.exec(text))?.[1];
  if (pmid) return { kind: 'keys', keys: [pmidKey(pmid)], pmid };
  if (isAccession(text)) return { kind: 'keys', keys: [accessionKey(text)], accession: text.toUpperCase() };
  if (/^(?:https?:\/\/)?(?:dx\.)?doi\.org\/|^10\.\d{4,9}\//i.test(text)) {
    const doi = extractDoi(text);
    if (doi) return { kind: 'keys', keys: [doiKey(doi)] };
  }
  const studyUrl = /biostudies\/(?:[a-z-]+\/)?studies\/([A-Z0-9-]+)/i.exec(text);
  if (studyUrl?.[1] && isAccession(studyUrl[1]))
    return { kind: 'keys', keys: [accessionKey(studyUrl[1])], accession: studyUrl[1].toUpperCase() };
  return { kind: 'words', text };
}

/**
 * The one entry a user named by key, accession, DOI, PMID, link or words. Words are searched as
 * a query of words alone (no filter syntax), and the best hit is taken. An entry known by its
 * DOI is found by its PMID through `pmids`.
 */
export async function resolveReference(
  backend: Pick<SearchBackend, 'find' | 'search'>,
  input: string,
  pmids?: PmidLookup,
): Promise<Entry | undefined> {
  const reference = parseReference(input);
  if (reference.kind === 'keys') {
    const found = await backend.find({ keys: reference.keys, accession: reference.accession });
    return found ?? (reference.pmid ? pmids?.withPmid(reference.pmid) : undefined);
  }
  const words = reference.text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (!words.length) return undefined;
  const page = await backend.search({ words, phrases: [], excluded: [], authors: [] }, { offset: 0, limit: 1 });
  return page.hits[0]?.entry;
}

/** One identifier found in free text: what was written, and a reference that names it alone. */
export interface FoundReference {
  /** As it appears in the text (a link, a DOI or an accession). */
  readonly written: string;
  /** The bare DOI or accession, which `parseReference` always reads as keys, never as words. */
  readonly ref: string;
}

/** Links as chat clients write them; `|`, `<`, `>` and quotes end one (Slack's `<url|label>`, Discord's `<url>`). */
const LINK_IN_TEXT = /https?:\/\/[^\s<>"|]+/gi;
const BARE_DOI_IN_TEXT = /\b10\.\d{4,9}\/[^\s<>"|]+/gi;
const WORD_IN_TEXT = /[A-Za-z][A-Za-z0-9-]{2,30}\d/g;

/**
 * The DOIs, doi.org links, accessions and accession page links in a message, in order of
 * appearance, each once. A link that names nothing known (another site) is passed over, and a
 * DOI or accession inside a link is not counted again on its own.
 */
export function findReferences(text: string, limit = 25): FoundReference[] {
  const found: FoundReference[] = [];
  const seen = new Set<string>();
  const add = (written: string, ref: string | undefined): void => {
    if (!ref || found.length >= limit) return;
    const id = ref.toLowerCase();
    if (seen.has(id)) return;
    seen.add(id);
    found.push({ written, ref });
  };
  let rest = text.slice(0, 20_000);
  for (const match of rest.matchAll(LINK_IN_TEXT)) {
    const link = trimTrailing(match[0]);
    add(link, refOfLink(link));
  }
  rest = rest.replace(LINK_IN_TEXT, ' ');
  for (const match of rest.matchAll(BARE_DOI_IN_TEXT)) add(trimTrailing(match[0]), extractDoi(trimTrailing(match[0])));
  rest = rest.replace(BARE_DOI_IN_TEXT, ' ');
  for (const match of rest.matchAll(WORD_IN_TEXT)) if (isAccession(match[0])) add(match[0], match[0].toUpperCase());
  return found;
}

/** Page paths that name a dataset by accession: BioStudies (any collection) and OmicsDI. */
const BIOSTUDIES_PATH = /^\/biostudies\/(?:[a-z-]+\/)?studies\/([A-Z0-9-]+)\/?$/i;
const OMICSDI_PATH = /^\/dataset\/[a-z0-9_-]+\/([A-Z0-9-]+)\/?$/i;

/**
 * The DOI or accession a link names, if it is a doi.org, BioStudies or OmicsDI page. Only the
 * link's own host and path count: a redirect or search on one of those sites with an identifier
 * in its query string or fragment names nothing.
 */
export function refOfLink(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase();
  const on = (domain: string): boolean => host === domain || host.endsWith(`.${domain}`);
  const pathname = safeDecode(url.pathname);
  if (host === 'doi.org' || host === 'dx.doi.org' || host === 'www.doi.org') {
    const doi = pathname.slice(1);
    return DOI_PATH.test(doi) ? extractDoi(doi) : undefined;
  }
  const accession = on('ebi.ac.uk')
    ? BIOSTUDIES_PATH.exec(pathname)?.[1]
    : on('omicsdi.org')
      ? OMICSDI_PATH.exec(pathname)?.[1]
      : undefined;
  return accession && isAccession(accession) ? accession.toUpperCase() : undefined;
}

/** A doi.org path is the DOI itself: `10.<registrant>/<suffix>`. */
const DOI_PATH = /^10\.\d{4,9}\/\S+$/;

/** Sentence punctuation after a link, and a closing bracket the link did not open. */
function trimTrailing(text: string): string {
  let out = text.replace(/[.,;:!?'*_~]+$/, '');
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (out.endsWith(close) && out.split(open).length < out.split(close).length)
      out = out.slice(0, -1).replace(/[.,;:!?]+$/, '');
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
