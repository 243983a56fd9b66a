import { webApi } from '@slack/bolt';
import type { DeliveryOutcome } from '../../notify/delivery.ts';

/**
 * Web API errors that retrying cannot fix: the channel is gone or closed to the bot, or the
 * token no longer works. Reference: https://api.slack.com/methods/chat.postMessage#errors
 */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'restricted_action',
  'team_access_not_granted',
  'ekm_access_denied',
  // The message itself is refused; sending it again gets the same answer.
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'msg_blocks_too_long',
  'no_text',
  'too_many_attachments',
]);

const TRANSIENT_HTTP = new Set([408, 425, 429]);

/** What a failed chat.postMessage means for the delivery queue. Reasons carry codes, never tokens. */
export function classifyDeliveryError(error: unknown): DeliveryOutcome {
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return { kind: 'transient', reason: 'ratelimited', retryAfterMs: error.retryAfter * 1000 };
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (code === 'ratelimited') {
      const seconds = error.data.response_metadata?.retryAfter;
      return { kind: 'transient', reason: code, ...(seconds === undefined ? {} : { retryAfterMs: seconds * 1000 }) };
    }
    return PERMANENT_ERRORS.has(code) ? { kind: 'permanent', reason: code } : { kind: 'transient', reason: code };
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    const reason = `HTTP ${error.statusCode}`;
    if (error.statusCode >= 500 || TRANSIENT_HTTP.has(error.statusCode)) {
      const seconds = Number.parseInt(error.headers['retry-after'] ?? '', 10);
      return { kind: 'transient', reason, ...(Number.isFinite(seconds) ? { retryAfterMs: seconds * 1000 } : {}) };
    }
    return { kind: 'permanent', reason };
  }
  if (error instanceof webApi.WebAPIRequestError) {
    return { kind: 'transient', reason: `network: ${networkCode(error.original)}` };
  }
  // Anything unforeseen is retried: a notification dropped by mistake is worse than a late one.
  return { kind: 'transient', reason: error instanceof Error ? error.name : 'unknown error' };
}

/** `ECONNREFUSED` and friends sit on the error's cause (fetch) or on the error itself. */
export function networkCode(original: Error): string {
  for (const candidate of [original.cause, original]) {
    if (candidate && typeof candidate === 'object' && 'code' in candidate && typeof candidate.code === 'string')
      return candidate.code;
  }
  return original.name;
}
