import type { CommandDefinition } from '../src/command-types.ts';
import { fallbackText, plain, type Reply } from '../src/reply.ts';
import { extractiveSummary } from '../src/search/extractive-summary.ts';
import { entryCard } from '../src/cards/entry-card.ts';
import { resolveEntryArg } from './resolve-entry.ts';

export const paperSummary: CommandDefinition = {
  name: 'paper-summary',
  description: 'Summarise one paper or dataset',
  textName: 'summary',
  example: '/paper summary S-EPMC8546390',
  options: [
    {
      name: 'entry',
      description: 'Accession, DOI or title words',
      type: 'string',
      required: true,
      autocomplete: 'entry',
    },
  ],
  handler: async (args, context): Promise<Reply> => {
    const entry = await resolveEntryArg(args, context, '/paper summary S-EPMC8546390');
    const own = entry.summary;
    const summary = own ?? (entry.abstract ? extractiveSummary(entry.abstract) : '');
    const origin = own
      ? 'Summary from the source'
      : summary
        ? 'Extractive summary of the abstract'
        : 'No summary or abstract in the source';
    const card = { ...entryCard(entry, plain(summary), context.actions, ['summary']), footer: origin };
    const heading = `Summary: ${entry.title}`;
    return {
      tone: 'result',
      heading: undefined,
      cards: [card],
      actions: [],
      ephemeral: false,
      fallback: fallbackText({ heading, cards: [card] }),
    };
  },
};
