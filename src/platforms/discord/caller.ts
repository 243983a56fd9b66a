import { PermissionFlagsBits, type CommandInteractionOption, type Interaction } from 'discord.js';
import type { Caller, CommandArgs } from '../../command-types.ts';

/**
 * Who asked, where. Outside a server (a DM) there are no member permissions, so commands that
 * need Manage Channels are refused there.
 */
export function callerOf(interaction: Interaction): Caller {
  return {
    platform: 'discord',
    channelId: interaction.channelId ?? '',
    userId: interaction.user.id,
    canManageChannel: interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false,
  };
}

/** Slash-command options as the core's arguments; paperbot's options are strings and integers. */
export function argsOf(options: readonly CommandInteractionOption[]): CommandArgs {
  const args: Record<string, string | number> = {};
  for (const option of options) {
    // A role travels with its name, for lists; @everyone is passed as such so the core refuses it.
    if (option.role)
      args[option.name] = option.role.name === '@everyone' ? '@everyone' : `${option.role.id}|@${option.role.name}`;
    else if (typeof option.value === 'string' || typeof option.value === 'number') args[option.name] = option.value;
    else if (typeof option.value === 'boolean') args[option.name] = String(option.value);
  }
  return args;
}
