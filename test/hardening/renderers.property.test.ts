import { afterAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { EVIL_HOST, hostileReply } from '../support/hardening-arbitraries.ts';
import { PropertyRunner, PROPERTY_TIMEOUT_MS } from '../support/hardening-bot.ts';
import { checkRendered } from '../support/hardening-checks.ts';
import type { Reply } from '../../src/reply.ts';

/**
 * Both renderers take any Reply — far beyond what the commands build: 14 cards, 30 fields,
 * 10 000-character titles, hostile button labels and ids, nonsense paging — and never produce a
 * payload the platform would refuse, a mention, or a link that came from text.
 */
const properties = new PropertyRunner();

afterAll(() => properties.report('renderer properties (cases run)'));

/** Link fields are links by design; only text must never become one, so link fields avoid the evil host. */
function withoutEvilLinks(reply: Reply): Reply {
  const tame = (url: string | undefined): string | undefined => url?.split(EVIL_HOST).join('ok.example');
  return {
    ...reply,
    text: reply.text?.map((segment) => ({ ...segment, url: tame(segment.url) })),
    cards: reply.cards.map((card) => ({
      ...card,
      url: tame(card.url),
      body: card.body?.map((segment) => ({ ...segment, url: tame(segment.url) })),
    })),
  };
}

describe('the Discord and Slack renderers under any Reply', () => {
  it(
    'render every Reply within every limit, without mentions or links from text',
    async () => {
      await properties.check(
        'renderReply (Discord; Slack private with Share; Slack shared)',
        fc.property(hostileReply.map(withoutEvilLinks), fc.string({ maxLength: 3000 }), (reply, shareText) => {
          // Discord's channel message is this payload less the ephemeral flag; Slack's sender posts
          // the blocks checked here.
          checkRendered(reply, shareText);
        }),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
