import { ChannelType, Routes, type REST } from 'discord.js';
import type { ChannelSender, DeliveryOutcome } from '../../notify/delivery.ts';
import type { Reply } from '../../reply.ts';
import type { DeliveryPosting, MentionTarget } from '../../store/store.ts';
import { classifyDiscordFailure } from './failures.ts';
import { MAX_CONTENT_LENGTH, renderChannelMessage, type DiscordMessage } from './render.ts';
import { threadName } from './threads.ts';

const CHANNEL_ID = /^\d{15,21}$/;
const ROLE_ID = /^\d{15,21}$/;
const AUTO_ARCHIVE_MINUTES = 10_080;

interface ChannelInfo {
  readonly type?: number;
  readonly guild_id?: string;
  readonly available_tags?: readonly { readonly id: string; readonly name: string }[];
}

/** A message that pings exactly one role: the role's mention first, and only that id allowed. */
type OutgoingMessage = Omit<DiscordMessage, 'allowed_mentions'> & { allowed_mentions: { parse: []; roles?: string[] } };

/**
 * Posts notifications to Discord channels through the client's REST queue. A posting may ask
 * for the entry's own thread: in a forum a post named after the title (tagged with the entry's
 * kind when the forum has such a tag), elsewhere the message with a thread on it.
 */
export class DiscordChannelSender implements ChannelSender {
  readonly platform = 'discord' as const;

  /** `secrets` (the bot token) are cut from failure reasons: an API or proxy may echo them, and reasons are stored and shown. */
  constructor(
    private readonly rest: REST,
    private readonly secrets: readonly string[] = [],
  ) {}

  async send(channelId: string, reply: Reply, posting?: DeliveryPosting): Promise<DeliveryOutcome> {
    if (!CHANNEL_ID.test(channelId))
      return { kind: 'permanent', reason: `"${channelId.slice(0, 40)}" is not a Discord channel id` };
    try {
      const info = posting ? ((await this.rest.get(Routes.channel(channelId))) as ChannelInfo) : {};
      const message = withMention(renderChannelMessage(reply), posting?.mention, info.guild_id);
      const thread = posting?.thread;
      if (!thread) {
        await this.rest.post(Routes.channelMessages(channelId), { body: message });
        return { kind: 'delivered' };
      }
      const name = threadName(thread.name);
      if (info.type === ChannelType.GuildForum || info.type === ChannelType.GuildMedia) {
        const tag = info.available_tags?.find(
          (candidate) => candidate.name.trim().toLowerCase() === thread.tag?.toLowerCase(),
        );
        const post = (await this.rest.post(Routes.threads(channelId), {
          body: {
            name,
            auto_archive_duration: AUTO_ARCHIVE_MINUTES,
            message,
            ...(tag ? { applied_tags: [tag.id] } : {}),
          },
        })) as { id: string };
        return { kind: 'delivered', threadId: post.id };
      }
      const posted = (await this.rest.post(Routes.channelMessages(channelId), { body: message })) as { id: string };
      // The announcement is out; a thread Discord refuses (permissions) leaves it a plain message.
      const opened = (await this.rest
        .post(Routes.threads(channelId, posted.id), { body: { name, auto_archive_duration: AUTO_ARCHIVE_MINUTES } })
        .catch(() => undefined)) as { id: string } | undefined;
      return { kind: 'delivered', ...(opened ? { threadId: opened.id } : {}) };
    } catch (error) {
      const outcome = classifyDiscordFailure(error);
      const reason = this.secrets.reduce(
        (text, secret) => (secret.length >= 8 ? text.split(secret).join('[redacted]') : text),
        outcome.reason,
      );
      return { ...outcome, reason };
    }
  }
}

/**
 * The chosen role's mention goes first and is the only mention allowed; a role id that is the
 * server's own (@everyone) or not an id at all is never sent.
 */
export function withMention(
  message: DiscordMessage,
  mention: MentionTarget | undefined,
  guildId: string | undefined,
): OutgoingMessage {
  if (!mention || !ROLE_ID.test(mention.id) || mention.id === guildId) return message;
  const ping = `<@&${mention.id}>`;
  const content = message.content ? `${ping}\n${message.content}` : ping;
  return {
    ...message,
    content: content.length <= MAX_CONTENT_LENGTH ? content : `${content.slice(0, MAX_CONTENT_LENGTH - 1)}…`,
    allowed_mentions: { parse: [], roles: [mention.id] },
  };
}
