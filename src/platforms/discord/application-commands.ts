/**
 * Command definitions -> Discord application commands (the body of the bulk-overwrite PUT).
 * Pure, so every command added to `commands/index.ts` is registered without touching this file.
 *
 * Rules: https://discord.com/developers/docs/interactions/application-commands#application-command-object
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOptionChoice,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandDefinition, CommandOption } from '../../command-types.ts';
import { ELLIPSIS } from './markdown.ts';

export const MAX_COMMANDS = 100;
export const COMMAND_NAME_PATTERN = /^[-_\p{L}\p{N}]{1,32}$/u;
export const MAX_DESCRIPTION_LENGTH = 100;
export const MAX_OPTIONS = 25;
export const MAX_OPTION_CHOICES = 25;
export const MAX_OPTION_CHOICE_LENGTH = 100;
/** Name, description and every option's name, description and choices, per command. */
export const MAX_COMMAND_TOTAL_LENGTH = 4000;

export type ApplicationCommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;
export type MessageCommandJson = RESTPostAPIContextMenuApplicationCommandsJSONBody;
/** Message commands are named as users read them: 1-32 characters, any case, spaces allowed. */
export const MAX_MESSAGE_COMMAND_NAME = 32;

export function buildApplicationCommands(commands: readonly CommandDefinition[]): ApplicationCommandJson[] {
  return commands.map(buildApplicationCommand);
}

/** Right-click a message → Apps → the name: one per definition that asks for it. */
export function buildMessageCommands(commands: readonly CommandDefinition[]): MessageCommandJson[] {
  return commands.flatMap((command) =>
    command.messageCommand
      ? [
          {
            type: ApplicationCommandType.Message,
            name: command.messageCommand,
            default_member_permissions:
              command.requires === 'manage-channel' ? String(PermissionFlagsBits.ManageChannels) : null,
          },
        ]
      : [],
  );
}

/** Everything registration sends: the slash commands, then the message commands. */
export function buildAllApplicationCommands(
  commands: readonly CommandDefinition[],
): (ApplicationCommandJson | MessageCommandJson)[] {
  return [...buildApplicationCommands(commands), ...buildMessageCommands(commands)];
}

/** What Discord would refuse in message commands, as sentences. */
export function messageCommandProblems(commands: readonly MessageCommandJson[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const command of commands) {
    const length = [...command.name].length;
    if (!command.name.trim() || length > MAX_MESSAGE_COMMAND_NAME)
      problems.push(`message command "${command.name}" needs a name of 1-${MAX_MESSAGE_COMMAND_NAME} characters`);
    if (names.has(command.name)) problems.push(`message command "${command.name}" is defined twice`);
    names.add(command.name);
  }
  return problems;
}

function buildApplicationCommand(command: CommandDefinition): ApplicationCommandJson {
  // Discord lists required options first and refuses them after optional ones.
  const options = [
    ...command.options.filter((option) => option.required),
    ...command.options.filter((option) => !option.required),
  ];
  return {
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    description: shortenDescription(command.description),
    options: options.slice(0, MAX_OPTIONS).map(buildOption),
    // Only a default: server admins can still change who may use the command.
    default_member_permissions:
      command.requires === 'manage-channel' ? String(PermissionFlagsBits.ManageChannels) : null,
  };
}

function buildOption(option: CommandOption): APIApplicationCommandBasicOption {
  const base = { name: option.name, description: shortenDescription(option.description), required: option.required };
  // Discord refuses autocomplete together with fixed choices; the choices win.
  const choices = option.choices?.slice(0, MAX_OPTION_CHOICES).map((choice) => ({
    name: choice.name.slice(0, MAX_OPTION_CHOICE_LENGTH),
    value: choice.value.slice(0, MAX_OPTION_CHOICE_LENGTH),
  }));
  const autocomplete = !choices?.length && option.autocomplete !== undefined;
  if (option.type === 'role') return { ...base, type: ApplicationCommandOptionType.Role };
  if (option.type === 'forum')
    return {
      ...base,
      type: ApplicationCommandOptionType.Channel,
      channel_types: [ChannelType.GuildForum, ChannelType.GuildMedia],
    };
  if (option.type === 'integer') {
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer,
      ...(option.minValue !== undefined ? { min_value: option.minValue } : {}),
      ...(option.maxValue !== undefined ? { max_value: option.maxValue } : {}),
      ...(choices?.length
        ? {
            choices: choices.map(
              (choice): APIApplicationCommandOptionChoice<number> => ({
                name: choice.name,
                value: Number(choice.value),
              }),
            ),
          }
        : { autocomplete }),
    };
  }
  return { ...base, type: ApplicationCommandOptionType.String, ...(choices?.length ? { choices } : { autocomplete }) };
}

