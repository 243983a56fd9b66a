import { chartText, renderChart, timelineSpec } from '../src/chart/timeline-chart.ts';
import { timelineOf } from '../src/chart/timeline-data.ts';
import { UserError } from '../src/errors.ts';
import { fallbackText, type Attachment, type Card, type Reply } from '../src/reply.ts';
import { parseQuery, QUERY_SYNTAX_HELP } from '../src/search/query.ts';
import type { Entry } from '../src/corpus/entry.ts';
import type { CommandArgs, CommandContext, CommandDefinition } from '../src/command-types.ts';

/** Every match is counted, up to this many: an institute-sized corpus still answers in time. */
export const MAX_TIMELINE_ENTRIES = 100_000;
const PAGE = 5_000;

export const paperTimeline: CommandDefinition = {
  name: 'paper-timeline',
  description: 'A bar chart of matching entries per year, with the total and top venues',
  textName: 'timeline',
  example: '/paper timeline MSC COVID',
  options: [
    {
      name: 'query',
      description: `What to count: ${QUERY_SYNTAX_HELP}`,
      type: 'string',
      required: true,
      autocomplete: 'query',
    },
  ],
  handler: timelineHandler,
};

async function timelineHandler(args: CommandArgs, context: CommandContext): Promise<Reply> {
  const queryText = String(args.query ?? '').trim();
  const parsed = parseQuery(queryText);
  if (!parsed.ok) throw new UserError(parsed.error);
  const shownQuery = queryText.length > 60 ? `${queryText.slice(0, 59)}…` : queryText;
  const entries = await allMatches(parsed.query, context);
  if (!entries.length) {
    const heading = `No entries match "${shownQuery}"`;
    const text = `Nothing to chart. Try fewer words or other filters (${QUERY_SYNTAX_HELP}).`;
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
  const timeline = timelineOf(entries);
  const text = chartText(timeline, shownQuery);
  const chart = await renderChart(timelineSpec(timeline, text));
  const peak = timeline.years.reduce((best, bar) => (bar.count > best.count ? bar : best), { year: 0, count: 0 });
  const first = timeline.years[0];
  const last = timeline.years[timeline.years.length - 1];
  const span =
    !first || !last
      ? 'none with a year'
      : first.year === last.year
        ? `${first.count} in ${first.year}`
        : `from ${first.year} to ${last.year}, most in ${peak.year} (${peak.count})`;
  const image: Attachment = {
    name: 'timeline.png',
    contentType: 'image/png',
    data: chart.png,
    description: `Bar chart of ${text.title} per year, ${span}`,
    inline: true,
    figures: timeline.years.map((bar) => ({ label: String(bar.year), value: bar.count })),
  };
  const card: Card = {
    title: 'Entries per year',
    body: [{ text: `${timeline.total} ${timeline.total === 1 ? 'entry' : 'entries'}: ${span}.` }],
    fields: [
      ...(timeline.venues.length
        ? [{ name: 'Top venues', value: timeline.venues.map((venue) => `${venue.venue} (${venue.count})`).join('\n') }]
        : []),
      ...(timeline.undated ? [{ name: 'Without a year', value: String(timeline.undated), inline: true }] : []),
    ],
    footer: entries.length >= MAX_TIMELINE_ENTRIES ? `Counted the first ${MAX_TIMELINE_ENTRIES} matches.` : undefined,
  };
  const heading = `Timeline: ${text.title}`;
  return {
    tone: 'result',
    heading,
    cards: [card],
    actions: [],
    ephemeral: false,
    fallback: fallbackText({ heading, cards: [card] }),
    attachments: [image],
  };
}

async function allMatches(
  query: Parameters<CommandContext['search']['search']>[0],
  context: CommandContext,
): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (let offset = 0; offset < MAX_TIMELINE_ENTRIES; offset += PAGE) {
    const page = await context.search.search(query, { offset, limit: Math.min(PAGE, MAX_TIMELINE_ENTRIES - offset) });
    entries.push(...page.hits.map((hit) => hit.entry));
    if (!page.hits.length || (offset + PAGE >= page.total && !page.totalIsLowerBound)) break;
  }
  return entries;
}
