import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import type { DeliveryOutcome } from '../../notify/delivery.ts';
import { describeApiHost } from './rest-options.ts';

/** JSON error codes: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json */
const UNKNOWN_CHANNEL = 10003;
const MISSING_ACCESS = 50001;
const MISSING_PERMISSIONS = 50013;

const NETWORK_CODES =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_\w+/;

/**
 * Sorts a failed channel post: worth retrying (rate limit, Discord's 5xx, network, timeout) or
 * not (the channel is gone, or the bot may no longer see or write to it).
 */
export function classifyDiscordFailure(error: unknown): Exclude<DeliveryOutcome, { kind: 'delivered' }> {
  if (error instanceof RateLimitError) {
    const wait = error.retryAfter > 0 ? error.retryAfter : error.timeToReset;
    return {
      kind: 'transient',
      reason: 'rate limited by Discord (429)',
      ...(wait > 0 ? { retryAfterMs: Math.ceil(wait) } : {}),
    };
  }
  if (error instanceof DiscordAPIError) {
    const reason = `${apiErrorReason(error)} (${error.status}${error.code ? `, code ${error.code}` : ''})`;
    if (error.status === 429 || error.status >= 500) return { kind: 'transient', reason };
    // A refused token is the operator's to fix; the channel itself may be fine, so keep trying.
    if (error.status === 401) return { kind: 'transient', reason: 'Discord refused the bot token (401)' };
    // Unknown channel, missing access or permissions (403/404), and any other 4xx: Discord
    // will refuse the same post again, so retrying cannot help.
    return { kind: 'permanent', reason };
  }
  if (error instanceof HTTPError)
    return { kind: 'transient', reason: `Discord answered ${error.status} ${error.message}`.trim() };
  return { kind: 'transient', reason: networkReason(error) };
}

function apiErrorReason(error: DiscordAPIError): string {
  switch (Number(error.code)) {
    case UNKNOWN_CHANNEL:
      return 'the channel no longer exists';
    case MISSING_ACCESS:
      return 'the bot can no longer see this channel';
    case MISSING_PERMISSIONS:
      return 'the bot may not post in this channel';
    default:
      return firstLine(error.message) || 'Discord refused the message';
  }
}

/** A short, secret-free account of a failure that never reached Discord's answer. */
export function networkReason(error: unknown, apiUrl?: string): string {
  if (error instanceof Error && error.name === 'AbortError') return `no answer from ${describeApiHost(apiUrl)} in time`;
  const code = errorCode(error);
  if (code) return `could not reach ${describeApiHost(apiUrl)} (${code})`;
  return firstLine(error instanceof Error ? error.message : String(error)) || 'unknown failure';
}

/** Node puts the system error code on the error or on its cause (undici's "fetch failed"). */
export function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    if (typeof current !== 'object') break;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim().slice(0, 200);
}
