import type { CommandContext, CommandDefinition } from './types.ts';
import { noticeReply, type Reply } from '../src/reply.ts';
import { UserError } from '../src/errors.ts';
import { QUERY_SYNTAX_HELP } from '../src/search/query.ts';
import type { SubscriptionService } from '../src/notify/subscription-service.ts';

export const paperSubscribe: CommandDefinition = {
  name: 'paper-subscribe',
  description: 'Tell this channel about new entries (all, or those matching a query)',
  textName: 'subscribe',
  example: '/paper subscribe MSC COVID',
  requires: 'manage-channel',
  options: [{ name: 'query', description: `Only entries matching this (${QUERY_SYNTAX_HELP}); empty for all`, type: 'string', required: false }],
  handler: async (args, context): Promise<Reply> => {
    const query = String(args.query ?? '').trim();
    const subscription = await subscriptionsOf(context).subscribe(context.caller, query);
    const what = subscription.query ? `new entries matching "${subscription.query}"` : 'every new entry';
    const message = subscription.existing
      ? `This channel was already subscribed to ${what} (subscription ${subscription.number}); nothing changed.`
      : `This channel will be told about ${what} (subscription ${subscription.number}). /paper subscriptions lists them.`;
    return noticeReply(message, { ephemeral: false });
  },
};

/** The one place that explains why subscriptions are missing (one-shot `ask` has no store). */
export function subscriptionsOf(context: CommandContext): SubscriptionService {
  if (!context.subscriptions) throw new UserError('Subscriptions are not available here: this paperbot runs without its store.');
  return context.subscriptions;
}
