import type { Entry } from '../corpus/entry.ts';
import { fallbackText, plain, type Reply } from '../reply.ts';
import { ActionCodec } from '../actions.ts';
import { entryCard, entryOpening } from '../cards/entry-card.ts';
import { findReferences, refOfLink, resolveReference } from './references.ts';
import type { SearchBackend } from './search-backend.ts';

type NamingBackend = Pick<SearchBackend, 'find' | 'search'>;

/** How much of the abstract a found entry's card shows. */
export const FOUND_CARD_BODY_LENGTH = 280;

/** The corpus entries a text names by DOI, doi.org link or accession, once each, in order. */
export async function entriesNamedIn(
  text: string,
  search: NamingBackend,
): Promise<{ entries: Entry[]; references: number }> {
  const references = findReferences(text);
  const entries: Entry[] = [];
  for (const reference of references) {
    // A bare DOI or accession always parses as keys, so this looks it up and never searches words.
    const entry = await resolveReference(search, reference.ref);
    if (entry && !entries.some((known) => known.key === entry.key)) entries.push(entry);
  }
  return { entries, references: references.length };
}

/** A link preview: the link as it was posted and its entry's card, without buttons. */
export interface LinkPreview {
  readonly url: string;
  readonly reply: Reply;
}

/**
 * Previews for the links that name a corpus entry (doi.org, BioStudies and OmicsDI pages);
 * any other link, and a link to an entry the corpus lacks, gets none.
 */
export async function linkPreviews(urls: readonly string[], search: NamingBackend): Promise<LinkPreview[]> {
  const previews: LinkPreview[] = [];
  for (const url of urls) {
    const ref = refOfLink(url);
    const entry = ref ? await resolveReference(search, ref) : undefined;
    if (!entry) continue;
    const card = {
      ...entryCard(entry, plain(entryOpening(entry, FOUND_CARD_BODY_LENGTH)), new ActionCodec()),
      actions: [],
    };
    previews.push({
      url,
      reply: {
        tone: 'result',
        cards: [card],
        actions: [],
        ephemeral: false,
        fallback: fallbackText({ cards: [card] }),
      },
    });
  }
  return previews;
}
