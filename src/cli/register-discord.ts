import type { CommandDefinition } from '../command-types.ts';
import type { Config } from '../config.ts';
import { registerDiscordCommands } from '../platforms/discord/register.ts';

export interface RegisterOutcome {
  readonly exitCode: 0 | 1 | 2;
  readonly lines: string[];
}

/** `paperbot register-discord`: pushes every command to one guild, or globally. */
export async function registerDiscordFromConfig(
  config: Config,
  commands: readonly CommandDefinition[],
): Promise<RegisterOutcome> {
  const discord = config.discord;
  if (!discord) return { exitCode: 2, lines: ['DISCORD_TOKEN: missing; set the bot token to register the commands'] };
  try {
    const outcome = await registerDiscordCommands(discord, commands);
    const where = outcome.guildId
      ? `to guild ${outcome.guildId} (available now)`
      : 'globally (Discord may take up to an hour to show them everywhere; set DISCORD_GUILD_ID to test in one server at once)';
    return {
      exitCode: 0,
      lines: [
        `Registered ${outcome.names.length} commands ${where}: ${outcome.names.map((name) => `/${name}`).join(', ')}${messageCommandsNote(outcome.messageCommands)}`,
      ],
    };
  } catch (error) {
    return {
      exitCode: 1,
      lines: [`could not register the Discord commands: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
}

/** `, and the message command "Find in paperbot"` (right-click a message → Apps). */
function messageCommandsNote(names: readonly string[]): string {
  if (!names.length) return '';
  return `, and the message command${names.length === 1 ? '' : 's'} ${names.map((name) => `"${name}"`).join(', ')} (right-click a message → Apps)`;
}
