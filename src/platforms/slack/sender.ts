import type { webApi } from '@slack/bolt';
import type { ChannelSender, DeliveryOutcome } from '../../notify/delivery.ts';
import { noticeReply, type Reply } from '../../reply.ts';
import type { DeliveryPosting, MentionTarget } from '../../store/store.ts';
import { classifyDeliveryError } from './delivery-errors.ts';
import { MAX_BLOCKS, renderReply, type SlackMessage } from './render.ts';

const USER_GROUP_ID = /^S[A-Z0-9]{2,20}$/;

/**
 * Posts notifications with chat.postMessage; every failure comes back classified, never thrown.
 * A posting may ask for the entry's own thread (the message, with a first reply opening the
 * discussion under it) and mention one user group.
 */
export class SlackSender implements ChannelSender {
  readonly platform = 'slack' as const;

  /** The client should reject rate-limited calls (not wait), so the queue decides when to retry. */
  constructor(private readonly client: webApi.WebClient) {}

  async send(channelId: string, reply: Reply, posting?: DeliveryPosting): Promise<DeliveryOutcome> {
    const message = withMention(renderReply(reply), posting?.mention);
    try {
      const posted = await this.client.chat.postMessage({
        channel: channelId,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      const thread = posting?.thread;
      if (!thread || !posted.ts) return { kind: 'delivered' };
      const opener = renderReply(
        noticeReply(`Discuss “${thread.name}” here: replies stay in this thread.`, { ephemeral: false }),
      );
      // The announcement is out; a refused first reply still leaves its thread to reply in.
      await this.client.chat
        .postMessage({
          channel: channelId,
          thread_ts: posted.ts,
          text: opener.text,
          blocks: opener.blocks,
          unfurl_links: false,
          unfurl_media: false,
        })
        .catch(() => undefined);
      return { kind: 'delivered', threadId: posted.ts };
    } catch (error) {
      return classifyDeliveryError(error);
    }
  }
}

/** The chosen user group's mention first; nothing else in a message can ping (render escapes text). */
export function withMention(message: SlackMessage, mention: MentionTarget | undefined): SlackMessage {
  if (!mention || !USER_GROUP_ID.test(mention.id)) return message;
  const ping = `<!subteam^${mention.id}>`;
  const blocks = [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: ping } }, ...message.blocks].slice(
    0,
    MAX_BLOCKS,
  );
  return { text: `${ping} ${message.text}`, blocks };
}
