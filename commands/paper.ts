import type { CommandArgs, CommandDefinition, CommandContext } from '../src/command-types.ts';
import { fallbackText, type Action, type Reply } from '../src/reply.ts';
import { UserError } from '../src/errors.ts';
import { parseQuery, QUERY_SYNTAX_HELP } from '../src/search/query.ts';
import { makeSnippet } from '../src/search/snippet.ts';
import { entryCard } from '../src/cards/entry-card.ts';

/** Five cards with two buttons each, plus a paging row, fit Discord's five rows of five. */
export const RESULTS_PER_PAGE = 5;

export const paper: CommandDefinition = {
  name: 'paper',
  description: 'Search the papers and datasets',
  textName: '',
  example: '/paper MSC COVID author:Zhao year:2020..2021',
  options: [
    {
      name: 'query',
      description: `What to look for: ${QUERY_SYNTAX_HELP}`,
      type: 'string',
      required: true,
      autocomplete: 'query',
    },
    {
      name: 'kind',
      description: 'Only papers or only datasets',
      type: 'string',
      required: false,
      choices: [
        { name: 'paper', value: 'paper' },
        { name: 'dataset', value: 'dataset' },
      ],
    },
    { name: 'author', description: 'An author name, e.g. Zhao', type: 'string', required: false },
    { name: 'year', description: 'A year or range, e.g. 2020 or 2019..2021', type: 'string', required: false },
  ],
  handler: searchHandler,
};

async function searchHandler(args: CommandArgs, context: CommandContext): Promise<Reply> {
  const queryText = composeQuery(args);
  const parsed = parseQuery(queryText);
  if (!parsed.ok) throw new UserError(parsed.error);
  const requestedPage = Math.max(1, Math.floor(Number(args.page ?? 1)) || 1);
  const first = await context.search.search(parsed.query, {
    offset: (requestedPage - 1) * RESULTS_PER_PAGE,
    limit: RESULTS_PER_PAGE,
  });
  const pages = Math.max(1, Math.ceil(first.total / RESULTS_PER_PAGE));
  const page = Math.min(requestedPage, pages);
  const result =
    page === requestedPage
      ? first
      : await context.search.search(parsed.query, { offset: (page - 1) * RESULTS_PER_PAGE, limit: RESULTS_PER_PAGE });

  const shownQuery = queryText.length > 80 ? `${queryText.slice(0, 79)}…` : queryText;
  if (!result.total) {
    const heading = `No entries match "${shownQuery}"`;
    const text = `Try fewer words, a shorter prefix, or other filters (${QUERY_SYNTAX_HELP}).`;
    return {
      tone: 'notice',
      heading,
      text: [{ text }],
      cards: [],
      actions: [],
      ephemeral: true,
      fallback: `${heading}\n${text}`,
    };
  }
  const cards = result.hits.map((hit) => {
    const source = hit.entry.abstract ?? hit.entry.summary ?? '';
    return entryCard(hit.entry, makeSnippet(source, hit.terms), context.actions);
  });
  const paging = { page, pages, total: result.total };
  const matches = result.totalIsLowerBound
    ? `More than ${result.total} entries match`
    : `${result.total} ${result.total === 1 ? 'entry matches' : 'entries match'}`;
  const heading = `${matches} "${shownQuery}"${pages > 1 ? ` (page ${page} of ${pages}${result.totalIsLowerBound ? ' or more' : ''})` : ''}`;
  const actions: Action[] = [];
  const pageAction = (target: number, label: string): Action => ({
    id: context.actions.encode({ command: 'paper', args: { query: queryText, page: target } }),
    label,
  });
  if (page > 1) actions.push(pageAction(page - 1, '◀ Prev'));
  if (page < pages) actions.push(pageAction(page + 1, 'Next ▶'));
  actions.push({
    id: context.actions.encode({ command: 'paper-timeline', args: { query: queryText } }),
    label: 'Timeline',
  });
  return {
    tone: 'result',
    heading,
    cards,
    actions,
    paging,
    ephemeral: false,
    fallback: fallbackText({ heading, cards, paging }),
  };
}

/** Discord's separate kind/author/year options join the query text, so one syntax is parsed. */
function composeQuery(args: CommandArgs): string {
  const parts = [String(args.query ?? '').trim()];
  if (args.kind) parts.push(`kind:${String(args.kind)}`);
  if (args.author) parts.push(`author:"${String(args.author).replace(/"/g, '')}"`);
  if (args.year) parts.push(`year:${String(args.year)}`);
  return parts.filter(Boolean).join(' ');
}
