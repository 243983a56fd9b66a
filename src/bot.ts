import type { Caller, CommandArgs, CommandContext, CommandDefinition } from '../commands/types.ts';
import { COMMANDS } from '../commands/index.ts';
import type { Corpus, CorpusChange } from './corpus/corpus.ts';
import type { Entry } from './corpus/entry.ts';
import { CorpusIndex } from './search/corpus-index.ts';
import { ActionCodec } from './actions.ts';
import { UserError } from './errors.ts';
import { errorReply, type Reply } from './reply.ts';
import { parseCommandLine, parseSubcommandText } from './text-grammar.ts';
import type { SubscriptionService } from './notify/subscription-service.ts';
import type { Logger } from './logger.ts';
import { RateLimiter, slowDownMessage, type RateLimits } from './rate-limit.ts';

export interface BotDependencies {
  readonly corpus: Corpus;
  readonly logger: Logger;
  /** A prebuilt index (from a snapshot); built from the corpus when absent. */
  readonly index?: CorpusIndex;
  readonly subscriptions?: SubscriptionService;
  readonly commands?: readonly CommandDefinition[];
  readonly actions?: ActionCodec;
  /** Per-user and per-channel command limits; the defaults are never reached by a person typing. */
  readonly rateLimits?: RateLimits;
}

export interface Suggestion {
  readonly name: string;
  readonly value: string;
}

export const EXPIRED_ACTION_MESSAGE = 'This result has expired. Run the command again.';

/**
 * The core: turns an invocation from any platform into a Reply. It owns the corpus and its
 * index; platforms only translate their events into calls here and render what comes back.
 */
export class Bot {
  readonly index: CorpusIndex;
  readonly commands: readonly CommandDefinition[];
  private readonly actions: ActionCodec;
  private readonly rateLimiter: RateLimiter;
  private updatedAt = new Date();

  constructor(private readonly deps: BotDependencies) {
    this.index = deps.index ?? new CorpusIndex(deps.corpus.entries());
    this.commands = deps.commands ?? COMMANDS;
    this.actions = deps.actions ?? new ActionCodec();
    this.rateLimiter = new RateLimiter(deps.rateLimits);
  }

  get corpus(): Corpus {
    return this.deps.corpus;
  }

  async run(commandName: string, args: CommandArgs, caller: Caller): Promise<Reply> {
    const command = this.commands.find((candidate) => candidate.name === commandName);
    if (!command) return errorReply(`Unknown command "${commandName.slice(0, 40)}".`);
    return this.execute(command, args, caller);
  }

  /** What follows `/paper` on Slack. */
  async runSubcommandText(text: string, caller: Caller): Promise<Reply> {
    const parsed = parseSubcommandText(text, this.commands);
    if (!parsed.ok) return errorReply(parsed.error);
    return this.execute(parsed.command, parsed.args, caller);
  }

  /** A whole console line. */
  async runLine(line: string, caller: Caller): Promise<Reply> {
    const parsed = parseCommandLine(line, this.commands);
    if (!parsed.ok) return errorReply(parsed.error);
    return this.execute(parsed.command, parsed.args, caller);
  }

  /** A button press: the id carries the command to run. */
  async runAction(actionId: string, caller: Caller): Promise<Reply> {
    const decoded = this.actions.decode(actionId);
    if (decoded.kind === 'expired') return errorReply(EXPIRED_ACTION_MESSAGE);
    if (decoded.kind === 'invalid') return errorReply('This button is not one of paperbot\'s, or it is from an older version. Run the command again.');
    return this.run(decoded.invocation.command, decoded.invocation.args, caller);
  }

  /** Autocomplete: entries by title for an entry option, titles as query text for a query option. */
  suggest(source: 'entry' | 'query', partial: string, limit: number): Suggestion[] {
    try {
      return this.index.suggest(partial.slice(0, 200), limit).map((entry: Entry) => ({
        name: entry.title,
        value: source === 'entry' ? (entry.accession ?? entry.doi ?? entry.key) : entry.title,
      }));
    } catch (error) {
      this.deps.logger.warn({ err: error, source }, 'autocomplete failed');
      return [];
    }
  }

  /** Applies what the watcher saw to the index, so searches see it without a restart. */
  applyCorpusChange(change: CorpusChange): void {
    for (const entry of change.removed) this.index.remove(entry.key);
    for (const entry of [...change.added, ...change.updated]) this.index.upsert(entry);
    if (change.added.length || change.updated.length || change.removed.length) this.updatedAt = new Date();
  }

  private async execute(command: CommandDefinition, args: CommandArgs, caller: Caller): Promise<Reply> {
    // The console is the operator's own terminal, not a public surface to protect.
    const rate = caller.platform === 'console' ? undefined : this.rateLimiter.check(caller.platform, caller.userId, caller.channelId);
    if (rate?.kind === 'limited') return errorReply(slowDownMessage(rate));
    try {
      const checked = validateArgs(command, args);
      if (command.requires === 'manage-channel' && !caller.canManageChannel) {
        throw new UserError(`You need the Manage Channels permission to use ${command.name}.`);
      }
      return await command.handler(checked, this.context(caller));
    } catch (error) {
      if (error instanceof UserError) return errorReply(error.message);
      this.deps.logger.error({ err: error, command: command.name, platform: caller.platform }, 'command failed');
      return errorReply(`Something went wrong while running ${command.name}. It has been logged; please try again later.`);
    }
  }

  private context(caller: Caller): CommandContext {
    return {
      index: this.index,
      corpus: { size: this.index.size, updatedAt: this.updatedAt },
      caller,
      actions: this.actions,
      commands: this.commands,
      subscriptions: this.deps.subscriptions,
    };
  }
}

function validateArgs(command: CommandDefinition, args: CommandArgs): CommandArgs {
  const checked: Record<string, string | number | undefined> = { ...args };
  for (const option of command.options) {
    const value = args[option.name];
    const missing = value === undefined || (typeof value === 'string' && value.trim() === '');
    if (missing) {
      if (option.required) throw new UserError(`${command.name} needs ${option.name} (${option.description}). For example: ${command.example}`);
      continue;
    }
    if (option.type === 'integer' && !Number.isInteger(Number(value))) {
      throw new UserError(`${option.name} must be a whole number, not "${String(value).slice(0, 20)}".`);
    }
    if (option.choices && !option.choices.some((choice) => choice.value === String(value))) {
      throw new UserError(`${option.name} must be one of ${option.choices.map((choice) => choice.value).join(', ')}.`);
    }
  }
  return checked;
}
