// Whatever is typed or pressed, the bot answers with a reply — a short sentence for what the
// user can fix, a generic one for a fault — and never throws.
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { Bot, EXPIRED_ACTION_MESSAGE } from '../../src/bot.ts';
import { ActionCodec } from '../../src/actions.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { createLogger, silentLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import type { Reply } from '../../src/reply.ts';
import { COMMANDS } from '../../commands/index.ts';
import type { CommandDefinition } from '../../src/command-types.ts';
import { SHIPPED_CORPUS } from '../support/corpus-files.ts';

let corpus: Corpus;
let bot: Bot;

beforeAll(async () => {
  corpus = await Corpus.load(SHIPPED_CORPUS);
  bot = new Bot({ commands: COMMANDS, corpus, logger: silentLogger() });
});

function expectUserError(reply: Reply, message: string | RegExp): void {
  expect(reply.tone).toBe('error');
  expect(reply.ephemeral).toBe(true);
  expect(reply.cards).toEqual([]);
  if (typeof message === 'string') expect(reply.fallback).toBe(message);
  else expect(reply.fallback).toMatch(message);
}

describe('what the user can fix', () => {
  it('an unknown command gets one line of help', async () => {
    const reply = await bot.runLine('/papr MSC', CONSOLE_CALLER);
    expectUserError(reply, 'Unknown command "papr". Try /paper <words to search> or /paper help.');
    expectUserError(await bot.run('no-such-command', {}, CONSOLE_CALLER), 'Unknown command "no-such-command".');
  });

  it('a missing required option names it and shows an example', async () => {
    expectUserError(
      await bot.run('paper-summary', {}, CONSOLE_CALLER),
      'paper-summary needs entry (Accession, DOI or title words). For example: /paper summary S-EPMC8546390',
    );
    expectUserError(await bot.runLine('/paper similar', CONSOLE_CALLER), /^paper-similar needs entry/);
  });

  it('a value outside an option’s choices lists the choices', async () => {
    expectUserError(
      await bot.run('paper', { query: 'MSC', kind: 'poem' }, CONSOLE_CALLER),
      'kind must be one of paper, dataset.',
    );
  });

  it('an unknown entry says how to name one', async () => {
    expectUserError(
      await bot.runLine('/paper similar 10.1000/not.here', CONSOLE_CALLER),
      /^No entry matches "10\.1000\/not\.here"\./,
    );
  });

  it('a huge or garbled line is cut and answered, not thrown', async () => {
    const huge = await bot.runLine(`/paper summary ${'z'.repeat(20_000)}`, CONSOLE_CALLER);
    expectUserError(huge, /^No entry matches "z{59}…"\./);
    const garbled = await bot.runLine('/paper \u0000\ud800MSC\u202e COVID\u0007', CONSOLE_CALLER);
    expect(garbled.tone).toBe('result');
    expect(garbled.cards).toHaveLength(2);
  });
});

describe('buttons', () => {
  it('a button id that is not paperbot’s is answered, not thrown', async () => {
    expectUserError(await bot.runAction('something-else', CONSOLE_CALLER), /^This button is not one of paperbot's/);
    expectUserError(
      await bot.runAction('pb1:no-such-command:x=1', CONSOLE_CALLER),
      'Unknown command "no-such-command".',
    );
  });

  it('a remembered button that has expired says to run the command again', async () => {
    let now = 1_000_000;
    const actions = new ActionCodec(60_000, () => now);
    const clocked = new Bot({ commands: COMMANDS, corpus, logger: silentLogger(), actions });
    const id = actions.encode({ command: 'paper', args: { query: `MSC ${'COVID '.repeat(30)}`, page: 2 } });
    expect(id.length).toBeLessThanOrEqual(100);
    expect((await clocked.runAction(id, CONSOLE_CALLER)).tone).not.toBe('error');
    now += 61_000;
    expectUserError(await clocked.runAction(id, CONSOLE_CALLER), EXPIRED_ACTION_MESSAGE);
  });
});

describe('a fault inside a command', () => {
  const boom: CommandDefinition = {
    name: 'paper-boom',
    description: 'Fails on purpose',
    textName: 'boom',
    example: '/paper boom',
    options: [],
    handler: () => {
      throw new Error('internal detail at /srv/paperbot/secret.ts:12');
    },
  };

  it('is answered with a generic sentence, without internals, and logged with the command name', async () => {
    const logged: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString('utf8'));
        done();
      },
    });
    const faulty = new Bot({
      corpus,
      logger: createLogger({ level: 'error', destination }),
      commands: [...COMMANDS, boom],
    });
    const reply = await faulty.runLine('/paper boom', CONSOLE_CALLER);
    expectUserError(
      reply,
      'Something went wrong while running paper-boom. It has been logged; please try again later.',
    );
    expect(reply.fallback).not.toContain('secret.ts');
    expect(logged.join('')).toContain('"command":"paper-boom"');
  });
});
