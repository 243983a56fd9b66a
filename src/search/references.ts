import type { Entry } from '../corpus/entry.ts';
import { accessionKey, doiKey, extractDoi, isAccession } from '../corpus/identity.ts';
import type { SearchBackend } from './search-backend.ts';

/**
 * What a user typed to name one entry: a key, an accession, a DOI or doi.org link, else words.
 * Returns the keys it could stand for, most specific first; `words` when it names no identifier.
 */
export type Reference = { readonly kind: 'keys'; readonly keys: readonly string[]; readonly accession?: string } | { readonly kind: 'words'; readonly text: string };

export function parseReference(input: string): Reference {
  const text = input.trim().replace(/^<|>$/g, '');
  if (/^(doi|biostudies|title):\S+$/i.test(text)) {
    const [prefix, ...rest] = text.split(':');
    const value = rest.join(':');
    if (prefix?.toLowerCase() === 'doi') return { kind: 'keys', keys: [doiKey(value)] };
    if (prefix?.toLowerCase() === 'biostudies') return { kind: 'keys', keys: [accessionKey(value)], accession: value.toUpperCase() };
    return { kind: 'keys', keys: [`title:${value.toLowerCase()}`] };
  }
  if (isAccession(text)) return { kind: 'keys', keys: [accessionKey(text)], accession: text.toUpperCase() };
  if (/^(?:https?:\/\/)?(?:dx\.)?doi\.org\/|^10\.\d{4,9}\//i.test(text)) {
    const doi = extractDoi(text);
    if (doi) return { kind: 'keys', keys: [doiKey(doi)] };
  }
  const studyUrl = /biostudies\/(?:[a-z-]+\/)?studies\/([A-Z0-9-]+)/i.exec(text);
  if (studyUrl?.[1] && isAccession(studyUrl[1])) return { kind: 'keys', keys: [accessionKey(studyUrl[1])], accession: studyUrl[1].toUpperCase() };
  return { kind: 'words', text };
}

/**
 * The one entry a user named by key, accession, DOI, link or words. Words are searched as a
 * query of words alone (no filter syntax), and the best hit is taken.
 */
export async function resolveReference(backend: Pick<SearchBackend, 'find' | 'search'>, input: string): Promise<Entry | undefined> {
  const reference = parseReference(input);
  if (reference.kind === 'keys') return backend.find({ keys: reference.keys, accession: reference.accession });
  const words = reference.text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (!words.length) return undefined;
  const page = await backend.search({ words, phrases: [], excluded: [], authors: [] }, { offset: 0, limit: 1 });
  return page.hits[0]?.entry;
}
