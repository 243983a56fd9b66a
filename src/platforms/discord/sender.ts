import { Routes, type REST } from 'discord.js';
import type { ChannelSender, DeliveryOutcome } from '../../notify/delivery.ts';
import type { Reply } from '../../reply.ts';
import { classifyDiscordFailure } from './failures.ts';
import { renderChannelMessage } from './render.ts';

const CHANNEL_ID = /^\d{15,21}$/;

/** Posts notifications to Discord channels through the client's REST queue. */
export class DiscordChannelSender implements ChannelSender {
  readonly platform = 'discord' as const;

  /** `secrets` (the bot token) are cut from failure reasons: an API or proxy may echo them, and reasons are stored and shown. */
  constructor(
    private readonly rest: REST,
    private readonly secrets: readonly string[] = [],
  ) {}

  async send(channelId: string, reply: Reply): Promise<DeliveryOutcome> {
    if (!CHANNEL_ID.test(channelId)) return { kind: 'permanent', reason: `"${channelId.slice(0, 40)}" is not a Discord channel id` };
    try {
      await this.rest.post(Routes.channelMessages(channelId), { body: renderChannelMessage(reply) });
      return { kind: 'delivered' };
    } catch (error) {
      const outcome = classifyDiscordFailure(error);
      const reason = this.secrets.reduce((text, secret) => (secret.length >= 8 ? text.split(secret).join('[redacted]') : text), outcome.reason);
      return { ...outcome, reason };
    }
  }
}
