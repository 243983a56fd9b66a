/**
 * Gateway and REST objects as Discord sends them (API v10), for the stand-in to dispatch:
 * interactions of each kind, and the message object REST answers with.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
 */

export const STANDIN_IDS = {
  application: '1100000000000000001',
  guild: '1100000000000000002',
  channel: '1100000000000000003',
  user: '1100000000000000004',
  botUser: {
    id: '1100000000000000001',
    username: 'paperbot',
    discriminator: '0000',
    global_name: null,
    avatar: null,
    bot: true,
  },
} as const;

/** Member permissions as a bit string: View Channel + Send Messages, and Manage Channels when asked. */
const VIEW_AND_SEND = (1n << 10n) | (1n << 11n);
const MANAGE_CHANNELS = 1n << 4n;

let counter = 0;

function nextId(): string {
  counter += 1;
  return String(1_200_000_000_000_000_000n + BigInt(counter));
}

export interface DispatchedInteraction {
  readonly id: string;
  readonly token: string;
  readonly payload: Record<string, unknown>;
}

interface CommonOptions {
  readonly canManageChannel?: boolean;
  /** Who sends it; the stand-in's one reader when absent. */
  readonly userId?: string;
}

function base(type: number, options: CommonOptions): DispatchedInteraction {
  const id = nextId();
  const token = `interaction-token-${id}`;
  const user = {
    id: options.userId ?? STANDIN_IDS.user,
    username: 'reader',
    discriminator: '0',
    global_name: 'Reader',
    avatar: null,
  };
  const permissions = String(options.canManageChannel ? VIEW_AND_SEND | MANAGE_CHANNELS : VIEW_AND_SEND);
  return {
    id,
    token,
    payload: {
      id,
      application_id: STANDIN_IDS.application,
      type,
      token,
      version: 1,
      guild_id: STANDIN_IDS.guild,
      channel_id: STANDIN_IDS.channel,
      channel: { id: STANDIN_IDS.channel, type: 0, guild_id: STANDIN_IDS.guild, name: 'papers', permissions },
      member: {
        user,
        roles: [],
        permissions,
        joined_at: '2024-01-01T00:00:00.000Z',
        deaf: false,
        mute: false,
        flags: 0,
      },
      app_permissions: String(VIEW_AND_SEND),
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { 0: STANDIN_IDS.guild },
      context: 0,
      attachment_size_limit: 10_485_760,
    },
  };
}

export type OptionValue = string | number;

/** `/name option:value …` as typed in Discord. */
export function chatInputInteraction(
  name: string,
  options: Readonly<Record<string, OptionValue>> = {},
  common: CommonOptions = {},
): DispatchedInteraction {
  const interaction = base(2, common);
  interaction.payload.data = {
    id: nextId(),
    name,
    type: 1,
    options: Object.entries(options).map(([key, value]) => optionData(key, value)),
  };
  return interaction;
}

/** The user is typing in `focused`; the other options hold what is already filled in. */
export function autocompleteInteraction(
  name: string,
  focused: string,
  value: string,
  others: Readonly<Record<string, OptionValue>> = {},
): DispatchedInteraction {
  const interaction = base(4, {});
  const options = [
    ...Object.entries(others).map(([key, other]) => optionData(key, other)),
    { ...optionData(focused, value), focused: true },
  ];
  interaction.payload.data = { id: nextId(), name, type: 1, options };
  return interaction;
}

/** A press on the button `customId` of a message the bot sent earlier. */
export function buttonInteraction(
  customId: string,
  message: unknown = messageObject(STANDIN_IDS.channel, nextId(), {}),
): DispatchedInteraction {
  const interaction = base(3, {});
  interaction.payload.data = { custom_id: customId, component_type: 2 };
  interaction.payload.message = message;
  return interaction;
}

/** Right-click a message → Apps → `name`: Discord sends the target message itself, content and all. */
export function messageCommandInteraction(
  name: string,
  target: { readonly content: string; readonly embeds?: readonly unknown[] },
): DispatchedInteraction {
  const interaction = base(2, {});
  const targetId = nextId();
  const author = { id: STANDIN_IDS.user, username: 'reader', discriminator: '0', global_name: 'Reader', avatar: null };
  const message = {
    ...messageObject(STANDIN_IDS.channel, targetId, { content: target.content, embeds: target.embeds ?? [] }),
    author,
    application_id: undefined,
  };
  interaction.payload.data = {
    id: nextId(),
    name,
    type: 3,
    target_id: targetId,
    resolved: { messages: { [targetId]: message } },
  };
  return interaction;
}

function optionData(name: string, value: OptionValue): { name: string; type: number; value: OptionValue } {
  return { name, type: typeof value === 'number' ? 4 : 3, value };
}

/** The message object Discord answers a post or an edit with. */
export function messageObject(channelId: string, id: string, body: unknown): Record<string, unknown> {
  const sent = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return {
    id,
    channel_id: channelId,
    author: STANDIN_IDS.botUser,
    content: typeof sent.content === 'string' ? sent.content : '',
    timestamp: '2024-01-01T00:00:00.000Z',
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: Array.isArray(sent.embeds) ? sent.embeds : [],
    components: Array.isArray(sent.components) ? sent.components : [],
    pinned: false,
    type: 0,
    flags: typeof sent.flags === 'number' ? sent.flags : 0,
    application_id: STANDIN_IDS.application,
  };
}
