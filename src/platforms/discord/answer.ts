import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { Reply } from '../../reply.ts';
import { renderReply, type DeliveryLimits, type DiscordMessage } from './render.ts';

export type AnswerableInteraction =
  | ChatInputCommandInteraction
  | MessageContextMenuCommandInteraction
  | ButtonInteraction;

/**
 * Discord allows 3 s for the first answer to an interaction. A reply that is ready within this
 * time is sent at once; a slower one is deferred (Discord shows "thinking…") and sent by editing.
 */
export const DEFAULT_DEFER_AFTER_MS = 2000;

const LATE = Symbol('late');

/**
 * Answers `interaction` with the reply `pending` resolves to, inside Discord's window.
 * Paging (Prev / Next) replaces the message it was pressed on; any other button answers with a
 * new message, so the results stay where they were.
 */
export async function answerInTime(
  interaction: AnswerableInteraction,
  pending: Promise<Reply>,
  deferAfterMs: number,
): Promise<void> {
  const early = await settleWithin(pending, deferAfterMs);
  if (early !== LATE) {
    await answerNow(interaction, early);
    return;
  }
  if (interaction.isButton()) await interaction.deferUpdate();
  else await interaction.deferReply();
  await answerDeferred(interaction, await pending);
}

async function answerNow(interaction: AnswerableInteraction, reply: Reply): Promise<void> {
  const message = renderReply(reply, limitsOf(interaction));
  if (interaction.isButton() && replacesPressedMessage(reply)) await interaction.update(editOptions(message));
  else await interaction.reply(replyOptions(message));
}

async function answerDeferred(interaction: AnswerableInteraction, reply: Reply): Promise<void> {
  const message = renderReply(reply, limitsOf(interaction));
  if (interaction.isButton()) {
    // After deferUpdate, the original message is the one holding the button.
    if (replacesPressedMessage(reply)) await interaction.editReply(editOptions(message));
    else await interaction.followUp(replyOptions(message));
    return;
  }
  if (reply.ephemeral) {
    // A deferred reply is public; an ephemeral answer (usually an error) replaces it privately.
    await interaction.deleteReply();
    await interaction.followUp(replyOptions(message));
    return;
  }
  await interaction.editReply(editOptions(message));
}

/** The interaction says how large a file its answer may carry (the server's boosts raise it). */
function limitsOf(interaction: AnswerableInteraction): DeliveryLimits {
  const limit = interaction.attachmentSizeLimit;
  return typeof limit === 'number' && Number.isFinite(limit) && limit > 0 ? { maxFileBytes: limit } : {};
}

/** A reply that pages is another page of the same listing: it takes the old page's place. */
export function replacesPressedMessage(reply: Reply): boolean {
  return reply.paging !== undefined && !reply.ephemeral && reply.tone === 'result';
}

/** Answers an interaction that has failed, whatever state its answer is in. */
export async function answerFailure(interaction: AnswerableInteraction, reply: Reply): Promise<void> {
  const options = replyOptions(renderReply(reply));
  if (interaction.replied || interaction.deferred) await interaction.followUp(options);
  else await interaction.reply(options);
}

function replyOptions(message: DiscordMessage): InteractionReplyOptions & { flags?: MessageFlags.Ephemeral } {
  return {
    content: message.content ?? '',
    embeds: message.embeds,
    components: message.components,
    files: filesOf(message),
    allowedMentions: { parse: [] },
    ...(message.flags ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/**
 * Edits cannot change who sees a message, so they carry no flags; empty content clears the old,
 * and the files given replace the old ones.
 */
function editOptions(message: DiscordMessage): {
  content: string;
  embeds: DiscordMessage['embeds'];
  components: DiscordMessage['components'];
  files: AttachmentPayload[];
  attachments: [];
  allowedMentions: { parse: [] };
} {
  return {
    content: message.content ?? '',
    embeds: message.embeds,
    components: message.components,
    files: filesOf(message),
    attachments: [],
    allowedMentions: { parse: [] },
  };
}

interface AttachmentPayload {
  readonly attachment: Buffer;
  readonly name: string;
  readonly description: string;
}

function filesOf(message: DiscordMessage): AttachmentPayload[] {
  return (message.files ?? []).map((file) => ({
    attachment: file.data,
    name: file.name,
    description: file.description,
  }));
}

async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
