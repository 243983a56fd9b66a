// The snippet under each result: a window of the abstract around the matched words, which are
// marked as strong segments so every platform can bold them.
import { beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { richToPlain, type RichText } from '../../src/reply.ts';
import { SNIPPET_LENGTH, makeSnippet } from '../../src/search/snippet.ts';
import { SEED_DATASET_TITLE, SEED_PAPER_TITLE, SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { COMMANDS } from '../../commands/index.ts';

const strong = (text: RichText): string[] => text.filter((segment) => segment.strong).map((segment) => segment.text);

describe('makeSnippet', () => {
  const text =
    'Opening words of a long abstract that says nothing in particular for quite a while, and then some more, ' +
    'and more again so that the window has to move. '.repeat(3) +
    'Here thrombosis appears, and kindlin-3 signalling too. ' +
    'Closing words that also say nothing much, repeated to make the text long. '.repeat(4);

  it('marks the matched words as strong, hyphenated compounds included', () => {
    const snippet = makeSnippet(text, ['thrombosis', 'kindlin']);
    expect(strong(snippet)).toEqual(['thrombosis', 'kindlin-3']);
  });

  it('moves the window to the matches and marks cuts with ellipses', () => {
    const shown = richToPlain(makeSnippet(text, ['thrombosis']));
    expect(shown).toContain('thrombosis');
    expect(shown.startsWith('… ')).toBe(true);
    expect(shown.endsWith(' …')).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(SNIPPET_LENGTH + 4);
  });

  it('without matches shows the opening of the text, nothing strong', () => {
    const snippet = makeSnippet(text, []);
    expect(strong(snippet)).toEqual([]);
    expect(richToPlain(snippet).startsWith('Opening words of a long abstract')).toBe(true);
  });

  it('shows a short text whole, and nothing for no text', () => {
    expect(richToPlain(makeSnippet('MSCs helped.', ['mscs']))).toBe('MSCs helped.');
    expect(makeSnippet('', ['msc'])).toEqual([]);
  });

  it('keeps the text as written: the segments join back into a slice of it', () => {
    const shown = richToPlain(makeSnippet(text, ['kindlin']))
      .replace(/^… /, '')
      .replace(/ …$/, '');
    expect(text).toContain(shown);
  });
});

describe('snippets in /paper results', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = new Bot({ commands: COMMANDS, corpus: await Corpus.load(SHIPPED_CORPUS), logger: silentLogger() });
  });

  it('show the matched words of /paper MSC COVID as strong segments in every card', async () => {
    const reply = await bot.runLine('/paper MSC COVID', CONSOLE_CALLER);
    expect(reply.cards.map((card) => card.title).sort()).toEqual([SEED_PAPER_TITLE, SEED_DATASET_TITLE].sort());
    for (const card of reply.cards) {
      const marked = strong(card.body ?? []);
      expect(marked.length).toBeGreaterThan(0);
      for (const word of marked) expect(word).toMatch(/msc|covid/i);
    }
  });

  it('mark the word a prefix or a typo expanded to', async () => {
    const prefix = await bot.runLine('/paper kindl', CONSOLE_CALLER);
    expect(strong(prefix.cards[0]?.body ?? [])).toContain('kindlin-3');
    const typo = await bot.runLine('/paper thrombossis', CONSOLE_CALLER);
    expect(strong(typo.cards[0]?.body ?? [])).toContain('thrombosis');
  });
});
