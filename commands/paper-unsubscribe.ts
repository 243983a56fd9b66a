import type { CommandDefinition } from '../src/command-types.ts';
import { noticeReply, type Reply } from '../src/reply.ts';
import { subscriptionsOf } from './paper-subscribe.ts';
import { describeSubscription, FORUM_OPTION } from './paper-subscriptions.ts';
import { forumOf, subscriptionOwner } from '../src/notify/subscription-settings.ts';

export const paperUnsubscribe: CommandDefinition = {
  name: 'paper-unsubscribe',
  description: "Remove one of this channel's subscriptions, or all of them",
  textName: 'unsubscribe',
  example: '/paper unsubscribe 2',
  requires: 'manage-channel',
  options: [
    {
      name: 'subscription',
      description: 'Its number in /paper subscriptions; empty removes all',
      type: 'integer',
      required: false,
      minValue: 1,
    },
    FORUM_OPTION,
  ],
  handler: async (args, context): Promise<Reply> => {
    const number = args.subscription === undefined || args.subscription === '' ? undefined : Number(args.subscription);
    const forumId = forumOf(args);
    const removed = await subscriptionsOf(context).unsubscribe(subscriptionOwner(context.caller, forumId), number);
    if (!removed.length)
      return noticeReply(
        forumId
          ? 'That forum has no subscriptions; nothing to remove.'
          : 'This channel has no subscriptions; nothing to remove.',
      );
    const lines = removed.map(describeSubscription);
    const heading = removed.length === 1 ? 'Subscription removed' : `${removed.length} subscriptions removed`;
    return noticeReply(
      `${lines.join('\n')}\n${forumId ? 'The forum' : 'This channel'} will not be told about those new entries any more.`,
      { heading, ephemeral: false },
    );
  },
};
