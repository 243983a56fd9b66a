import type { CommandDefinition } from '../src/command-types.ts';
import { fallbackText, noticeReply, plain, type Reply } from '../src/reply.ts';
import { entriesNamedIn, FOUND_CARD_BODY_LENGTH } from '../src/search/link-previews.ts';
import { entryCard, entryOpening } from '../src/cards/entry-card.ts';

/** Discord shows ten embeds at most; a message naming more is a reading list, not a question. */
export const MAX_FOUND_CARDS = 10;

export const paperFind: CommandDefinition = {
  name: 'paper-find',
  description: 'Show the entries that DOIs, doi.org links or accessions in a text name',
  textName: 'find',
  example: '/paper find see https://doi.org/10.14336/AD.2020.0228 and S-EPMC8546390',
  messageCommand: 'Find in paperbot',
  options: [
    { name: 'text', description: 'Text holding DOIs, doi.org links or accessions', type: 'string', required: true },
  ],
  handler: async (args, context): Promise<Reply> => {
    const found = await entriesNamedIn(String(args.text ?? ''), context.search);
    if (!found.entries.length) {
      const what = found.references
        ? `None of the ${found.references} DOI${found.references === 1 ? '' : 's'} or accession${found.references === 1 ? '' : 's'} there is in the corpus.`
        : 'There is no DOI, doi.org link or accession there.';
      return noticeReply(`${what} Search with /paper <words> instead.`);
    }
    const cards = found.entries
      .slice(0, MAX_FOUND_CARDS)
      .map((entry) => entryCard(entry, plain(entryOpening(entry, FOUND_CARD_BODY_LENGTH)), context.actions));
    const count = found.entries.length;
    const heading = count === 1 ? '1 entry named there' : `${count} entries named there`;
    return {
      tone: 'result',
      heading,
      cards,
      actions: [],
      ephemeral: false,
      fallback: fallbackText({ heading, cards }),
    };
  },
};
