import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { noticeReply, type Reply } from '../../src/reply.ts';
import { DiscordPlatform } from '../../src/platforms/discord/discord-platform.ts';
import { DiscordHarness } from '../support/discord-harness.ts';
import { expectNoLiveMentions, expectWithinDiscordLimits } from '../support/discord-limits.ts';
import { COMMANDS } from '../../commands/index.ts';

const NOTIFICATION: Reply = {
  tone: 'result',
  heading: 'New in the corpus: 1 entry',
  cards: [
    {
      title: '@everyone look: a new paper',
      url: 'https://doi.org/10.1/new',
      footer: 'ref 10.1/new',
      actions: [{ id: 'pb1:paper-summary:entry=doi%3A10.1%2Fnew', label: 'Summary' }],
    },
  ],
  actions: [],
  ephemeral: false,
  fallback: 'New in the corpus: @everyone look: a new paper',
};

/** Channel ids are 17-19 digit snowflakes; each case has its own so no rate-limit bucket is shared. */
function channel(n: number): string {
  return String(1_150_000_000_000_000_000n + BigInt(n));
}

describe('the Discord channel sender', () => {
  let harness: DiscordHarness;

  beforeAll(async () => {
    harness = await DiscordHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('posts the notification to the channel as embeds with buttons and no mentions', async () => {
    const outcome = await harness.platform.sender.send(channel(1), NOTIFICATION);
    expect(outcome).toEqual({ kind: 'delivered' });
    const post = await harness.standin.waitForRequest(
      (request) => request.method === 'POST' && request.path === `/channels/${channel(1)}/messages`,
    );
    expect(post.authorization).toMatch(/^Bot /);
    const body = post.body as Parameters<typeof expectWithinDiscordLimits>[0] & { flags?: number };
    expectWithinDiscordLimits(body);
    expectNoLiveMentions(body);
    expect(body.flags).toBeUndefined();
    expect(body.embeds?.[0]?.title).toContain('look: a new paper');
  });

  it('treats a rate limit as transient and passes on how long to wait', async () => {
    harness.standin.answerChannel(channel(2), {
      status: 429,
      headers: { 'retry-after': '3', 'x-ratelimit-scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: 3, global: false },
    });
    const outcome = await harness.platform.sender.send(channel(2), NOTIFICATION);
    expect(outcome).toEqual({
      kind: 'transient',
      reason: expect.stringContaining('429'),
      retryAfterMs: expect.any(Number),
    });
    // discord.js adds its small safety offset (50 ms by default) to Discord's Retry-After.
    const wait = outcome.kind === 'transient' ? (outcome.retryAfterMs ?? 0) : 0;
    expect(wait).toBeGreaterThanOrEqual(3000);
    expect(wait).toBeLessThan(3500);
  });

  it('treats a server error as transient, after one retry of its own', async () => {
    harness.standin.answerChannel(channel(3), {
      status: 500,
      body: { message: '500: Internal Server Error', code: 0 },
    });
    const outcome = await harness.platform.sender.send(channel(3), NOTIFICATION);
    expect(outcome.kind).toBe('transient');
    expect(
      harness.standin.requests.filter((request) => request.path === `/channels/${channel(3)}/messages`),
    ).toHaveLength(2);
  });

  it.each([
    ['an unknown channel', 404, 10003, 'Unknown Channel'],
    ['a channel the bot cannot see', 403, 50001, 'Missing Access'],
    ['a channel the bot may not write to', 403, 50013, 'Missing Permissions'],
    ['a plain 404', 404, 0, '404: Not Found'],
  ])('treats %s as permanent', async (_name, status, code, message) => {
    const id = channel(10 + code + status);
    harness.standin.answerChannel(id, { status, body: { message, code } });
    const outcome = await harness.platform.sender.send(id, NOTIFICATION);
    expect(outcome.kind).toBe('permanent');
    expect(harness.standin.requests.filter((request) => request.path === `/channels/${id}/messages`)).toHaveLength(1);
  });

  it('refuses a channel id that is not a Discord id without sending anything', async () => {
    const before = harness.standin.requests.length;
    expect((await harness.platform.sender.send('C0123456', noticeReply('hi'))).kind).toBe('permanent');
    expect(harness.standin.requests.length).toBe(before);
  });
});

describe('the Discord channel sender without a reachable API', () => {
  it('treats a refused connection as transient', async () => {
    const corpus = await Corpus.load(path.resolve('corpus'));
    // Port 9 (discard) on loopback: nothing listens there, so the connection is refused at once.
    const platform = new DiscordPlatform({
      token: `${'x'.repeat(24)}.abcdef.${'y'.repeat(27)}`,
      apiUrl: 'http://127.0.0.1:9/api',
      bot: new Bot({ commands: COMMANDS, corpus, logger: silentLogger() }),
      logger: silentLogger(),
    });
    try {
      const outcome = await platform.sender.send(channel(99), NOTIFICATION);
      expect(outcome).toEqual({ kind: 'transient', reason: expect.stringMatching(/ECONNREFUSED|could not reach/) });
    } finally {
      await platform.stop();
    }
  });
});
