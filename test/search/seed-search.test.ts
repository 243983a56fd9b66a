// Searching the shipped corpus the way a user does: `/paper …` and the titles that come back.
import { beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import type { Reply } from '../../src/reply.ts';
import { SEED_DATASET_TITLE, SEED_PAPER_TITLE, SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { describeOnEachBackend } from '../support/search-backends.ts';
import { COMMANDS } from '../../commands/index.ts';

describeOnEachBackend('searching the shipped corpus', (open) => {
  let bot: Bot;

  beforeAll(async () => {
    const corpus = await Corpus.load(SHIPPED_CORPUS);
    bot = new Bot({ commands: COMMANDS, corpus, logger: silentLogger(), search: await open(corpus.entries()) });
  });

  async function titlesFor(line: string): Promise<string[]> {
    const reply = await bot.runLine(line, CONSOLE_CALLER);
    if (reply.tone === 'error') throw new Error(`${line} failed: ${reply.fallback}`);
    return reply.cards.map((card) => card.title);
  }

  const BOTH = [SEED_PAPER_TITLE, SEED_DATASET_TITLE];

  describe('words', () => {
    it('/paper MSC COVID returns both seed entries', async () => {
      expect((await titlesFor('/paper MSC COVID')).sort()).toEqual([...BOTH].sort());
    });

    it('matches case-insensitively', async () => {
      expect((await titlesFor('/paper msc covid')).sort()).toEqual([...BOTH].sort());
    });

    it('matches the last word as a prefix: /paper mesenchym finds both', async () => {
      expect((await titlesFor('/paper mesenchym')).sort()).toEqual([...BOTH].sort());
      expect(await titlesFor('/paper COVID wuh')).toEqual([SEED_PAPER_TITLE]);
    });

    it('forgives a typo in a long word: /paper mesenchimal, /paper pneumonai', async () => {
      expect((await titlesFor('/paper mesenchimal')).sort()).toEqual([...BOTH].sort());
      expect(await titlesFor('/paper pneumonai')).toEqual([SEED_PAPER_TITLE]);
    });

    it('does not stretch a short word to a typo match', async () => {
      const reply = await bot.runLine('/paper MSX', CONSOLE_CALLER);
      expect(reply.cards).toEqual([]);
      expect(reply.heading).toBe('No entries match "MSX"');
    });

    it('finds words only the abstract holds', async () => {
      expect(await titlesFor('/paper kindlin')).toEqual([SEED_DATASET_TITLE]);
      expect(await titlesFor('/paper Wuhan')).toEqual([SEED_PAPER_TITLE]);
    });
  });

  describe('phrases and exclusions', () => {
    it('a quoted phrase must appear as written, in that order', async () => {
      expect(await titlesFor('/paper "cytokine storm"')).toEqual([SEED_PAPER_TITLE]);
      expect((await bot.runLine('/paper "storm cytokine"', CONSOLE_CALLER)).cards).toEqual([]);
      expect(await titlesFor('/paper "stem cell treatment"')).toEqual([SEED_DATASET_TITLE]);
    });

    it('-word drops entries holding the word', async () => {
      expect(await titlesFor('/paper COVID -ACE2')).toEqual([SEED_DATASET_TITLE]);
      expect(await titlesFor('/paper COVID -kindlin')).toEqual([SEED_PAPER_TITLE]);
    });
  });

  describe('filters', () => {
    it('/paper author:Leng returns only the paper', async () => {
      expect(await titlesFor('/paper author:Leng')).toEqual([SEED_PAPER_TITLE]);
    });

    it('author: matches any author, at the start of a name part, any case', async () => {
      expect((await titlesFor('/paper author:zhao')).sort()).toEqual([...BOTH].sort());
      expect(await titlesFor('/paper author:Gilson')).toEqual([SEED_DATASET_TITLE]);
      expect(await titlesFor('/paper author:"Brown-Borg"')).toEqual([SEED_DATASET_TITLE]);
      expect((await titlesFor('/paper author:"Zhao Robert" MSC')).sort()).toEqual([...BOTH].sort());
      // `eng` is inside Leng, Deng, Feng and Zheng but starts no name part.
      expect((await bot.runLine('/paper author:eng', CONSOLE_CALLER)).cards).toEqual([]);
      for (const line of ["/paper author:'", '/paper author:\\', "/paper author:' MSC"]) {
        const refused = await bot.runLine(line, CONSOLE_CALLER);
        expect(refused.tone, line).toBe('error');
        expect(refused.cards, line).toEqual([]);
        expect(refused.fallback, line).toContain('is not a name: use letters, for example author:Zhao.');
      }
    });

    it('/paper kind:dataset COVID returns only the dataset, kind:paper only the paper', async () => {
      expect(await titlesFor('/paper kind:dataset COVID')).toEqual([SEED_DATASET_TITLE]);
      expect(await titlesFor('/paper kind:paper COVID')).toEqual([SEED_PAPER_TITLE]);
    });

    it('year: and year ranges keep entries dated inside them (the paper seed has no date)', async () => {
      expect(await titlesFor('/paper year:2021 MSC')).toEqual([SEED_DATASET_TITLE]);
      expect(await titlesFor('/paper year:2020..2022')).toEqual([SEED_DATASET_TITLE]);
      expect((await bot.runLine('/paper year:2019..2020 MSC', CONSOLE_CALLER)).cards).toEqual([]);
    });

    it('filters combine with each other and with words', async () => {
      expect(await titlesFor('/paper author:Leng COVID')).toEqual([SEED_PAPER_TITLE]);
      expect((await bot.runLine('/paper author:Gilson kind:paper', CONSOLE_CALLER)).cards).toEqual([]);
    });
  });

  describe('errors are answers', () => {
    async function errorOf(line: string): Promise<Reply> {
      const reply = await bot.runLine(line, CONSOLE_CALLER);
      expect(reply.tone).toBe('error');
      expect(reply.ephemeral).toBe(true);
      expect(reply.cards).toEqual([]);
      return reply;
    }

    it('an unknown filter is a short helpful error', async () => {
      expect((await errorOf('/paper foo:bar')).fallback).toBe(
        'Unknown filter `foo:`. Filters are author:, year: and kind:.',
      );
    });

    it('an empty query is a short helpful error', async () => {
      expect((await errorOf('/paper-search')).fallback).toMatch(/^Unknown command "paper-search"/);
      expect((await bot.run('paper', { query: '  ' }, CONSOLE_CALLER)).fallback).toMatch(/^paper needs query/);
      expect((await errorOf('/paper " "')).fallback).toMatch(/^Type something to search for/);
    });
  });
});
