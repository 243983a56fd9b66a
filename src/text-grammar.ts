import type { CommandArgs, CommandDefinition } from './command-types.ts';
import { sanitise } from './search/query.ts';

/**
 * The one text grammar of Slack's `/paper` and the console: the first word picks the
 * command (`summary`, `similar`, `help`, …), anything else is a search.
 */
export type TextParse =
  | { readonly ok: true; readonly command: CommandDefinition; readonly args: CommandArgs }
  | { readonly ok: false; readonly error: string };

/** Enough for any command; the rest of a pasted novel is cut before parsing. */
export const MAX_COMMAND_TEXT = 2_000;

/**
 * One short line, whatever the number of commands, so an error fits one terminal line;
 * `/paper help` lists the commands.
 */
export function grammarHelpLine(commands: readonly CommandDefinition[]): string {
  const helpCommand = commands.find((command) => command.textName === 'help');
  return helpCommand ? 'Try /paper <words to search> or /paper help.' : 'Try /paper <words to search>.';
}

/** Parses what follows `/paper` (Slack hands the bot exactly this). */
export function parseSubcommandText(text: string, commands: readonly CommandDefinition[]): TextParse {
  const cleaned = sanitise(text.slice(0, MAX_COMMAND_TEXT));
  const search = commands.find((command) => command.textName === '');
  const firstSpace = cleaned.search(/\s/);
  const firstWord = (firstSpace < 0 ? cleaned : cleaned.slice(0, firstSpace)).toLowerCase();
  const rest = firstSpace < 0 ? '' : cleaned.slice(firstSpace + 1).trim();
  const named = firstWord ? commands.find((command) => command.textName === firstWord) : undefined;
  if (named) return { ok: true, command: named, args: restToArgs(named, rest) };
  if (!cleaned) return { ok: false, error: `Nothing to do. ${grammarHelpLine(commands)}` };
  if (!search) return { ok: false, error: grammarHelpLine(commands) };
  return { ok: true, command: search, args: restToArgs(search, cleaned) };
}

/** Parses a whole console line: `/paper …`, `paper …`, or a command's own name (`/paper-summary …`). */
export function parseCommandLine(line: string, commands: readonly CommandDefinition[]): TextParse {
  const trimmed = sanitise(line.slice(0, MAX_COMMAND_TEXT));
  const match = /^\/?([a-z][a-z-]*)(?:\s+|$)(.*)$/is.exec(trimmed);
  const word = match?.[1]?.toLowerCase();
  if (!match || !word) return { ok: false, error: `Unknown command. ${grammarHelpLine(commands)}` };
  if (word === 'paper') return parseSubcommandText(match[2] ?? '', commands);
  const direct = commands.find((command) => command.name === word);
  if (direct) return { ok: true, command: direct, args: restToArgs(direct, (match[2] ?? '').trim()) };
  return { ok: false, error: `Unknown command "${word.slice(0, 30)}". ${grammarHelpLine(commands)}` };
}

function restToArgs(command: CommandDefinition, rest: string): CommandArgs {
  const primary = command.options[0];
  // Discord's role and forum pickers have no text form: the text grammar never fills them.
  if (!primary || !rest || primary.type === 'role' || primary.type === 'forum') return {};
  if (primary.type === 'integer') {
    const value = Number(rest);
    return { [primary.name]: Number.isInteger(value) ? value : rest };
  }
  return { [primary.name]: rest };
}
