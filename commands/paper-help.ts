import type { CommandDefinition } from '../src/command-types.ts';
import { fallbackText, plain, type Reply } from '../src/reply.ts';
import { QUERY_SYNTAX_HELP } from '../src/search/query.ts';

export const paperHelp: CommandDefinition = {
  name: 'paper-help',
  description: 'What paperbot does and how to ask it',
  textName: 'help',
  example: '/paper help',
  options: [],
  handler: (_args, context): Reply => {
    const heading = "paperbot: search the group's papers and datasets";
    const text = plain(
      'Find entries, read their summaries, discover similar work, and have a channel told when new entries arrive.',
    );
    const fields = context.commands.map((command) => ({ name: command.example, value: command.description }));
    const updated = context.corpus.updatedAt
      ? `, last updated ${context.corpus.updatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
      : '';
    const cards = [
      { title: 'Commands', fields },
      {
        title: 'Query syntax',
        body: plain(QUERY_SYNTAX_HELP),
        footer: `${context.corpus.size} ${context.corpus.size === 1 ? 'entry' : 'entries'} in the corpus${updated}`,
      },
    ];
    return {
      tone: 'notice',
      heading,
      text,
      cards,
      actions: [],
      ephemeral: true,
      fallback: fallbackText({ heading, text, cards }),
    };
  },
};
