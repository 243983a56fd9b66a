import type { Caller, CommandArgs } from '../command-types.ts';
import { UserError } from '../errors.ts';
import type { MentionTarget, PostStyle } from '../store/store.ts';

/** What a subscriber chose besides the query: how entries are posted, whom they ping, and where. */
export interface SubscriptionChoice {
  readonly query: string;
  readonly postStyle: PostStyle;
  readonly mention?: MentionTarget;
  /** A Discord forum to post in instead of this channel. */
  readonly forumId?: string;
}

const NEVER_MENTIONED = 'paperbot mentions one role or user group, never @everyone, @here or @channel.';
/** `post:threads` in the text grammar (Slack, console), as Discord's `post` option gives it. */
const POST_TOKEN = /(?:^|\s)post:(threads?|entry-threads|messages?)(?=\s|$)/i;
/** Slack writes a user group the user typed (with escaping on) as `<!subteam^S0123|@handle>`. */
const SLACK_GROUP_TOKEN = /<!subteam\^([A-Z0-9]+)(?:\|([^<>]*))?>/g;
const SLACK_BROADCAST_TOKEN = /<!(?:here|channel|everyone)(?:\|[^<>]*)?>|(?:^|\s)@(?:here|channel|everyone)\b/i;
const DISCORD_ROLE = /^(\d{15,21})(?:\|(.{1,100}))?$/s;
const SLACK_GROUP_ID = /^S[A-Z0-9]{2,20}$/;

/**
 * Reads the subscriber's choices from the command's options and, in the text grammar, from the
 * query text itself (`post:threads`, a Slack user group); what remains is the query. Anything
 * that would ping more than the one chosen role or group is refused.
 */
export function subscriptionChoice(args: CommandArgs, caller: Caller): SubscriptionChoice {
  let query = String(args.query ?? '');
  if (SLACK_BROADCAST_TOKEN.test(query)) throw new UserError(NEVER_MENTIONED);
  let postStyle = postStyleOf(args.post);
  const post = POST_TOKEN.exec(query);
  if (post?.[1]) {
    postStyle = postStyleOf(post[1]);
    query = query.replace(POST_TOKEN, ' ');
  }
  const groups = [...query.matchAll(SLACK_GROUP_TOKEN)];
  query = query.replace(SLACK_GROUP_TOKEN, ' ');
  if (groups.length > 1) throw new UserError('A subscription mentions at most one user group.');
  const written =
    args.mention !== undefined && String(args.mention).trim() !== '' ? String(args.mention).trim() : undefined;
  const fromText = groups[0]?.[1] ? `${groups[0][1]}${groups[0][2] ? `|${groups[0][2]}` : ''}` : undefined;
  const mention = (written ?? fromText) ? mentionTarget(written ?? fromText ?? '', caller) : undefined;
  const forumId = forumOf(args);
  // A forum holds posts only: every entry is its own post there.
  return {
    query: query.replace(/\s+/g, ' ').trim(),
    postStyle: forumId ? 'entry-threads' : postStyle,
    ...(mention ? { mention } : {}),
    ...(forumId ? { forumId } : {}),
  };
}

/** The Discord forum a subscription command names (`forum`), whose subscriptions are its own; none when absent. */
export function forumOf(args: CommandArgs): string | undefined {
  const forumId = args.forum !== undefined && String(args.forum).trim() ? String(args.forum).trim() : undefined;
  if (forumId && !/^\d{15,21}$/.test(forumId)) throw new UserError('forum must be a forum channel of this server.');
  return forumId;
}

/** Whose subscriptions a command acts on: the named forum's, else the channel's own. */
export function subscriptionOwner(caller: Caller, forumId: string | undefined): Caller {
  return forumId ? { ...caller, channelId: forumId } : caller;
}

function postStyleOf(value: unknown): PostStyle {
  const text = String(value ?? '')
    .trim()
    .toLowerCase();
  if (!text || text.startsWith('message')) return 'message';
  if (text === 'entry-threads' || text.startsWith('thread')) return 'entry-threads';
  throw new UserError(
    'post must be "messages" (one message per entry, a digest for many) or "threads" (a post with its own thread per entry).',
  );
}

/** One role (Discord: its id, `id|@name` as the adapter passes it) or user group (Slack: `S…`). */
function mentionTarget(value: string, caller: Caller): MentionTarget {
  if (/^@?(?:everyone|here|channel)$/i.test(value)) throw new UserError(NEVER_MENTIONED);
  if (caller.platform === 'discord') {
    const role = DISCORD_ROLE.exec(value);
    if (!role?.[1]) throw new UserError('mention must be a role of this server.');
    return { id: role[1], ...(role[2] ? { label: role[2].replace(/\s+/g, ' ').trim() } : {}) };
  }
  if (caller.platform === 'slack') {
    const [id = '', label] = value.split('|');
    if (!SLACK_GROUP_ID.test(id))
      throw new UserError('mention must be a user group: type it as @group-name after the query.');
    return { id, ...(label ? { label: label.trim() } : {}) };
  }
  throw new UserError('Mentions are for Discord roles and Slack user groups; the console has no one to mention.');
}

/** `@journal-club`, or the role's id when its name is not known; for lists, never as a live mention. */
export function mentionLabel(mention: MentionTarget): string {
  return mention.label ?? `role or group ${mention.id}`;
}
