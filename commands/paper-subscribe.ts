import type { CommandContext, CommandDefinition } from '../src/command-types.ts';
import { noticeReply, type Reply } from '../src/reply.ts';
import { UserError } from '../src/errors.ts';
import { QUERY_SYNTAX_HELP } from '../src/search/query.ts';
import type { SubscriptionService } from '../src/command-types.ts';
import { mentionLabel, subscriptionChoice, subscriptionOwner } from '../src/notify/subscription-settings.ts';

export const paperSubscribe: CommandDefinition = {
  name: 'paper-subscribe',
  description: 'Tell this channel about new entries (all, or those matching a query)',
  textName: 'subscribe',
  example: '/paper subscribe MSC COVID',
  requires: 'manage-channel',
  options: [
    {
      name: 'query',
      description: `Only entries matching this (${QUERY_SYNTAX_HELP}); empty for all`,
      type: 'string',
      required: false,
    },
    {
      name: 'post',
      description: 'One message per entry (default), or a post with its own thread per entry',
      type: 'string',
      required: false,
      choices: [
        { name: 'messages (a digest for many)', value: 'messages' },
        { name: 'threads (a post per entry)', value: 'threads' },
      ],
    },
    {
      name: 'mention',
      description: 'A role to ping with each new entry (off by default; never @everyone)',
      type: 'role',
      required: false,
    },
    {
      name: 'forum',
      description: 'A forum channel to post each new entry in, as its own post',
      type: 'forum',
      required: false,
    },
  ],
  handler: async (args, context): Promise<Reply> => {
    const choice = subscriptionChoice(args, context.caller);
    // A forum's subscriptions are the forum's own: it is where the posts go and what refuses them.
    const caller = subscriptionOwner(context.caller, choice.forumId);
    const subscription = await subscriptionsOf(context).subscribe(caller, choice.query, {
      postStyle: choice.postStyle,
      ...(choice.mention ? { mention: choice.mention } : {}),
    });
    const what = subscription.query ? `new entries matching "${subscription.query}"` : 'every new entry';
    const where = choice.forumId ? 'The forum' : 'This channel';
    const how = `${subscription.postStyle === 'entry-threads' ? ' Each gets its own post with its own thread' : ''}${subscription.mention ? `${subscription.postStyle === 'entry-threads' ? ',' : ' Each'} mentioning ${mentionLabel(subscription.mention)}` : ''}`;
    const message = subscription.existing
      ? `${where} was already subscribed to ${what} (subscription ${subscription.number}); ${how ? `it now posts as asked.${how}.` : 'nothing changed.'}`
      : `${where} will be told about ${what} (subscription ${subscription.number}).${how ? `${how}.` : ''} /paper subscriptions lists them.`;
    return noticeReply(message, { ephemeral: false });
  },
};

/** The one place that explains why subscriptions are missing (one-shot `ask` has no store). */
export function subscriptionsOf(context: CommandContext): SubscriptionService {
  if (!context.subscriptions)
    throw new UserError('Subscriptions are not available here: this paperbot runs without its store.');
  return context.subscriptions;
}
