import type {
  Caller,
  CommandArgs,
  CommandContext,
  CommandDefinition,
  DiscussionOpener,
  PmidLookup,
  StatusSource,
  SubscriptionService,
  ThreadSurface,
} from './command-types.ts';
import type { Corpus, CorpusChange } from './corpus/corpus.ts';
import type { Entry } from './corpus/entry.ts';
import { MiniSearchBackend } from './search/minisearch-backend.ts';
import type { SearchBackend } from './search/search-backend.ts';
import { FairQueue } from './fair-queue.ts';
import { searchInFairOrder } from './search/fair-search.ts';
import { ActionCodec } from './actions.ts';
import { UserError } from './errors.ts';
import { errorReply, type Reply } from './reply.ts';
import { parseCommandLine, parseSubcommandText } from './text-grammar.ts';
import type { Logger } from './logger.ts';
import { RateLimiter, slowDownMessage, type RateLimits } from './rate-limit.ts';
import { linkPreviews, type LinkPreview } from './search/link-previews.ts';

export interface BotDependencies {
  readonly corpus: Corpus;
  readonly logger: Logger;
  /** The search backend (a snapshot's index, or a database); an index of the corpus is built when absent. */
  readonly search?: SearchBackend;
  readonly subscriptions?: SubscriptionService;
  /** Discussion threads remembered in the store (Discuss). */
  readonly discussions?: DiscussionOpener;
  /** Every command the bot answers (the composition root hands over the list in commands/). */
  readonly commands: readonly CommandDefinition[];
  readonly actions?: ActionCodec;
  /** Per-user and per-channel command limits; the defaults are never reached by a person typing. */
  readonly rateLimits?: RateLimits;
  /** What /paper status reports; absent where nothing runs as a service (one-shot `ask`). */
  readonly status?: StatusSource;
  /** Told of every command answered (metrics); it must not throw or wait. */
  readonly onCommand?: (finished: CommandFinished) => void;
}

/** `refused`: the user's own mistake (bad option, no permission); `failed`: ours, logged. */
export type CommandOutcome = 'ok' | 'refused' | 'failed' | 'rate-limited';

export interface CommandFinished {
  readonly command: string;
  readonly outcome: CommandOutcome;
  readonly seconds: number;
}

export interface Suggestion {
  readonly name: string;
  readonly value: string;
}

/** Slack sends at most five links per event; more would only be another client's flood. */
const MAX_PREVIEWED_LINKS = 10;

export const EXPIRED_ACTION_MESSAGE = 'This result has expired. Run the command again.';

/**
 * The core: turns an invocation from any platform into a Reply. It owns the corpus and its
 * index; platforms only translate their events into calls here and render what comes back.
 */
export class Bot {
  readonly search: SearchBackend;
  readonly commands: readonly CommandDefinition[];
  private readonly actions: ActionCodec;
  private readonly rateLimiter: RateLimiter;
  private updatedAt = new Date();
  /** Corpus changes reach the backend one at a time, in the order the watcher saw them. */
  private indexUpdates: Promise<void> = Promise.resolve();
  /**
   * Calls into the search index run one at a time, taking turns between users: one user's burst
   * of searches never queues ahead of another's. Only the index calls take turns, so a command
   * waiting on the network (a thread opening, an upload) holds no one else up.
   */
  private readonly fairQueue = new FairQueue();

  /** Entries with a DOI are keyed by it: their PMID is looked up in the corpus. A rare look-up, so a scan rather than an index to keep. */
  private readonly pmids: PmidLookup = {
    withPmid: (pmid) => {
      for (const entry of this.deps.corpus.entries()) if (entry.pmid === pmid) return entry;
      return undefined;
    },
  };

  constructor(private readonly deps: BotDependencies) {
    this.search = deps.search ?? MiniSearchBackend.build(deps.corpus.entries());
    this.commands = deps.commands;
    this.actions = deps.actions ?? new ActionCodec();
    this.rateLimiter = new RateLimiter(deps.rateLimits);
  }

  get corpus(): Corpus {
    return this.deps.corpus;
  }

  /** When the corpus was last read into the index: at start, then at each change the watcher applied. */
  get corpusUpdatedAt(): Date {
    return this.updatedAt;
  }

  /** `threads`: where the platform can open a discussion thread for this invocation, if anywhere. */
  async run(commandName: string, args: CommandArgs, caller: Caller, threads?: ThreadSurface): Promise<Reply> {
    const command = this.commands.find((candidate) => candidate.name === commandName);
    if (!command) return errorReply(`Unknown command "${commandName.slice(0, 40)}".`);
    return this.execute(command, args, caller, threads);
  }

  /** What follows `/paper` on Slack. */
  async runSubcommandText(text: string, caller: Caller, threads?: ThreadSurface): Promise<Reply> {
    const parsed = parseSubcommandText(text, this.commands);
    if (!parsed.ok) return errorReply(parsed.error);
    return this.execute(parsed.command, parsed.args, caller, threads);
  }

  /** A whole console line. */
  async runLine(line: string, caller: Caller): Promise<Reply> {
    const parsed = parseCommandLine(line, this.commands);
    if (!parsed.ok) return errorReply(parsed.error);
    return this.execute(parsed.command, parsed.args, caller);
  }

  /** A button press: the id carries the command to run. */
  async runAction(actionId: string, caller: Caller, threads?: ThreadSurface): Promise<Reply> {
    const decoded = this.actions.decode(actionId);
    if (decoded.kind === 'expired') return errorReply(EXPIRED_ACTION_MESSAGE);
    if (decoded.kind === 'invalid')
      return errorReply("This button is not one of paperbot's, or it is from an older version. Run the command again.");
    return this.run(decoded.invocation.command, decoded.invocation.args, caller, threads);
  }

