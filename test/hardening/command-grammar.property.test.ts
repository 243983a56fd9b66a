import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COMMANDS } from '../../commands/index.ts';
import { parseQuery } from '../../src/search/query.ts';
import { parseCommandLine, parseSubcommandText } from '../../src/text-grammar.ts';
import { hostileOptionValue, hostileText } from '../support/hardening-arbitraries.ts';
import {
  anyCaller,
  PropertyRunner,
  PROPERTY_TIMEOUT_MS,
  startPropertyBot,
  type PropertyBot,
} from '../support/hardening-bot.ts';
import { checkRendered, checkReplyShape, checkSuggestions } from '../support/hardening-checks.ts';

/**
 * Whatever a user types — as Slack's `/paper` text, a console line, a Discord option value or
 * a button id — the bot answers with a Reply, and that Reply renders on Discord and Slack within
 * every limit, with no mention and no link that the input smuggled in.
 */
const properties = new PropertyRunner();
let harness: PropertyBot;

beforeAll(async () => {
  harness = await startPropertyBot();
});

afterAll(async () => {
  await harness?.close();
  properties.report('command grammar properties (cases run)');
});

/** What follows `/paper`, often starting with a subcommand so each command's parsing is reached. */
const subcommandText = fc
  .tuple(
    fc.constantFrom(
      '',
      '',
      'summary ',
      'similar ',
      'cite ',
      'subscribe ',
      'unsubscribe ',
      'subscriptions ',
      'help ',
      'SUMMARY ',
      'summary',
      ' ',
    ),
    hostileText(),
  )
  .map(([head, rest]) => head + rest);

const commandLine = fc
  .tuple(
    fc.constantFrom(
      '',
      '/',
      '/paper ',
      'paper ',
      '/paper summary ',
      '/paper-summary ',
      '/paper-similar ',
      '/paper-cite ',
      '/paper-subscribe ',
      '/paper-unsubscribe ',
      '/PAPER ',
      '/paper-nope ',
    ),
    hostileText(),
  )
  .map(([head, rest]) => head + rest);

const optionNames = [
  ...new Set(COMMANDS.flatMap((command) => command.options.map((option) => option.name))),
  'page',
  '__proto__',
  'constructor',
];

const invocation = fc.record({
  name: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...COMMANDS.map((command) => command.name)) },
    { weight: 1, arbitrary: hostileText(200) },
  ),
  args: fc.dictionary(fc.oneof(fc.constantFrom(...optionNames), fc.string({ maxLength: 12 })), hostileOptionValue, {
    maxKeys: 6,
  }),
});

describe('the command grammar under hostile input', () => {
  it(
    'parses any query text into a query or a short error, never throwing',
    async () => {
      await properties.check(
        'parseQuery',
        fc.property(hostileText(), (text) => {
          const parsed = parseQuery(text);
          if (!parsed.ok) {
            expect(parsed.error.length).toBeGreaterThan(0);
            expect(parsed.error.length).toBeLessThan(300);
          }
        }),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'parses any /paper text and console line into a command or a short error',
    async () => {
      await properties.check(
        'parseSubcommandText + parseCommandLine',
        fc.property(subcommandText, commandLine, (text, line) => {
          for (const parsed of [parseSubcommandText(text, COMMANDS), parseCommandLine(line, COMMANDS)]) {
            if (!parsed.ok) expect(parsed.error.length).toBeLessThan(300);
          }
        }),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'answers any /paper text (Slack) with a Reply that renders safely on both platforms',
    async () => {
      await properties.check(
        'bot.runSubcommandText',
        fc.asyncProperty(subcommandText, anyCaller, async (text, caller) => {
          const reply = await harness.bot.runSubcommandText(text, caller);
          checkReplyShape(reply);
          checkRendered(reply, text);
        }),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'answers any console line with a Reply that renders safely on both platforms',
    async () => {
      await properties.check(
        'bot.runLine',
        fc.asyncProperty(commandLine, anyCaller, async (line, caller) => {
          const reply = await harness.bot.runLine(line, caller);
          checkReplyShape(reply);
          checkRendered(reply);
        }),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'answers any command with any option values (Discord) with a Reply that renders safely',
    async () => {
      await properties.check(
        'bot.run(name, args)',
        fc.asyncProperty(invocation, anyCaller, async ({ name, args }, caller) => {
          const reply = await harness.bot.run(name, args, caller);
          checkReplyShape(reply);
          checkRendered(reply);
        }),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'answers any button id and any autocomplete text without throwing',
    async () => {
      await properties.check(
        'bot.runAction + bot.suggest',
        fc.asyncProperty(
          hostileText(),
          fc.constantFrom('entry' as const, 'query' as const),
          anyCaller,
          async (text, source, caller) => {
            const reply = await harness.bot.runAction(text, caller);
            checkReplyShape(reply);
            checkRendered(reply);
            checkSuggestions(await harness.bot.suggest(source, text, 25));
          },
        ),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
