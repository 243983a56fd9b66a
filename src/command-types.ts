// What a command sees of the core. Only the core's models are imported here (by type), so a
// command depends on this module and those models, never on the classes that implement them.
import type { Entry } from './corpus/entry.ts';
import type { Reply } from './reply.ts';
import type { SearchBackend } from './search/search-backend.ts';

/** The platforms paperbot speaks to; the console is the operator's terminal. */
export type PlatformName = 'discord' | 'slack' | 'console';

export const PLATFORM_NAMES: readonly PlatformName[] = ['discord', 'slack', 'console'];

/** One channel of one platform: what subscriptions, deliveries and discussions belong to. */
export interface ChannelRef {
  readonly platform: PlatformName;
  readonly channelId: string;
}

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
  readonly platform: PlatformName;
  readonly channelId: string;
  readonly userId: string;
  /** Whether the person may manage this channel (Discord: Manage Channels; Slack and console: yes). */
  readonly canManageChannel: boolean;
}

export interface CorpusInfo {
  readonly size: number;
  readonly updatedAt?: Date;
}

/** A command and its arguments, as a button carries it. */
export interface ActionInvocation {
  readonly command: string;
  readonly args: CommandArgs;
}

/** Turns an invocation into a button id the bot can run again when the button is pressed. */
export interface ActionEncoder {
  encode(invocation: ActionInvocation): string;
}

/**
 * How a subscription's new entries are posted. `message`: one message per entry, a digest for
 * a bulk import. `entry-threads`: every entry its own post with its own discussion thread (a
 * Discord forum post, or a message with a thread on it), never a digest.
 */
export type PostStyle = 'message' | 'entry-threads';

export const POST_STYLES: readonly PostStyle[] = ['message', 'entry-threads'];

/** The one role (Discord) or user group (Slack) a subscription pings; never everyone or here. */
export interface MentionTarget {
  readonly id: string;
  /** How the subscriber saw it (`@journal-club`), for listing; never sent as a mention. */
  readonly label?: string;
}

export interface SubscriptionSettings {
  readonly postStyle: PostStyle;
  readonly mention?: MentionTarget;
}

export interface Subscription {
  /** Position in the channel's list, 1-based, as users see and type it. */
  readonly number: number;
  readonly id: number;
  readonly query: string;
  readonly createdAt: string;
  /** Why deliveries stopped, when the channel refused them for good. */
  readonly brokenReason?: string;
  readonly postStyle: PostStyle;
  readonly mention?: MentionTarget;
  /** Set by subscribe when the channel already had this query (a retried request). */
  readonly existing?: boolean;
}

/** What the subscription commands need of the channel's subscriptions. */
export interface SubscriptionService {
  subscribe(caller: Caller, query: string, settings?: SubscriptionSettings): Subscription | Promise<Subscription>;
  /** Removes the numbered subscription, or all of the channel's when `number` is absent. */
  unsubscribe(caller: Caller, number?: number): Subscription[] | Promise<Subscription[]>;
  list(caller: Caller): Subscription[] | Promise<Subscription[]>;
}

/**
 * Where a Discuss button was pressed (or `/paper discuss` typed), as the platform can act on
 * it. The platform knows how to open a thread there; the core decides whether to.
 */
export interface ThreadSurface {
  /** The channel whose discussions are remembered: the channel itself, or a thread's parent. */
  readonly channel: ChannelRef;
  /** The thread the button was pressed in, when it was pressed inside one. */
  readonly currentThread?: string;
  /** Whether a remembered thread is still there; a deleted one is replaced by a new thread. */
  exists(threadId: string): Promise<boolean>;
  /** Opens a thread named `name` (on the pressed message where it can) with `first` as its first message; returns its id. */
  open(name: string, first: Reply): Promise<string>;
  /** A link that takes a reader to the thread, where the platform has one. */
  link(threadId: string): string | undefined;
}

export interface OpenedDiscussion {
  readonly threadId: string;
  readonly link?: string;
  /** `opened` just now; `existing` elsewhere in the channel; `here`: the thread the user is in. */
  readonly outcome: 'opened' | 'existing' | 'here';
}

/** One discussion thread per entry per channel, remembered between presses and processes. */
export interface DiscussionOpener {
  open(surface: ThreadSurface, entryKey: string, name: string, first: Reply): Promise<OpenedDiscussion>;
}

/** Finds an entry by its PubMed id where the search backend's keys cannot: an entry keyed by its DOI that also has a PMID. */
export interface PmidLookup {
  withPmid(pmid: string): Entry | undefined;
}

/** What /paper status shows: plain data the core gathers from the store, the index and the notifications. */
export interface ServiceStatus {
  readonly version: string;
  readonly startedAt: Date;
  readonly corpus: { readonly entries: number; readonly problems: number; readonly readAt: Date };
  readonly searchBackend: string;
  /** What each of the channel's subscriptions (by id) last announced here, and when; absent: nothing lately. */
  readonly lastAnnounced: readonly { readonly subscriptionId: number; readonly title: string; readonly at: string }[];
  /** Announcements not yet sent, over every channel, and when the oldest was queued. */
  readonly pendingDeliveries: number;
  readonly oldestPendingAt?: string;
  readonly lastDeliveryError?: string;
  /** Who announces new entries: this process, another replica on the same store, or no one yet. */
  readonly corpusDuties: string;
  /** Why deliveries are in trouble, when they have been for longer than the alert time. */
  readonly alerts: readonly string[];
}

export interface StatusSource {
  status(channel: ChannelRef): Promise<ServiceStatus>;
}

export interface CommandContext {
  readonly search: SearchBackend;
  readonly corpus: CorpusInfo;
  /** Entries by PubMed id, for those the search backend knows by their DOI; absent where nothing has one to give. */
  readonly pmids?: PmidLookup;
  readonly caller: Caller;
  readonly actions: ActionEncoder;
  readonly commands: readonly CommandDefinition[];
  /** Absent where the bot runs without a store (one-shot `ask`). */
  readonly subscriptions?: SubscriptionService;
  /** The remembered discussion threads; absent without a store. */
  readonly discussions?: DiscussionOpener;
  /** Where the command was run, as a place threads can be opened; absent in the console. */
  readonly threads?: ThreadSurface;
  /** How the service is doing (/paper status); absent where the bot does not run as a service. */
  readonly status?: StatusSource;
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
