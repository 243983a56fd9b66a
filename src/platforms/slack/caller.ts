import type { Caller } from '../../command-types.ts';

/**
 * `canManageChannel` is what channel-managers.ts found, asked only for commands that need it;
 * anything else runs as someone who may not manage the channel.
 */
export function slackCaller(channelId: string | undefined, userId: string, canManageChannel = false): Caller {
  return { platform: 'slack', channelId: channelId ?? '', userId, canManageChannel };
}
