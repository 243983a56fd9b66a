import { webApi } from '@slack/bolt';
import { networkCode } from './delivery-errors.ts';

/** Codes meaning the token itself is wrong, revoked, or for a disabled workspace. */
const REFUSED_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'not_allowed_token_type',
  'team_disabled',
  'user_removed_from_team',
]);

const WHERE_TO_FIND: Readonly<Record<'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', string>> = {
  SLACK_BOT_TOKEN: 'use the Bot User OAuth Token (xoxb-…) from the app\'s "OAuth & Permissions" page',
  SLACK_APP_TOKEN:
    'use an app-level token (xapp-…) with the connections:write scope, from "Basic Information" > "App-Level Tokens", and turn Socket Mode on',
};

/** One line, naming the setting and never quoting it, for a Web API failure at start. */
export function describeTokenError(
  error: unknown,
  setting: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN',
  apiUrl: string,
): string {
  const origin = originOf(apiUrl);
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (REFUSED_TOKEN.has(code)) return `Slack refused ${setting} (${code}): ${WHERE_TO_FIND[setting]}`;
    return `Slack answered "${code}" when checking ${setting}`;
  }
  if (error instanceof webApi.WebAPIRateLimitedError)
    return `Slack is rate-limiting this app; try again in ${error.retryAfter} s`;
  if (error instanceof webApi.WebAPIHTTPError)
    return `the Slack Web API at ${origin} answered HTTP ${error.statusCode} (check SLACK_API_URL)`;
  if (error instanceof webApi.WebAPIRequestError)
    return `could not reach the Slack Web API at ${origin} (${networkCode(error.original)}; check SLACK_API_URL and the network)`;
  return `could not connect to Slack (${error instanceof Error ? error.name : 'unknown error'})`;
}

export function describeListenError(error: unknown, host: string, port: number): string {
  const code = error instanceof Error ? networkCode(error) : 'unknown error';
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is already in use; set PORT to a free port`;
  if (code === 'EACCES') return `not allowed to listen on ${host}:${port}; choose a PORT above 1023`;
  if (code === 'EADDRNOTAVAIL') return `HOST ${host} is not an address of this machine`;
  return `could not listen on ${host}:${port} (${code})`;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the configured SLACK_API_URL';
  }
}
