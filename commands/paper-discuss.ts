import type { CommandDefinition } from '../src/command-types.ts';
import { UserError } from '../src/errors.ts';
import { fallbackText, plain, type Reply, type RichText } from '../src/reply.ts';
import { entryCard, entryOpening } from '../src/cards/entry-card.ts';
import { resolveEntryArg } from './resolve-entry.ts';

const OPENING_LENGTH = 600;

export const paperDiscuss: CommandDefinition = {
  name: 'paper-discuss',
  description: "Open this channel's discussion thread for an entry, or find the one it has",
  textName: 'discuss',
  example: '/paper discuss S-EPMC8546390',
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
    const entry = await resolveEntryArg(args, context, '/paper discuss S-EPMC8546390');
    if (!context.threads || !context.discussions) {
      throw new UserError(
        'Discussion threads live in Discord and Slack channels: press Discuss on an entry card there.',
      );
    }
    // The thread opens with the card, so whoever follows the link sees what is discussed.
    const card = entryCard(entry, plain(entryOpening(entry, OPENING_LENGTH)), context.actions, ['discuss']);
    const first: Reply = {
      tone: 'result',
      cards: [card],
      actions: [],
      ephemeral: false,
      fallback: fallbackText({ cards: [card] }),
    };
    const opened = await context.discussions.open(context.threads, entry.key, entry.title, first);
    const title = { text: entry.title, ...(opened.link ? { url: opened.link } : {}) };
    const text: RichText =
      opened.outcome === 'here'
        ? [{ text: 'This thread is where this channel discusses ' }, { text: entry.title }, { text: '.' }]
        : [
            { text: opened.outcome === 'opened' ? 'Discussion opened: ' : 'This channel already discusses it here: ' },
            title,
          ];
    return {
      tone: 'notice',
      text,
      cards: [],
      actions: [],
      ephemeral: true,
      fallback: text.map((segment) => segment.text).join('') + (opened.link ? ` <${opened.link}>` : ''),
    };
  },
};
