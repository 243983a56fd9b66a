import {
  ChannelType,
  DiscordAPIError,
  MessageFlags,
  Routes,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type REST,
} from 'discord.js';
import type { ThreadSurface } from '../../command-types.ts';
import { UserError } from '../../errors.ts';
import type { Reply } from '../../reply.ts';
import { renderChannelMessage } from './render.ts';

/** https://discord.com/developers/docs/resources/channel#start-thread-from-message */
export const MAX_THREAD_NAME = 100;
/** A week of quiet before Discord hides a discussion in the archived list (it reopens when written to). */
const AUTO_ARCHIVE_MINUTES = 10_080;
/** JSON error codes: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json */
const THREAD_ALREADY_CREATED = 160_004;
const MISSING_ACCESS = 50_001;
const MISSING_PERMISSIONS = 50_013;

/**
 * Discuss on Discord: a public thread on the message the button was pressed on, named after the
 * entry; where that message cannot take one (it is private, or already has a thread for another
 * entry), a public thread in the channel. Outside a server there are no threads.
 */
export function discordThreadSurface(
  interaction: ButtonInteraction | ChatInputCommandInteraction,
): ThreadSurface | undefined {
  const { guildId, channelId } = interaction;
  if (!guildId || !channelId) return undefined;
  const rest = interaction.client.rest;
  const channel = interaction.channel;
  const inThread = channel?.isThread() === true;
  const parentId = inThread ? channel.parentId : undefined;
  const pressedOn =
    interaction.isButton() && !interaction.message.flags.has(MessageFlags.Ephemeral)
      ? interaction.message.id
      : undefined;
  return {
    channel: { platform: 'discord', channelId: parentId ?? channelId },
    ...(inThread ? { currentThread: channelId } : {}),
    exists: (threadId) => threadExists(rest, threadId),
    open: (name, first) => openThread(rest, channelId, pressedOn, name, first),
    link: (threadId) => `https://discord.com/channels/${guildId}/${threadId}`,
  };
}

/** A thread is gone only when Discord says so; any other failure keeps the one remembered. */
async function threadExists(rest: REST, threadId: string): Promise<boolean> {
  try {
    await rest.get(Routes.channel(threadId));
    return true;
  } catch (error) {
    return !(error instanceof DiscordAPIError && error.status === 404);
  }
}

async function openThread(
  rest: REST,
  channelId: string,
  messageId: string | undefined,
  name: string,
  first: Reply,
): Promise<string> {
  const body = { name: threadName(name), auto_archive_duration: AUTO_ARCHIVE_MINUTES };
  try {
    let thread: { id: string } | undefined;
    if (messageId) {
      thread = (await rest.post(Routes.threads(channelId, messageId), { body }).catch((error: unknown) => {
        if (error instanceof DiscordAPIError && Number(error.code) === THREAD_ALREADY_CREATED) return undefined;
        throw error;
      })) as { id: string } | undefined;
    }
    thread ??= (await rest.post(Routes.threads(channelId), { body: { ...body, type: ChannelType.PublicThread } })) as {
      id: string;
    };
    await rest.post(Routes.channelMessages(thread.id), { body: renderChannelMessage(first) });
    return thread.id;
  } catch (error) {
    if (error instanceof DiscordAPIError && [MISSING_ACCESS, MISSING_PERMISSIONS].includes(Number(error.code))) {
      throw new UserError(
        'paperbot may not open threads here: it needs the Create Public Threads and Send Messages in Threads permissions in this channel.',
      );
    }
    throw error;
  }
}

/** One line of 1-100 characters; control characters and line breaks would be refused. */
export function threadName(title: string): string {
  const clean =
    title
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'Discussion';
  return [...clean].length <= MAX_THREAD_NAME
    ? clean
    : `${[...clean]
        .slice(0, MAX_THREAD_NAME - 1)
        .join('')
        .trimEnd()}…`;
}