/** Cuts at a word boundary so a long description still reads as a phrase. */
function shortenDescription(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= MAX_DESCRIPTION_LENGTH) return clean;
  const room = clean.slice(0, MAX_DESCRIPTION_LENGTH - ELLIPSIS.length);
  const boundary = room.search(/[\s,;]+\S*$/);
  return `${(boundary > MAX_DESCRIPTION_LENGTH / 2 ? room.slice(0, boundary) : room).trimEnd()}${ELLIPSIS}`;
}

/** What Discord would refuse in these commands, as sentences; empty when all is well. */
export function applicationCommandProblems(commands: readonly ApplicationCommandJson[]): string[] {
  const problems: string[] = [];
  if (commands.length > MAX_COMMANDS) problems.push(`${commands.length} commands; Discord allows ${MAX_COMMANDS}`);
  const names = new Set<string>();
  for (const command of commands) {
    const where = `command "${command.name}"`;
    if (names.has(command.name)) problems.push(`${where} is defined twice`);
    names.add(command.name);
    problems.push(...nameProblems(command.name, where), ...descriptionProblems(command.description, where));
    const options = command.options ?? [];
    if (options.length > MAX_OPTIONS)
      problems.push(`${where} has ${options.length} options; Discord allows ${MAX_OPTIONS}`);
    const optionNames = new Set<string>();
    let seenOptional = false;
    let total = command.name.length + command.description.length;
    for (const option of options) {
      const at = `${where} option "${option.name}"`;
      if (optionNames.has(option.name)) problems.push(`${at} is defined twice`);
      optionNames.add(option.name);
      problems.push(...nameProblems(option.name, at), ...descriptionProblems(option.description, at));
      const required = 'required' in option && option.required === true;
      if (required && seenOptional) problems.push(`${at} is required but comes after an optional option`);
      if (!required) seenOptional = true;
      total += option.name.length + option.description.length;
      const choices: readonly { name: string; value: string | number }[] =
        'choices' in option && option.choices ? option.choices : [];
      if (choices.length > MAX_OPTION_CHOICES)
        problems.push(`${at} has ${choices.length} choices; Discord allows ${MAX_OPTION_CHOICES}`);
      if (choices.length && 'autocomplete' in option && option.autocomplete)
        problems.push(`${at} has both choices and autocomplete`);
      for (const choice of choices) {
        if (!choice.name || choice.name.length > MAX_OPTION_CHOICE_LENGTH)
          problems.push(`${at} choice "${choice.name}" needs a name of 1-${MAX_OPTION_CHOICE_LENGTH} characters`);
        if (typeof choice.value === 'string' && (!choice.value || choice.value.length > MAX_OPTION_CHOICE_LENGTH)) {
          problems.push(`${at} choice "${choice.name}" needs a value of 1-${MAX_OPTION_CHOICE_LENGTH} characters`);
        }
        total += choice.name.length + String(choice.value).length;
      }
    }
    if (total > MAX_COMMAND_TOTAL_LENGTH)
      problems.push(
        `${where} has ${total} characters of names and descriptions; Discord allows ${MAX_COMMAND_TOTAL_LENGTH}`,
      );
  }
  return problems;
}

function nameProblems(name: string, where: string): string[] {
  if (!COMMAND_NAME_PATTERN.test(name)) return [`${where}: a name must be 1-32 letters, digits, - or _`];
  if (name !== name.toLowerCase()) return [`${where}: a name must be lowercase`];
  return [];
}

function descriptionProblems(description: string, where: string): string[] {
  return description.length < 1 || description.length > MAX_DESCRIPTION_LENGTH
    ? [`${where}: a description must be 1-${MAX_DESCRIPTION_LENGTH} characters`]
    : [];
}
