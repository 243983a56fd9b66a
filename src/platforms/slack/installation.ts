/**
 * Which Slack workspaces and which app this paperbot serves. By default, what the bot token
 * says about itself (`auth.test`: its workspace, or its Enterprise Grid organisation when the
 * app is installed org-wide, and its app id); `SLACK_TEAM_ID` and `SLACK_APP_ID` name them
 * instead, for an app installed in several workspaces of one organisation.
 */

export interface Installation {
  /** Workspace ids (`T…`) and organisation ids (`E…`) whose requests are served; empty: not checked. */
  readonly teamIds: ReadonlySet<string>;
  /** The app requests must be addressed to; unchecked when unknown. */
  readonly appId?: string;
}

/** What `auth.test` answered for the bot token. */
export interface TokenIdentity {
  readonly teamId?: string;
  readonly enterpriseId?: string;
  readonly isEnterpriseInstall?: boolean;
  readonly appId?: string;
}

export interface ConfiguredInstallation {
  readonly teamIds?: readonly string[];
  readonly appId?: string;
}

export function resolveInstallation(configured: ConfiguredInstallation, token: TokenIdentity): Installation {
  const fromToken = token.isEnterpriseInstall ? [token.enterpriseId] : [token.teamId, token.enterpriseId];
  const teamIds = configured.teamIds?.length ? configured.teamIds : fromToken.filter((id): id is string => Boolean(id));
  return { teamIds: new Set(teamIds), appId: configured.appId ?? token.appId };
}

/** Where a request says it comes from. */
export interface RequestOrigin {
  readonly teamId?: string;
  readonly enterpriseId?: string;
  readonly appId?: string;
}

/** Why a request is not served, in words for the person who sent it; undefined when it is served. */
export function refusalFor(installation: Installation, origin: RequestOrigin): string | undefined {
  if (installation.appId && origin.appId && origin.appId !== installation.appId) {
    const app = isPlainId(origin.appId) ? ` (${origin.appId})` : '';
    return `This request was meant for another Slack app${app}, not this paperbot, so it was not run.`;
  }
  // Nothing to compare with (auth.test named no workspace and none is configured).
  if (installation.teamIds.size === 0) return undefined;
  const ids = [origin.teamId, origin.enterpriseId].filter((id): id is string => Boolean(id));
  if (ids.some((id) => installation.teamIds.has(id))) return undefined;
  const from = origin.teamId ?? origin.enterpriseId;
  const whom = !from
    ? 'a request that names no workspace'
    : isPlainId(from)
      ? `requests from workspace ${from}`
      : 'requests from an unrecognised workspace';
  return `This paperbot is installed in another Slack workspace, so it does not answer ${whom}.`;
}

/** Ids come from the request: anything but a plain Slack id is not repeated back. */
function isPlainId(id: string): boolean {
  return /^[A-Z0-9]{2,32}$/.test(id);
}
