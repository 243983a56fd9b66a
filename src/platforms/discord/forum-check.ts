import { DiscordAPIError, Routes, type REST } from 'discord.js';
import type { CommandArgs, CommandDefinition } from '../../command-types.ts';

/** Forum and media channels: the kinds that hold a post per entry. */
const FORUM_TYPES = new Set([15, 16]);
const NOT_HERE = 'forum must be a forum channel of this server.';

/**
 * What is wrong with the forums a command names, if anything. The option's picker offers this
 * server's forums only, but an interaction can carry any id: each is looked up, and one that is
 * not a forum of the server the command was run in is refused, so no subscription ever posts into
 * another server.
 */
export async function forumProblem(
  rest: REST,
  command: CommandDefinition | undefined,
  args: CommandArgs,
  guildId: string | null,
): Promise<string | undefined> {
  for (const option of command?.options ?? []) {
    const value = args[option.name];
    if (option.type !== 'forum' || value === undefined || String(value).trim() === '') continue;
    const id = String(value).trim();
    if (!guildId || !/^\d{15,21}$/.test(id)) return NOT_HERE;
    let channel: unknown;
    try {
      channel = await rest.get(Routes.channel(id));
    } catch (error) {
      if (error instanceof DiscordAPIError && (error.status === 404 || error.status === 403))
        return `${NOT_HERE} paperbot cannot see that channel: pick a forum it can see, or give it access there.`;
      throw error;
    }
    if (!isForumOf(channel, guildId)) return NOT_HERE;
  }
  return undefined;
}

function isForumOf(channel: unknown, guildId: string): boolean {
  if (typeof channel !== 'object' || channel === null) return false;
  const type = 'type' in channel ? channel.type : undefined;
  const guild = 'guild_id' in channel ? channel.guild_id : undefined;
  return typeof type === 'number' && FORUM_TYPES.has(type) && guild === guildId;
}
