import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordHarness } from '../support/discord-harness.ts';
import { commandFrom, dispatchAll } from '../support/hardening-discord.ts';

/**
 * One user floods the bot with 1 000 commands in a burst on the real discord.js client while
 * another user runs one: the flooder is told to slow down, privately and with when to retry;
 * the other user gets a full answer; the bot keeps answering afterwards. (How long the other
 * user waits is measured in bench/flood.ts, not asserted here.)
 */
const FLOOD = 1_000;
const FLOODER = '1100000000000000077';
const READER = '1100000000000000088';
const EPHEMERAL = 1 << 6;

describe('a flood of commands from one user', () => {
  let harness: DiscordHarness;

  beforeAll(async () => {
    // What is asserted is who is slowed down and who is answered in full, not when: on a loaded
    // machine an answer past the 2 s defer would arrive as an edit instead of in the callback.
    // (Deferred answers have tests of their own; the wait is measured by bench/flood.ts.)
    harness = await DiscordHarness.start({ deferAfterMs: 60_000 });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('slows the flooder down and still answers everyone else in full', async () => {
    const flood = Array.from({ length: FLOOD }, () => commandFrom(FLOODER, 'paper', { query: 'MSC COVID' }));
    const other = commandFrom(READER, 'paper', { query: 'MSC COVID' });
    const answers = await dispatchAll(harness.standin, [...flood, other]);
    const floodAnswers = answers.slice(0, FLOOD);
    const otherAnswer = answers[FLOOD];

    const slowed = floodAnswers.filter((answer) => /too fast/.test(answer.callback.data.content ?? ''));
    const served = floodAnswers.filter((answer) => (answer.callback.data.embeds ?? []).length > 0);
    expect(served.length).toBe(20);
    expect(slowed.length).toBe(FLOOD - 20);
    for (const answer of slowed) {
      expect(answer.callback.type).toBe(4);
      expect((answer.callback.data.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
      expect(answer.callback.data.content).toMatch(/^You are sending commands too fast\. Try again in \d+ seconds?\.$/);
      expect(answer.callback.data.allowed_mentions).toEqual({ parse: [] });
    }

    expect(otherAnswer?.callback.type).toBe(4);
    expect((otherAnswer?.callback.data.flags ?? 0) & EPHEMERAL).toBe(0);
    expect(otherAnswer?.callback.data.content).toMatch(/entr(y|ies) match/);
    expect(otherAnswer?.callback.data.embeds?.[0]?.title).toMatch(/Mesenchymal|MSC|COVID/i);
    console.log(
      `flood test: ${slowed.length} of ${FLOOD} flood commands told to slow down, ${served.length} served; the other user's answer was callback ${(otherAnswer?.position ?? -1) + 1} of ${FLOOD + 1}`,
    );

    const after = await dispatchAll(harness.standin, [commandFrom(READER, 'paper-help', {})]);
    expect(after[0]?.callback.data.embeds?.length ?? after[0]?.callback.data.content?.length).toBeTruthy();
  }, 60_000);
});
