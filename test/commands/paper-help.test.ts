// `/paper help`: what the bot does, every command, the query syntax, and the corpus size.
import { afterAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import { richToPlain } from '../../src/reply.ts';
import { COMMANDS } from '../../commands/index.ts';
import { SHIPPED_CORPUS, TempDirs, frontMatterEntry } from '../support/corpus-files.ts';

const dirs = new TempDirs();
afterAll(() => dirs.cleanup());

async function helpFor(root: string) {
  const bot = new Bot({ commands: COMMANDS, corpus: await Corpus.load(root), logger: silentLogger() });
  return bot.runLine('/paper help', CONSOLE_CALLER);
}

describe('/paper help', () => {
  it('lists every command with how to type it and what it does', async () => {
    const reply = await helpFor(SHIPPED_CORPUS);
    const commands = reply.cards.find((card) => card.title === 'Commands');
    expect(commands?.fields).toEqual(
      COMMANDS.map((command) => ({ name: command.example, value: command.description })),
    );
    const examples = commands?.fields?.map((field) => field.name) ?? [];
    for (const expected of ['/paper summary S-EPMC8546390', '/paper similar 10.14336/AD.2020.0228', '/paper help']) {
      expect(examples).toContain(expected);
    }
  });

  it('explains the query syntax', async () => {
    const reply = await helpFor(SHIPPED_CORPUS);
    const syntax = richToPlain(reply.cards.find((card) => card.title === 'Query syntax')?.body);
    for (const piece of [
      '"exact phrase"',
      'author:Zhao',
      'year:2020',
      'year:2019..2021',
      'kind:paper|dataset',
      '-word',
    ]) {
      expect(syntax).toContain(piece);
    }
  });

  it('states the corpus size and when it was last updated', async () => {
    const reply = await helpFor(SHIPPED_CORPUS);
    expect(reply.fallback).toMatch(/2 entries in the corpus, last updated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    const one = await helpFor(await dirs.make({ 'only.md': frontMatterEntry({ title: 'The only one' }) }));
    expect(one.fallback).toContain('1 entry in the corpus');
  });

  it('is shown only to the person who asked, and says what the bot does', async () => {
    const reply = await helpFor(SHIPPED_CORPUS);
    expect(reply.ephemeral).toBe(true);
    expect(reply.heading).toBe("paperbot: search the group's papers and datasets");
    expect(reply.fallback).toContain('Find entries, read their summaries, discover similar work');
  });

  it('is also reached as /paper-help', async () => {
    const bot = new Bot({ commands: COMMANDS, corpus: await Corpus.load(SHIPPED_CORPUS), logger: silentLogger() });
    expect((await bot.runLine('/paper-help', CONSOLE_CALLER)).heading).toBe(
      "paperbot: search the group's papers and datasets",
    );
  });
});
