import { webApi } from '@slack/bolt';
import type { ThreadSurface } from '../../command-types.ts';
import { UserError } from '../../errors.ts';
import type { Reply } from '../../reply.ts';
import { renderReply } from './render.ts';

/** Where on Slack a Discuss button was pressed, or `/paper discuss` typed. */
export interface SlackPlace {
  readonly channelId: string;
  /** The message holding the button; absent for a slash command. */
  readonly messageTs?: string;
  /** Set when that message is a reply inside a thread: the thread's parent. */
  readonly threadTs?: string;
  /** A private (ephemeral) message cannot have a thread under it. */
  readonly ephemeral: boolean;
}

/** Errors that mean the bot may not post in this channel, which the user can fix. */
const NOT_ALLOWED = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'missing_scope',
]);

/**
 * Discuss on Slack: the thread under the message the button was pressed on, opened with the
 * entry's card. A private message (results are private until shared) cannot hold a thread, so
 * then the bot posts a short public message naming the entry and threads under that.
 * `teamUrl` (auth.test's `url`) makes permalinks.
 */
export function slackThreadSurface(
  client: webApi.WebClient,
  place: SlackPlace,
  teamUrl: string | undefined,
): ThreadSurface | undefined {
  if (!place.channelId) return undefined;
  const inThread = place.threadTs !== undefined && place.threadTs !== place.messageTs;
  return {
    channel: { platform: 'slack', channelId: place.channelId },
    ...(inThread ? { currentThread: place.threadTs } : {}),
    // Checking would need the history scopes; a thread under a deleted message still shows its replies.
    exists: async () => true,
    open: (name, first) => openThread(client, place, name, first),
    link: (threadTs) =>
      teamUrl ? `${teamUrl.replace(/\/?$/, '/')}archives/${place.channelId}/p${threadTs.replace('.', '')}` : undefined,
  };
}

async function openThread(client: webApi.WebClient, place: SlackPlace, name: string, first: Reply): Promise<string> {
  try {
    let parent = place.ephemeral ? undefined : place.messageTs;
    if (!parent) {
      const root = renderReply({
        tone: 'notice',
        heading: `Discussion: ${name}`,
        text: [{ text: 'Reply in the thread under this message.' }],
        cards: [],
        actions: [],
        ephemeral: false,
        fallback: `Discussion: ${name}`,
      });
      const posted = await client.chat.postMessage({
        channel: place.channelId,
        text: root.text,
        blocks: root.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      parent = posted.ts;
      if (!parent) throw new Error('chat.postMessage answered without a message ts');
    }
    const card = renderReply(first);
    await client.chat.postMessage({
      channel: place.channelId,
      thread_ts: parent,
      text: card.text,
      blocks: card.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    return parent;
  } catch (error) {
    if (error instanceof webApi.WebAPIPlatformError && NOT_ALLOWED.has(error.data.error)) {
      throw new UserError(
        `paperbot cannot post in this channel (${error.data.error}); invite it with /invite @paperbot and press Discuss again.`,
      );
    }
    throw error;
  }
}
