import type { CommandDefinition } from '../src/command-types.ts';
import { noticeReply, type Reply } from '../src/reply.ts';
import type { Subscription } from '../src/command-types.ts';
import { subscriptionsOf } from './paper-subscribe.ts';
import { forumOf, mentionLabel, subscriptionOwner } from '../src/notify/subscription-settings.ts';
import type { CommandOption } from '../src/command-types.ts';

/** A forum's subscriptions are its own (its posts go there): named from any channel, as subscribe does. */
export const FORUM_OPTION: CommandOption = {
  name: 'forum',
  description: "A forum channel: its subscriptions instead of this channel's",
  type: 'forum',
  required: false,
};

export const paperSubscriptions: CommandDefinition = {
  name: 'paper-subscriptions',
  description: "List this channel's subscriptions to new entries, or a forum's",
  textName: 'subscriptions',
  example: '/paper subscriptions',
  options: [FORUM_OPTION],
  handler: async (args, context): Promise<Reply> => {
    const forumId = forumOf(args);
    const list = await subscriptionsOf(context).list(subscriptionOwner(context.caller, forumId));
    if (!list.length) {
      return noticeReply(
        forumId
          ? 'That forum has no subscriptions. Add one with /paper-subscribe and its forum option.'
          : 'This channel has no subscriptions. Add one with /paper subscribe [query].',
      );
    }
    const broken = list.filter((subscription) => subscription.brokenReason);
    const lines = list.map(describeSubscription);
    if (broken.length) {
      lines.push(
        '',
        'A broken subscription gets nothing: the bot could not post here. Once it can, run /paper subscribe with the same query again.',
      );
    }
    const heading = `${forumId ? "The forum's" : "This channel's"} subscriptions (${list.length})`;
    return noticeReply(lines.join('\n'), { heading });
  },
};

/** `2. "MSC COVID" since 2024-05-01` — plus why, when the channel stopped taking deliveries. */
export function describeSubscription(subscription: Subscription): string {
  const what = subscription.query ? `"${subscription.query}"` : 'every new entry';
  const since = `since ${subscription.createdAt.slice(0, 10)}`;
  const status = subscription.brokenReason ? ` — BROKEN: ${subscription.brokenReason}` : '';
  const how = `${subscription.postStyle === 'entry-threads' ? ', a post with a thread per entry' : ''}${subscription.mention ? `, mentioning ${mentionLabel(subscription.mention)}` : ''}`;
  return `${subscription.number}. ${what} ${since}${how}${status}`;
}
