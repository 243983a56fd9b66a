import type { Message } from 'discord.js';

/**
 * The text a message command reads from its target: the content and what embeds show (a link
 * preview's title and URL, another bot's card). Discord puts the target message in the
 * interaction itself, so no message-content intent is needed.
 */
export function messageText(message: Pick<Message, 'content' | 'embeds'>): string {
  const parts = [message.content];
  for (const embed of message.embeds) {
    parts.push(embed.url ?? '', embed.title ?? '', embed.description ?? '');
    for (const field of embed.fields) parts.push(field.value);
  }
  return parts.filter(Boolean).join('\n');
}
