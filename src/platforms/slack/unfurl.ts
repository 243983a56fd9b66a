import type { App, types } from '@slack/bolt';
import type { Bot } from '../../bot.ts';
import type { Logger } from '../../logger.ts';
import type { InFlight } from './in-flight.ts';
import { renderReply } from './render.ts';

/**
 * Longer links are never unfurled, looked at or logged: no entry's page needs more, and the Web
 * API client runs a regular expression over every key of the unfurls it sends (its log
 * redaction), which a link of 200 000 characters turns into seconds with the event loop held.
 */
export const MAX_UNFURL_LINK_LENGTH = 2_000;
/** Slack sends at most five links per event; more is not Slack. */
const MAX_UNFURL_LINKS = 10;

export interface UnfurlDependencies {
  readonly bot: Bot;
  readonly logger: Logger;
  readonly inFlight: InFlight;
}

/**
 * Links become cards: when a message (or a message being written) holds a link on one of the
 * app's unfurl domains, Slack sends `link_shared`; the links that name a corpus entry are
 * unfurled with its card through `chat.unfurl`, and any other link is left as Slack shows it.
 * Retries never get here (request-middleware.ts): Socket Mode numbers a first delivery 0.
 * https://api.slack.com/reference/messaging/link-unfurling
 */
export function registerUnfurls(app: App, deps: UnfurlDependencies): void {
  app.event('link_shared', ({ event, client }) =>
    deps.inFlight.run(async () => {
      const unfurls = await unfurlsFor(deps.bot, unfurlCandidates(event.links));
      if (!Object.keys(unfurls).length) return;
      try {
        // A link still in the composer has no message yet: Slack names it by unfurl_id instead.
        if (event.source === 'composer' && event.unfurl_id)
          await client.chat.unfurl({ unfurl_id: event.unfurl_id, source: 'composer', unfurls });
        else await client.chat.unfurl({ channel: event.channel, ts: event.message_ts, unfurls });
      } catch (error) {
        deps.logger.warn({ err: error, links: Object.keys(unfurls).length }, 'slack refused the link unfurls');
      }
    }),
  );
}

/** The `unfurls` argument: each link's card as Block Kit, keyed by the link exactly as posted. */
export async function unfurlsFor(bot: Bot, urls: readonly string[]): Promise<Record<string, types.MessageAttachment>> {
  const unfurls: Record<string, types.MessageAttachment> = {};
  for (const preview of await bot.linkPreviews(urls)) {
    const message = renderReply(preview.reply);
    // `fallback` is what clients without blocks (and notifications) show.
    unfurls[preview.url] = { fallback: message.text, blocks: message.blocks };
  }
  return unfurls;
}

/** The links worth a look: strings of sensible length, the first few. */
export function unfurlCandidates(links: readonly { readonly url?: unknown }[]): string[] {
  return links
    .slice(0, MAX_UNFURL_LINKS)
    .map((link) => link.url)
    .filter((url): url is string => typeof url === 'string' && url.length <= MAX_UNFURL_LINK_LENGTH);
}
