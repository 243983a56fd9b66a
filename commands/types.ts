import type { Reply } from '../src/reply.ts';
import type { SearchBackend } from '../src/search/search-backend.ts';
import type { ActionCodec } from '../src/actions.ts';
import type { SubscriptionService } from '../src/notify/subscription-service.ts';
import type { Discussions, ThreadSurface } from '../src/discuss/discussions.ts';
import type { PmidLookup } from '../src/search/references.ts';

/** `role` and `forum` are Discord's role and forum-channel pickers; the text grammar never fills them. */
export type OptionType = 'string' | 'integer' | 'role' | 'forum';

export interface CommandOption {
  readonly name: string;
  readonly description: string;
  readonly type: OptionType;
  readonly required: boolean;
  readonly choices?: readonly { readonly name: string; readonly value: string }[];
  /** Where suggestions come from while the user types (Discord autocomplete). */
  readonly autocomplete?: 'entry' | 'query';
  readonly minValue?: number;
  readonly maxValue?: number;
}

export type CommandArgs = Readonly<Record<string, string | number | undefined>>;

export interface Caller {
  readonly platform: 'discord' | 'slack' | 'console';
  readonly channelId: string;
  readonly userId: string;
  /** Whether the person may manage this channel (Discord: Manage Channels; Slack and console: yes). */
  readonly canManageChannel: boolean;
}

export interface CorpusInfo {
  readonly size: number;
  readonly updatedAt?: Date;
}

export interface CommandContext {
  readonly search: SearchBackend;
  readonly corpus: CorpusInfo;
  /** Entries by PubMed id, for those the search backend knows by their DOI; absent where nothing has one to give. */
  readonly pmids?: PmidLookup;
  readonly caller: Caller;
  readonly actions: ActionCodec;
  readonly commands: readonly CommandDefinition[];
  /** Absent where the bot runs without a store (one-shot `ask`). */
  readonly subscriptions?: SubscriptionService;
  /** The remembered discussion threads; absent without a store. */
  readonly discussions?: Discussions;
  /** Where the command was run, as a place threads can be opened; absent in the console. */
  readonly threads?: ThreadSurface;
}

export interface CommandDefinition {
  /** Discord name and the internal name: lowercase, dashes. */
  readonly name: string;
  readonly description: string;
  /**
   * The first word in the text grammar (`/paper summary …` on Slack and the console);
   * the empty string marks the default command, which takes the text as it is.
   */
  readonly textName: string;
  /** In the text grammar, the rest of the line goes to the first option. */
  readonly options: readonly CommandOption[];
  readonly requires?: 'manage-channel';
  /**
   * Where the platform has message commands (Discord: right-click a message → Apps), the
   * command also appears there under this name, with the message's text as its first option.
   */
  readonly messageCommand?: string;
  /** Shown in help: how the command is typed in the text grammar. */
  readonly example: string;
  readonly handler: (args: CommandArgs, context: CommandContext) => Reply | Promise<Reply>;
}
