import type { CommandDefinition } from './types.ts';
import { noticeReply, type Reply } from '../src/reply.ts';
import { subscriptionsOf } from './paper-subscribe.ts';
import { describeSubscription } from './paper-subscriptions.ts';

export const paperUnsubscribe: CommandDefinition = {
  name: 'paper-unsubscribe',
  description: "Remove one of this channel's subscriptions, or all of them",
  textName: 'unsubscribe',
  example: '/paper unsubscribe 2',
  requires: 'manage-channel',
  options: [{ name: 'subscription', description: 'Its number in /paper subscriptions; empty removes all', type: 'integer', required: false, minValue: 1 }],
  handler: async (args, context): Promise<Reply> => {
    const number = args.subscription === undefined || args.subscription === '' ? undefined : Number(args.subscription);
    const removed = await subscriptionsOf(context).unsubscribe(context.caller, number);
    if (!removed.length) return noticeReply('This channel has no subscriptions; nothing to remove.');
    const lines = removed.map(describeSubscription);
    const heading = removed.length === 1 ? 'Subscription removed' : `${removed.length} subscriptions removed`;
    return noticeReply(`${lines.join('\n')}\nThis channel will not be told about those new entries any more.`, { heading, ephemeral: false });
  },
};
