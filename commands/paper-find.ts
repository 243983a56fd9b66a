import type { CommandDefinition } from './types.ts';
import type { Entry } from '../src/corpus/entry.ts';
import { fallbackText, noticeReply, plain, type Reply } from '../src/reply.ts';
import { findReferences, refOfLink, resolveReference } from '../src/search/references.ts';
import type { SearchBackend } from '../src/search/search-backend.ts';
import { ActionCodec } from '../src/actions.ts';
import { entryCard, entryOpening } from './entry-card.ts';

type NamingBackend = Pick<SearchBackend, 'find' | 'search'>;

/** Discord shows ten embeds at most; a message naming more is a reading list, not a question. */
export const MAX_FOUND_CARDS = 10;
const BODY_LENGTH = 280;

export const paperFind: CommandDefinition = {
  name: 'paper-find',
  description: 'Show the entries that DOIs, doi.org links or accessions in a text name',
  textName: 'find',
  example: '/paper find see https://doi.org/10.14336/AD.2020.0228 and S-EPMC8546390',
  messageCommand: 'Find in paperbot',
  options: [{ name: 'text', description: 'Text holding DOIs, doi.org links or accessions', type: 'string', required: true }],
  handler: async (args, context): Promise<Reply> => {
    const found = await entriesNamedIn(String(args.text ?? ''), context.search);
    if (!found.entries.length) {
      const what = found.references
        ? `None of the ${found.references} DOI${found.references === 1 ? '' : 's'} or accession${found.references === 1 ? '' : 's'} there is in the corpus.`
        : 'There is no DOI, doi.org link or accession there.';
      return noticeReply(`${what} Search with /paper <words> instead.`);
    }
    const cards = found.entries.slice(0, MAX_FOUND_CARDS).map((entry) => entryCard(entry, plain(entryOpening(entry, BODY_LENGTH)), context.actions));
    const count = found.entries.length;
    const heading = count === 1 ? '1 entry named there' : `${count} entries named there`;
    return { tone: 'result', heading, cards, actions: [], ephemeral: false, fallback: fallbackText({ heading, cards }) };
  },
};

/** The corpus entries a text names by DOI, doi.org link or accession, once each, in order. */
export async function entriesNamedIn(text: string, search: NamingBackend): Promise<{ entries: Entry[]; references: number }> {
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
    const card = { ...entryCard(entry, plain(entryOpening(entry, BODY_LENGTH)), new ActionCodec()), actions: [] };
    previews.push({ url, reply: { tone: 'result', cards: [card], actions: [], ephemeral: false, fallback: fallbackText({ cards: [card] }) } });
  }
  return previews;
}
