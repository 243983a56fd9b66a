import { DiscordAPIError, REST, Routes } from 'discord.js';
import type { CommandDefinition } from '../../command-types.ts';
import {
  applicationCommandProblems,
  buildApplicationCommands,
  buildMessageCommands,
  messageCommandProblems,
} from './application-commands.ts';
import { discordRestOptions } from './rest-options.ts';
import { describeStartError } from './start-errors.ts';

/** https://discord.com/developers/docs/topics/opcodes-and-status-codes#json */
const MISSING_ACCESS = 50001;

export interface RegistrationSettings {
  readonly token: string;
  /** Looked up from the token when absent. */
  readonly applicationId?: string;
  /** One guild (instant) instead of every guild (global commands). */
  readonly guildId?: string;
  readonly apiUrl?: string;
}

export interface RegistrationOutcome {
  readonly applicationId: string;
  readonly guildId?: string;
  /** The slash commands registered. */
  readonly names: readonly string[];
  /** The message commands (right-click a message → Apps) registered. */
  readonly messageCommands: readonly string[];
}

/**
 * Replaces the application's commands with the ones defined here (bulk overwrite), so running
 * it again changes nothing and a command removed from the code disappears from Discord.
 * Rejects with a one-line, secret-free message.
 */
export async function registerDiscordCommands(
  settings: RegistrationSettings,
  commands: readonly CommandDefinition[],
): Promise<RegistrationOutcome> {
  const slash = buildApplicationCommands(commands);
  const message = buildMessageCommands(commands);
  const body = [...slash, ...message];
  const problems = [...applicationCommandProblems(slash), ...messageCommandProblems(message)];
  if (problems.length) throw new Error(`Discord would refuse these commands: ${problems.join('; ')}`);
  const rest = new REST(discordRestOptions(settings.apiUrl)).setToken(settings.token);
  try {
    const applicationId = settings.applicationId ?? (await currentApplicationId(rest));
    const route = settings.guildId
      ? Routes.applicationGuildCommands(applicationId, settings.guildId)
      : Routes.applicationCommands(applicationId);
    await rest.put(route, { body });
    return {
      applicationId,
      ...(settings.guildId ? { guildId: settings.guildId } : {}),
      names: slash.map((command) => command.name),
      messageCommands: message.map((command) => command.name),
    };
  } catch (error) {
    if (settings.guildId && error instanceof DiscordAPIError && Number(error.code) === MISSING_ACCESS) {
      throw new Error(
        `Discord refused access to guild ${settings.guildId}: invite the bot there with the applications.commands scope, or check DISCORD_GUILD_ID`,
      );
    }
    throw new Error(describeStartError(error, settings));
  } finally {
    // Registration is one request; nothing should keep the process alive afterwards.
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

async function currentApplicationId(rest: REST): Promise<string> {
  const application = (await rest.get(Routes.currentApplication())) as { id?: unknown };
  if (typeof application.id !== 'string')
    throw new Error('Discord did not say which application this token belongs to; set DISCORD_APPLICATION_ID');
  return application.id;
}
