import type { CommandDefinition } from './types.ts';
import { noticeReply, type Reply } from '../src/reply.ts';
import type { Subscription } from '../src/notify/subscription-service.ts';
import { subscriptionsOf } from './paper-subscribe.ts';
import { mentionLabel } from '../src/notify/subscription-settings.ts';

export const paperSubscriptions: CommandDefinition = {
  name: 'paper-subscriptions',
  description: "List this channel's subscriptions to new entries",
  textName: 'subscriptions',
  example: '/paper subscriptions',
  options: [],
  handler: async (_args, context): Promise<Reply> => {
    const list = await subscriptionsOf(context).list(context.caller);
    if (!list.length) return noticeReply('This channel has no subscriptions. Add one with /paper subscribe [query].');
    const broken = list.filter((subscription) => subscription.brokenReason);
    const lines = list.map(describeSubscription);
    if (broken.length) {
      lines.push('', 'A broken subscription gets nothing: the bot could not post here. Once it can, run /paper subscribe with the same query again.');
    }
    const heading = `This channel's subscriptions (${list.length})`;
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
