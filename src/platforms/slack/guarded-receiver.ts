import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  defaultBodyLimit,
  HTTPModuleFunctions,
  HTTPReceiver,
  isRawBodyError,
  type BufferedIncomingMessage,
  type Logger as BoltLogger,
} from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import type { SeenRequests } from './seen-requests.ts';
import { screenSignedRequest, type Screening } from './request-screen.ts';

export interface GuardedReceiverOptions {
  readonly signingSecret: string;
  /** The one path Slack posts to (Request URL, Interactivity and Events all point here). */
  readonly endpoint: string;
  readonly seen: SeenRequests;
  readonly logger: Logger;
  readonly boltLogger: BoltLogger;
}

/**
 * Bolt's own HTTP receiver with a screen in front of its events endpoint (see
 * request-screen.ts). Bolt reads a body that is already buffered as it is, so the screen
 * reads it once and hands the same request on; everything else is Bolt's.
 */
export class GuardedHTTPReceiver extends HTTPReceiver {
  constructor(private readonly guard: GuardedReceiverOptions) {
    super({
      signingSecret: guard.signingSecret,
      endpoints: guard.endpoint,
      logger: guard.boltLogger,
      bodyLimit: defaultBodyLimit,
    });
    const deliver = this.requestListener;
    this.requestListener = (req, res) => {
      if (!this.isEventsPost(req)) return deliver(req, res);
      this.screen(req)
        .then((outcome) =>
          outcome.verdict === 'pass' ? deliver(outcome.request, res) : this.answer(res, outcome.screening),
        )
        .catch((error: unknown) => {
          guard.logger.error({ err: error }, 'slack request could not be handled');
          if (!res.headersSent) answerPlain(res, 500, '');
        });
    };
  }

  private isEventsPost(req: IncomingMessage): boolean {
    return req.method === 'POST' && new URL(req.url ?? '/', 'http://localhost').pathname === this.guard.endpoint;
  }

  private async screen(
    req: IncomingMessage,
  ): Promise<
    | { verdict: 'pass'; request: BufferedIncomingMessage }
    | { verdict: 'stop'; screening: Exclude<Screening, { verdict: 'pass' }> }
  > {
    let request: BufferedIncomingMessage;
    try {
      request = await HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit);
    } catch (error) {
      const tooLarge = isRawBodyError(error) && error.statusCode === 413;
      const screening = tooLarge
        ? ({ verdict: 'malformed', status: 413, answer: 'Bad request: the body is too large.' } as const)
        : ({ verdict: 'malformed', status: 400, answer: 'Bad request: the body could not be read.' } as const);
      return { verdict: 'stop', screening };
    }
    const screening = await screenSignedRequest(request, {
      signingSecret: this.guard.signingSecret,
      seen: this.guard.seen,
      nowMs: Date.now(),
    });
    return screening.verdict === 'pass' ? { verdict: 'pass', request } : { verdict: 'stop', screening };
  }

  private answer(res: ServerResponse, screening: Exclude<Screening, { verdict: 'pass' }>): void {
    if (screening.verdict === 'refuse') {
      this.guard.logger.warn({ status: screening.status }, `refused a signed Slack request: ${screening.reason}`);
      return answerPlain(res, screening.status, '');
    }
    this.guard.logger.warn({ status: screening.status }, `refused a malformed Slack request: ${screening.answer}`);
    answerPlain(res, screening.status, screening.answer);
  }
}

function answerPlain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, text ? { 'Content-Type': 'text/plain; charset=utf-8' } : {});
  res.end(text);
}
