import type { RateLimitData, RESTOptions } from 'discord.js';

/**
 * One retry for a 5xx or a dropped connection: the notifier's own backoff decides what happens
 * after that, and a command answer that fails twice is better reported than retried for minutes.
 */
export const DISCORD_REST_RETRIES = 1;
/** A request that hangs longer than this is abandoned (and counts as a transient failure). */
export const DISCORD_REST_TIMEOUT_MS = 10_000;
const DEFAULT_API_URL = 'https://discord.com/api';

/** REST settings shared by the gateway client and the registration command. */
export function discordRestOptions(apiUrl: string | undefined): Partial<RESTOptions> {
  return {
    api: normaliseApiUrl(apiUrl),
    retries: DISCORD_REST_RETRIES,
    timeout: DISCORD_REST_TIMEOUT_MS,
    // Left alone, a rate-limited channel post waits in the REST queue; the notifier would rather
    // hear "try again in N ms" and schedule it, so those reject. Everything else waits as usual.
    rejectOnRateLimit: isChannelPost,
  };
}

function isChannelPost(data: RateLimitData): boolean {
  return data.method.toUpperCase() === 'POST' && /^\/channels\/[^/]+\/messages$/.test(data.route);
}

/** The base without a trailing slash or API version: discord.js appends `/v10` itself. */
export function normaliseApiUrl(apiUrl: string | undefined): string {
  if (!apiUrl) return DEFAULT_API_URL;
  return apiUrl
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/v\d+$/, '');
}

/** Where the API is, for messages: the host only, since a proxy URL may carry credentials. */
export function describeApiHost(apiUrl: string | undefined): string {
  try {
    return new URL(normaliseApiUrl(apiUrl)).host;
  } catch {
    return 'the configured DISCORD_API_URL';
  }
}
