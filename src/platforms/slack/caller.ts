import type { Caller } from '../../command-types.ts';

/** Anyone who can run a slash command in a Slack channel may manage its subscriptions. */
export function slackCaller(channelId: string | undefined, userId: string): Caller {
  return { platform: 'slack', channelId: channelId ?? '', userId, canManageChannel: true };
}
