import type { Reply } from '../reply.ts';
import type { PlatformName } from '../command-types.ts';
import type { DeliveryPosting } from '../store/store.ts';

/**
 * What happened to one message sent to a channel. `transient` is worth retrying (5xx, rate
 * limit, network); `permanent` is not (unknown channel, missing access, archived).
 */
export type DeliveryOutcome =
  /** `threadId`: the discussion thread the post opened, when the posting asked for one. */
  | { readonly kind: 'delivered'; readonly threadId?: string }
  | { readonly kind: 'transient'; readonly reason: string; readonly retryAfterMs?: number }
  | { readonly kind: 'permanent'; readonly reason: string };

/** Posts an unsolicited message (a notification) to one channel of one platform. */
export interface ChannelSender {
  readonly platform: PlatformName;
  send(channelId: string, reply: Reply, posting?: DeliveryPosting): Promise<DeliveryOutcome>;
}
