import type { Reply } from '../reply.ts';

/**
 * What happened to one message sent to a channel. `transient` is worth retrying (5xx, rate
 * limit, network); `permanent` is not (unknown channel, missing access, archived).
 */
export type DeliveryOutcome =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'transient'; readonly reason: string; readonly retryAfterMs?: number }
  | { readonly kind: 'permanent'; readonly reason: string };

/** Posts an unsolicited message (a notification) to one channel of one platform. */
export interface ChannelSender {
  readonly platform: 'discord' | 'slack' | 'console';
  send(channelId: string, reply: Reply): Promise<DeliveryOutcome>;
}
