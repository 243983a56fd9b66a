// `/paper`: result cards, their buttons, and paging through more results than fit one reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { MAX_ACTION_ID_LENGTH } from '../../src/actions.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import type { Reply } from '../../src/reply.ts';
import { RESULTS_PER_PAGE } from '../../commands/paper.ts';
import { TempDirs, frontMatterEntry } from '../support/corpus-files.ts';
import { COMMANDS } from '../../commands/index.ts';

const ENTRIES = 12;
const dirs = new TempDirs();
let bot: Bot;

beforeAll(async () => {
  const files: Record<string, string> = {};
  for (let n = 1; n <= ENTRIES; n++) {
    files[`organoid-${n}.md`] = frontMatterEntry({
      title: `Organoid study number ${n}`,
      doi: `10.1000/organoid.${n}`,
      authors: `Author${n}, Ann; Zhao, Robert`,
      year: 2010 + n,
      kind: n % 3 === 0 ? 'dataset' : 'paper',
      abstract: `Organoids were grown in condition ${n}. ${'Growth was measured. '.repeat(n)}`,
    });
  }
  const root = await dirs.make(files);
  bot = new Bot({ commands: COMMANDS, corpus: await Corpus.load(root), logger: silentLogger() });
});
afterAll(() => dirs.cleanup());

function actionLabelled(reply: Reply, label: RegExp): string {
  const action = reply.actions.find((candidate) => label.test(candidate.label));
  if (!action) throw new Error(`no ${label} action in: ${reply.actions.map((a) => a.label).join(', ')}`);
  return action.id;
}

describe('/paper with more matches than one page', () => {
  it('shows the first five, says how many match and on which page, and offers Next', async () => {
    const reply = await bot.runLine('/paper organoid', CONSOLE_CALLER);
    expect(reply.tone).toBe('result');
    expect(reply.heading).toBe('12 entries match "organoid" (page 1 of 3)');
    expect(reply.cards).toHaveLength(RESULTS_PER_PAGE);
    expect(reply.paging).toEqual({ page: 1, pages: 3, total: 12 });
    expect(reply.actions.map((action) => action.label)).toEqual(['Next ▶', 'Timeline']);
    expect(reply.ephemeral).toBe(false);
  });

  it('the Next button runs page 2 through bot.runAction, then page 3, with no entry shown twice', async () => {
    const first = await bot.runLine('/paper organoid', CONSOLE_CALLER);
    const second = await bot.runAction(actionLabelled(first, /Next/), CONSOLE_CALLER);
    expect(second.heading).toBe('12 entries match "organoid" (page 2 of 3)');
    expect(second.paging).toEqual({ page: 2, pages: 3, total: 12 });
    expect(second.actions.map((action) => action.label)).toEqual(['◀ Prev', 'Next ▶', 'Timeline']);

    const third = await bot.runAction(actionLabelled(second, /Next/), CONSOLE_CALLER);
    expect(third.cards).toHaveLength(ENTRIES - 2 * RESULTS_PER_PAGE);
    expect(third.actions.map((action) => action.label)).toEqual(['◀ Prev', 'Timeline']);

    const titles = [first, second, third].flatMap((reply) => reply.cards.map((card) => card.title));
    expect(new Set(titles).size).toBe(ENTRIES);

    const back = await bot.runAction(actionLabelled(third, /Prev/), CONSOLE_CALLER);
    expect(back.cards.map((card) => card.title)).toEqual(second.cards.map((card) => card.title));
  });

  it('keeps the filters of the query across pages', async () => {
    const first = await bot.runLine('/paper organoid kind:paper', CONSOLE_CALLER);
    expect(first.paging).toEqual({ page: 1, pages: 2, total: 8 });
    const second = await bot.runAction(actionLabelled(first, /Next/), CONSOLE_CALLER);
    expect(second.cards).toHaveLength(3);
    for (const card of second.cards) expect(card.fields).toContainEqual({ name: 'Kind', value: 'paper', inline: true });
  });

  it('a page past the end shows the last page', async () => {
    const reply = await bot.run('paper', { query: 'organoid', page: 99 }, CONSOLE_CALLER);
    expect(reply.paging).toEqual({ page: 3, pages: 3, total: 12 });
    expect(reply.cards).toHaveLength(2);
  });

  it('a long query still pages: its button id stays within 100 characters', async () => {
    const query = `organoid ${'growth measured condition '.repeat(6)}`.trim();
    const first = await bot.runLine(`/paper ${query}`, CONSOLE_CALLER);
    const next = actionLabelled(first, /Next/);
    expect(next.length).toBeLessThanOrEqual(MAX_ACTION_ID_LENGTH);
    const second = await bot.runAction(next, CONSOLE_CALLER);
    expect(second.paging?.page).toBe(2);
  });
});

describe('a result card', () => {
  it('carries title, link, authors, journal/year, kind, ref and a snippet', async () => {
    const reply = await bot.runLine('/paper "condition 7"', CONSOLE_CALLER);
    expect(reply.cards).toHaveLength(1);
    const card = reply.cards[0];
    expect(card?.title).toBe('Organoid study number 7');
    expect(card?.url).toBe('https://doi.org/10.1000/organoid.7');
    expect(card?.subtitle).toBe('Author7, Ann; Zhao, Robert · 2017');
    expect(card?.fields).toEqual([
      { name: 'Kind', value: 'paper', inline: true },
      { name: 'DOI', value: '10.1000/organoid.7', inline: true },
    ]);
    expect(card?.footer).toBe('ref 10.1000/organoid.7');
    expect(card?.body?.map((segment) => segment.text).join('')).toContain('condition 7');
  });

  it('has Summary and Similar buttons that run those commands for this entry', async () => {
    const reply = await bot.runLine('/paper "condition 4"', CONSOLE_CALLER);
    const actions = reply.cards[0]?.actions ?? [];
    expect(actions.map((action) => action.label)).toEqual(['Summary', 'Similar', 'Cite', 'Discuss']);
    for (const action of actions) expect(action.id.length).toBeLessThanOrEqual(MAX_ACTION_ID_LENGTH);

    const summary = await bot.runAction(actions[0]?.id ?? '', CONSOLE_CALLER);
    expect(summary.cards[0]?.title).toBe('Organoid study number 4');
    const similar = await bot.runAction(actions[1]?.id ?? '', CONSOLE_CALLER);
    expect(similar.heading).toBe('Similar to: Organoid study number 4');
  });

  it('Discord-style kind/author/year options narrow the query like the text filters', async () => {
    const reply = await bot.run('paper', { query: 'organoid', kind: 'dataset', year: '2015..2020' }, CONSOLE_CALLER);
    expect(reply.cards.map((card) => card.title).sort()).toEqual([
      'Organoid study number 6',
      'Organoid study number 9',
    ]);
    const byAuthor = await bot.run('paper', { query: 'organoid', author: 'Author3, Ann' }, CONSOLE_CALLER);
    expect(byAuthor.cards.map((card) => card.title)).toEqual(['Organoid study number 3']);
  });

  it('no match is a notice that says what to try, not an error', async () => {
    const reply = await bot.runLine('/paper xylophone', CONSOLE_CALLER);
    expect(reply.tone).toBe('notice');
    expect(reply.heading).toBe('No entries match "xylophone"');
    expect(reply.cards).toEqual([]);
  });
});
