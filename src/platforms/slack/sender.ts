import type { webApi } from '@slack/bolt';
import type { ChannelSender, DeliveryOutcome } from '../../notify/delivery.ts';
import type { Reply } from '../../reply.ts';
import { classifyDeliveryError } from './delivery-errors.ts';
import { renderReply } from './render.ts';

/** Posts notifications with chat.postMessage; every failure comes back classified, never thrown. */
export class SlackSender implements ChannelSender {
  readonly platform = 'slack' as const;

  /** The client should reject rate-limited calls (not wait), so the queue decides when to retry. */
  constructor(private readonly client: webApi.WebClient) {}

  async send(channelId: string, reply: Reply): Promise<DeliveryOutcome> {
    const message = renderReply(reply);
    try {
      await this.client.chat.postMessage({ channel: channelId, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      return { kind: 'delivered' };
    } catch (error) {
      return classifyDeliveryError(error);
    }
  }
}
