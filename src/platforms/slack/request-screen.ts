/**
 * What Bolt's HTTP receiver does not check before it runs a signed request: that the same
 * signed content (timestamp and body) was not taken before (a replay), that the timestamp is not from the future, and
 * that the body is a Slack payload at all (`payload=null` would otherwise crash inside Bolt
 * and leave the client waiting for ever). Unsigned or wrongly signed requests are left to
 * Bolt, which refuses them with 401 itself.
 */
import { createHash } from 'node:crypto';
import { HTTPModuleFunctions, isValidSlackRequest, type BufferedIncomingMessage } from '@slack/bolt';
import { SIGNATURE_WINDOW_MS, type SeenRequests } from './seen-requests.ts';

export type Screening =
  | { readonly verdict: 'pass' }
  /** Refused without a body (as Bolt refuses a bad signature); `reason` is for the log. */
  | { readonly verdict: 'refuse'; readonly status: 401; readonly reason: string }
  /** A malformed body: the answer names what is wrong. */
  | { readonly verdict: 'malformed'; readonly status: 400 | 413; readonly answer: string };

export interface ScreenOptions {
  readonly signingSecret: string;
  readonly seen: SeenRequests;
  readonly nowMs: number;
}

export async function screenSignedRequest(
  request: BufferedIncomingMessage,
  options: ScreenOptions,
): Promise<Screening> {
  const body = request.rawBody.toString('utf8');
  const signature = singleHeader(request, 'x-slack-signature');
  const timestampSeconds = Number(singleHeader(request, 'x-slack-request-timestamp'));
  const signed =
    signature !== undefined &&
    isValidSlackRequest({
      signingSecret: options.signingSecret,
      body,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestampSeconds },
      nowMilliseconds: options.nowMs,
    });
  if (!signed) return { verdict: 'pass' };

  const aheadMs = timestampSeconds * 1000 - options.nowMs;
  if (aheadMs > SIGNATURE_WINDOW_MS) {
    return {
      verdict: 'refuse',
      status: 401,
      reason: `its timestamp is ${Math.round(aheadMs / 1000)} s in the future (is this server's clock right?)`,
    };
  }
  // Keyed by what was signed, not by the headers' spelling: Bolt accepts `v0=<hash>=anything`
  // and a timestamp with leading zeros, so the same request can arrive with other header text.
  const signedContent = `${timestampSeconds}:${createHash('sha256').update(request.rawBody).digest('hex')}`;
  if (!(await options.seen.firstSighting(`request:${signedContent}`, timestampSeconds * 1000 + SIGNATURE_WINDOW_MS))) {
    return { verdict: 'refuse', status: 401, reason: 'the same signed request was already taken (a replay)' };
  }
  const problem = payloadProblem(request);
  return problem ? { verdict: 'malformed', status: 400, answer: `Bad request: ${problem}.` } : { verdict: 'pass' };
}

/** What is wrong with a signed body Bolt would otherwise choke on or leave unanswered; undefined when nothing is. */
function payloadProblem(request: BufferedIncomingMessage): string | undefined {
  let parsed: unknown;
  try {
    parsed = HTTPModuleFunctions.parseHTTPRequestBody(request);
  } catch {
    return 'the payload is not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return `the payload is not a JSON object (it is ${parsed === null ? 'null' : Array.isArray(parsed) ? 'a list' : typeof parsed})`;
  }
  const fields = parsed as Record<string, unknown>;
  // Slack's connectivity check; Bolt answers it.
  if (fields['ssl_check'] === '1') return undefined;
  if (typeof fields['command'] !== 'string' && typeof fields['type'] !== 'string') {
    return 'the payload is not a Slack command, interaction or event (it has no "command" or "type")';
  }
  return undefined;
}

function singleHeader(request: BufferedIncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
