import { accessionKey, doiKey, extractDoi, isAccession } from '../corpus/identity.ts';

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
