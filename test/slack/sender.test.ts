import { afterEach, describe, expect, it } from 'vitest';
import { fallbackText, type Reply } from '../../src/reply.ts';
import { SHIPPED_CORPUS } from '../support/corpus-files.ts';
import { SlackHarnesses } from '../support/slack-app.ts';
import { limitViolations, visibleTexts } from '../support/slack-blocks.ts';
import { TEST_BOT_TOKEN } from '../support/slack-requests.ts';

const harnesses = new SlackHarnesses();
afterEach(() => harnesses.stopAll());

const cards = [
  { title: 'New: <!channel> Zebrafish fin regeneration', url: 'https://doi.org/10.1/zf', subtitle: 'Doe, Jane · 2024' },
];
const notification: Reply = {
  tone: 'notice',
  heading: '1 new entry',
  cards,
  actions: [],
  ephemeral: false,
  fallback: fallbackText({ heading: '1 new entry', cards }),
};

async function sender() {
  // The sender needs no start(): notifications can go out whatever the receiving side is doing.
  const { standIn, platform } = await harnesses.start({ corpusDir: SHIPPED_CORPUS, start: false });
  return { standIn, sender: platform.sender };
}

describe('the Slack sender (chat.postMessage)', () => {
  it('posts blocks and a plain fallback to the channel with the bot token', async () => {
    const { standIn, sender: slack } = await sender();
    await expect(slack.send('C0NEWS', notification)).resolves.toEqual({ kind: 'delivered' });

    const [call] = standIn.callsTo('chat.postMessage');
    expect(call?.authorization).toBe(`Bearer ${TEST_BOT_TOKEN}`);
    expect(call?.params['channel']).toBe('C0NEWS');
    const message = { text: call?.params['text'], blocks: JSON.parse(call?.params['blocks'] ?? '[]') as unknown };
    expect(limitViolations(message)).toEqual([]);
    expect(visibleTexts(message).join('\n')).toContain('Zebrafish fin regeneration');
    expect(JSON.stringify(message)).not.toContain('<!channel>');
    expect(call?.params['unfurl_links']).toBe('false');
  });

  it('reports a rate limit as transient, with the wait Slack asked for', async () => {
    const { standIn, sender: slack } = await sender();
    standIn.postMessageMode = { kind: 'ratelimited', retryAfterSeconds: 7 };
    await expect(slack.send('C0NEWS', notification)).resolves.toEqual({
      kind: 'transient',
      reason: 'ratelimited',
      retryAfterMs: 7_000,
    });
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('reports HTTP 500 as transient', async () => {
    const { standIn, sender: slack } = await sender();
    standIn.postMessageMode = { kind: 'http-error', status: 500 };
    await expect(slack.send('C0NEWS', notification)).resolves.toEqual({ kind: 'transient', reason: 'HTTP 500' });
  });

  it('reports a Web API that cannot be reached as transient', async () => {
    const { standIn, sender: slack } = await sender();
    await standIn.close();
    const outcome = await slack.send('C0NEWS', notification);
    expect(outcome).toEqual({ kind: 'transient', reason: 'network: ECONNREFUSED' });
  });

  it.each(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive', 'invalid_auth', 'token_revoked'])(
    'reports %s as permanent',
    async (error) => {
      const { standIn, sender: slack } = await sender();
      standIn.postMessageMode = { kind: 'platform-error', error };
      await expect(slack.send('C0GONE', notification)).resolves.toEqual({ kind: 'permanent', reason: error });
    },
  );

  it('reports an unforeseen platform error as transient, so nothing is dropped by mistake', async () => {
    const { standIn, sender: slack } = await sender();
    standIn.postMessageMode = { kind: 'platform-error', error: 'internal_error' };
    await expect(slack.send('C0NEWS', notification)).resolves.toEqual({ kind: 'transient', reason: 'internal_error' });
  });
});