  /**
   * Whether Slack text or a button would run a command that needs the channel-manage permission,
   * so a platform asks its API about the caller only when it matters (not for every search).
   */
  needsManageChannel(request: { readonly text: string } | { readonly actionId: string }): boolean {
    let name: string | undefined;
    if ('text' in request) {
      const parsed = parseSubcommandText(request.text, this.commands);
      name = parsed.ok ? parsed.command.name : undefined;
    } else {
      const decoded = this.actions.decode(request.actionId);
      name = decoded.kind === 'ok' ? decoded.invocation.command : undefined;
    }
    return this.commands.find((command) => command.name === name)?.requires === 'manage-channel';
  }

  /**
   * Autocomplete: entries by title for an entry option, titles as query text for a query option.
   * `caller`: who is typing, so their suggestions take turns with their own commands.
   */
  async suggest(
    source: 'entry' | 'query',
    partial: string,
    limit: number,
    caller?: SearchCaller,
  ): Promise<Suggestion[]> {
    try {
      const search = searchInFairOrder(this.search, this.fairQueue, caller ? fairQueueKey(caller) : 'autocomplete');
      const entries = await search.suggest(partial.slice(0, 200), limit);
      return entries.map((entry: Entry) => ({
        name: entry.title,
        value: source === 'entry' ? (entry.accession ?? entry.doi ?? entry.key) : entry.title,
      }));
    } catch (error) {
      this.deps.logger.warn({ err: error, source }, 'autocomplete failed');
      return [];
    }
  }

  /** Cards for the posted links that name corpus entries (Slack unfurls); other links get none. */
  async linkPreviews(urls: readonly string[]): Promise<LinkPreview[]> {
    try {
      return await linkPreviews(
        urls.slice(0, MAX_PREVIEWED_LINKS),
        searchInFairOrder(this.search, this.fairQueue, 'link-previews'),
      );
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'link previews failed');
      return [];
    }
  }

  /** Applies what the watcher saw to the index, so searches see it without a restart. */
  applyCorpusChange(change: CorpusChange): Promise<void> {
    const apply = async (): Promise<void> => {
      if (change.removed.length) await this.search.remove(change.removed.map((entry) => entry.key));
      const changed = [...change.added, ...change.updated];
      if (changed.length) await this.search.upsert(changed);
      if (changed.length || change.removed.length) this.updatedAt = new Date();
    };
    this.indexUpdates = this.indexUpdates.then(apply).catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'could not apply a corpus change to the search index');
    });
    return this.indexUpdates;
  }

  private async execute(
    command: CommandDefinition,
    args: CommandArgs,
    caller: Caller,
    threads?: ThreadSurface,
  ): Promise<Reply> {
    const started = performance.now();
    const { reply, outcome } = await this.answer(command, args, caller, threads);
    this.deps.onCommand?.({ command: command.name, outcome, seconds: (performance.now() - started) / 1000 });
    return reply;
  }

  private async answer(
    command: CommandDefinition,
    args: CommandArgs,
    caller: Caller,
    threads?: ThreadSurface,
  ): Promise<{ reply: Reply; outcome: CommandOutcome }> {
    // The console is the operator's own terminal, not a public surface to protect.
    const rate =
      caller.platform === 'console'
        ? undefined
        : this.rateLimiter.check(caller.platform, caller.userId, caller.channelId);
    if (rate?.kind === 'limited') return { reply: errorReply(slowDownMessage(rate)), outcome: 'rate-limited' };
    try {
      const checked = validateArgs(command, args);
      if (command.requires === 'manage-channel' && !caller.canManageChannel) {
        throw new UserError(`You need the Manage Channels permission to use ${command.name}.`);
      }
      return { reply: await command.handler(checked, await this.context(caller, threads)), outcome: 'ok' };
    } catch (error) {
      if (error instanceof UserError) return { reply: errorReply(error.message), outcome: 'refused' };
      this.deps.logger.error({ err: error, command: command.name, platform: caller.platform }, 'command failed');
      return {
        reply: errorReply(
          `Something went wrong while running ${command.name}. It has been logged; please try again later.`,
        ),
        outcome: 'failed',
      };
    }
  }

  private async context(caller: Caller, threads: ThreadSurface | undefined): Promise<CommandContext> {
    const search = searchInFairOrder(this.search, this.fairQueue, fairQueueKey(caller));
    return {
      discussions: this.deps.discussions,
      threads,
      search,
      corpus: { size: await search.count(), updatedAt: this.updatedAt },
      pmids: this.pmids,
      caller,
      actions: this.actions,
      commands: this.commands,
      subscriptions: this.deps.subscriptions,
      status: this.deps.status,
    };
  }
}

/** Who takes a turn at the index: one person on one platform. */
export type SearchCaller = Pick<Caller, 'platform' | 'userId'>;

function fairQueueKey(caller: SearchCaller): string {
  return `${caller.platform}:${caller.userId}`;
}

function validateArgs(command: CommandDefinition, args: CommandArgs): CommandArgs {
  const checked: Record<string, string | number | undefined> = { ...args };
  for (const option of command.options) {
    const value = args[option.name];
    const missing = value === undefined || (typeof value === 'string' && value.trim() === '');
    if (missing) {
      if (option.required)
        throw new UserError(
          `${command.name} needs ${option.name} (${option.description}). For example: ${command.example}`,
        );
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
