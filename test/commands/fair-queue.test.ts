// One user's burst does not queue ahead of another user's command: commands take turns by user.
import { beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Caller } from '../../src/command-types.ts';
import { SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { COMMANDS } from '../../commands/index.ts';

const BURST = 60;
const NO_LIMIT = { perUser: 1_000_000, perChannel: 1_000_000, windowMs: 10_000 };
const caller = (userId: string): Caller => ({ platform: 'discord', channelId: 'lab', userId, canManageChannel: false });

let bot: Bot;

beforeAll(async () => {
  bot = new Bot({
    commands: COMMANDS,
    corpus: await Corpus.load(SHIPPED_CORPUS),
    logger: silentLogger(),
    rateLimits: NO_LIMIT,
  });
});

describe('commands from several users at once', () => {
  it('answers another user right after the command running now, not after the whole burst', async () => {
    const answered: string[] = [];
    const run = (userId: string, query: string): Promise<void> =>
      bot.run('paper', { query }, caller(userId)).then((reply) => {
        expect(reply.cards.length).toBeGreaterThan(0);
        answered.push(userId);
      });
    const burst = Array.from({ length: BURST }, () => run('flooder', 'MSC COVID'));
    const other = run('other', 'mesenchymal');
    await Promise.all([...burst, other]);
    expect(answered).toHaveLength(BURST + 1);
    expect(answered.indexOf('other')).toBeLessThanOrEqual(2);
  });

  it("keeps each user's own commands in the order they were sent", async () => {
    const pages: number[] = [];
    await Promise.all(
      [1, 2, 3].map((page) => bot.run('paper', { query: 'COVID', page }, caller('pager')).then(() => pages.push(page))),
    );
    expect(pages).toEqual([1, 2, 3]);
  });
});
