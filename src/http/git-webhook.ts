import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { HttpAnswer, HttpRequest, RouteHandler } from './http-listener.ts';

export const GIT_WEBHOOK_PATH = '/hooks/git';
/** A push event's payload can be large (many commits); only its signature is read. */
export const GIT_WEBHOOK_MAX_BYTES = 25 * 1024 * 1024;

/**
 * `POST /hooks/git`: a push webhook from GitHub (`X-Hub-Signature-256`, an HMAC-SHA256 of the raw
 * body) or GitLab (`X-Gitlab-Token`, the secret itself), verified in constant time. A good one is
 * answered 202 at once and asks for a fetch (the source runs one at a time); anything else is 401.
 */
export function gitWebhook(
  secret: string,
  fetchNow: () => Promise<void>,
  logger: Pick<Logger, 'info' | 'warn'>,
): RouteHandler {
  return (request: HttpRequest): HttpAnswer => {
    const verdict = verify(request, secret);
    if (verdict !== 'ok') {
      // The body is never logged: it is whatever anyone sent.
      logger.warn({ path: request.path, reason: verdict }, 'git webhook refused');
      return { status: 401, body: 'signature missing or wrong\n' };
    }
    const event = header(request, 'x-github-event') ?? header(request, 'x-gitlab-event') ?? 'push';
    if (event === 'ping') return { status: 202, body: 'pong\n' };
    logger.info({ event: event.slice(0, 40) }, 'git webhook received; fetching');
    void fetchNow();
    return { status: 202, body: 'fetching\n' };
  };
}

function verify(request: HttpRequest, secret: string): 'ok' | string {
  const signature = header(request, 'x-hub-signature-256');
  if (signature !== undefined) {
    const expected = `sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`;
    return sameText(signature, expected) ? 'ok' : 'X-Hub-Signature-256 does not match';
  }
  const token = header(request, 'x-gitlab-token');
  if (token !== undefined) return sameText(token, secret) ? 'ok' : 'X-Gitlab-Token does not match';
  return 'no X-Hub-Signature-256 or X-Gitlab-Token header';
}

function header(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Constant time over the expected length: a wrong length is refused without comparing. */
function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
