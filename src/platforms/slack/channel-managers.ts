import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logger.ts';

/** Long enough that a burst of commands costs one look-up, short enough that a revoked admin loses it soon. */
export const MANAGER_CACHE_MS = 60_000;
/** A bound on the remembered verdicts, so a workspace of many people cannot grow it without end. */
const MAX_REMEMBERED = 10_000;

export type ManagerVerdict =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'unknown'; readonly message: string };

export interface ChannelManagersOptions {
  readonly web: webApi.WebClient;
  readonly logger: Logger;
  /** SLACK_MANAGER_GROUP: a user group (S…) whose members may manage every channel's subscriptions. */
  readonly managerGroup?: string;
  readonly cacheMs?: number;
  readonly now?: () => number;
}

/**
 * Who may subscribe, unsubscribe and choose a user group to mention in a Slack channel, the way
 * Discord's Manage Channels decides it there: workspace admins and owners, the channel's creator,
 * and members of the configured manager user group. Slack's own rule on who may mention a user
 * group would otherwise be bypassed by the bot pinging it on a member's behalf. A Web API failure
 * refuses (fails closed) with a message saying why.
 */
export class ChannelManagers {
  private readonly verdicts = new Map<string, { readonly allowed: boolean; readonly until: number }>();
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ChannelManagersOptions) {
    this.cacheMs = options.cacheMs ?? MANAGER_CACHE_MS;
    this.now = options.now ?? Date.now;
  }

  async check(userId: string, channelId: string): Promise<ManagerVerdict> {
    const key = `${userId}\u0000${channelId}`;
    const remembered = this.verdicts.get(key);
    if (remembered && remembered.until > this.now()) return this.verdict(remembered.allowed);
    let allowed: boolean;
    try {
      allowed = await this.lookUp(userId, channelId);
    } catch (error) {
      return { kind: 'unknown', message: this.describeFailure(error) };
    }
    if (this.verdicts.size >= MAX_REMEMBERED) this.verdicts.clear();
    this.verdicts.set(key, { allowed, until: this.now() + this.cacheMs });
    return this.verdict(allowed);
  }

  private async lookUp(userId: string, channelId: string): Promise<boolean> {
    const { web, managerGroup } = this.options;
    const user = (await web.users.info({ user: userId })).user;
    if (user?.is_admin || user?.is_owner || user?.is_primary_owner) return true;
    // A direct message has no creator to ask about (and conversations.info would need im:read).
    if (channelId && !channelId.startsWith('D')) {
      const channel = (await web.conversations.info({ channel: channelId })).channel;
      if (channel?.creator && channel.creator === userId) return true;
    }
    if (managerGroup) {
      const members = (await web.usergroups.users.list({ usergroup: managerGroup })).users ?? [];
      if (members.includes(userId)) return true;
    }
    return false;
  }

  private verdict(allowed: boolean): ManagerVerdict {
    if (allowed) return { kind: 'allowed' };
    const group = this.options.managerGroup ? ', and members of the user group chosen as paperbot managers' : '';
    return {
      kind: 'refused',
      message:
        `Only workspace admins and owners, this channel's creator${group} may subscribe, unsubscribe ` +
        'or choose a user group for paperbot to mention here. Ask one of them.',
    };
  }

  private describeFailure(error: unknown): string {
    const data = platformErrorData(error);
    const missingScope = data?.error === 'missing_scope' ? (data.needed ?? 'see docs/slack.md') : undefined;
    this.options.logger.warn(
      { err: error, ...(missingScope ? { missingScope } : {}) },
      missingScope
        ? `slack permission check failed: the bot token lacks the scope ${missingScope}; add it to the app and reinstall`
        : 'slack permission check failed',
    );
    if (missingScope)
      return `paperbot cannot check who may manage this channel: its Slack app lacks the ${missingScope} scope. Ask the workspace's admin to add it and reinstall the app.`;
    if (errorCode(error) === 'slack_webapi_rate_limited_error')
      return 'Slack is rate-limiting paperbot just now, so it cannot check who may manage this channel. Try again in a minute.';
    return `paperbot could not check who may manage this channel (${data?.error ?? 'Slack did not answer'}). Try again later.`;
  }
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/** The Web API client's platform error carries Slack's answer: `error`, and `needed` for a missing scope. */
function platformErrorData(error: unknown): { readonly error?: string; readonly needed?: string } | undefined {
  if (typeof error !== 'object' || error === null || !('data' in error)) return undefined;
  const data = error.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const text = (name: string): string | undefined => {
    const value: unknown = name in data ? Reflect.get(data, name) : undefined;
    return typeof value === 'string' ? value.slice(0, 100) : undefined;
  };
  return { error: text('error'), needed: text('needed') };
}
