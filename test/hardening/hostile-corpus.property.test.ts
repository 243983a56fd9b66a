import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import type { Entry } from '../../src/corpus/entry.ts';
import { hostileEntry } from '../support/hardening-arbitraries.ts';
import {
  anyCaller,
  PropertyRunner,
  PROPERTY_TIMEOUT_MS,
  startPropertyBot,
  type PropertyBot,
} from '../support/hardening-bot.ts';
import { checkRendered, checkReplyShape, checkSuggestions } from '../support/hardening-checks.ts';

/**
 * Corpus text is data: entries whose titles, abstracts, authors and similar-lists hold
 * mentions, link markup, markdown, control characters and 10 000-character runs are found,
 * summarised and listed as similar, and every reply renders safely on Discord and Slack.
 * A few hostile entries stay indexed at once, so a page can be all hostile cards.
 */
const MARKER = 'quokkafuzz';
const INDEXED_AT_ONCE = 6;
const properties = new PropertyRunner();
let harness: PropertyBot;
const indexed: Entry[] = [];

beforeAll(async () => {
  harness = await startPropertyBot();
});

afterAll(async () => {
  await harness?.close();
  properties.report('hostile corpus properties (cases run)');
});

function index(entry: Entry): void {
  harness.bot.applyCorpusChange({ added: [entry], updated: [], removed: [] });
  indexed.push(entry);
  const old = indexed.length > INDEXED_AT_ONCE ? indexed.shift() : undefined;
  if (old) harness.bot.applyCorpusChange({ added: [], updated: [], removed: [old] });
}

describe('replies built from a hostile corpus', () => {
  it(
    'search, summary and similar of hostile entries render within limits, without mentions or injected links',
    async () => {
      await properties.check(
        'search + summary + similar + autocomplete of a hostile entry',
        fc.asyncProperty(hostileEntry(MARKER), anyCaller, async (entry, caller) => {
          index(entry);
          const ref = entry.doi ?? entry.key;
          const replies = [
            await harness.bot.run('paper', { query: MARKER }, caller),
            await harness.bot.run('paper-summary', { entry: ref }, caller),
            await harness.bot.runSubcommandText(`similar ${ref}`, caller),
          ];
          // The shared Slack copy differs only in who sees it; the renderer property covers it.
          for (const reply of replies) {
            checkReplyShape(reply);
            checkRendered(reply, MARKER, false);
          }
          checkSuggestions(await harness.bot.suggest('entry', MARKER, 25));
          checkSuggestions(await harness.bot.suggest('query', entry.title.slice(0, 40), 25));
        }),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
