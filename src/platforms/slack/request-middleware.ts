/**
 * Global Bolt middleware that runs before any listener, for every kind of request (commands,
 * buttons, events) and in both modes: a retried or re-delivered request is acknowledged and
 * not run again, and a request from outside the installation is refused with a private note.
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import type { InFlight } from './in-flight.ts';
import { refusalFor, type Installation } from './installation.ts';
import { textField } from './payloads.ts';
import { SIGNATURE_WINDOW_MS, type SeenRequests } from './seen-requests.ts';

export interface RequestMiddlewareDependencies {
  readonly seen: SeenRequests;
  readonly installation: Installation;
  readonly logger: Logger;
  /** A refusal posted through a response_url is work that stopping waits for, like a listener's. */
  readonly inFlight: InFlight;
}

/** The context key the Socket Mode receiver puts each envelope's id under. */
export const ENVELOPE_ID_KEY = 'envelopeId';

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

export function registerRequestMiddleware(app: App, deps: RequestMiddlewareDependencies): void {
  app.use(runOnce(deps));
  app.use(onlyInstalled(deps));
}

function runOnce({ seen, logger }: RequestMiddlewareDependencies): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { context } = args;
    // Slack retries what it thinks went unanswered, but the first delivery already ran.
    // Socket Mode numbers first deliveries 0.
    if ((context.retryNum ?? 0) > 0) {
      logger.info(
        { retryNum: context.retryNum, retryReason: context.retryReason },
        'slack retry acknowledged, not run again',
      );
      return acknowledge(args);
    }
    const envelopeId = context[ENVELOPE_ID_KEY];
    if (
      typeof envelopeId === 'string' &&
      !(await seen.firstSighting(`envelope:${envelopeId}`, Date.now() + SIGNATURE_WINDOW_MS))
    ) {
      logger.warn('slack envelope delivered again; acknowledged, not run again');
      return acknowledge(args);
    }
    await args.next();
  };
}

function onlyInstalled({
  installation,
  logger,
  inFlight,
}: RequestMiddlewareDependencies): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { context, body } = args;
    const origin = { teamId: context.teamId, enterpriseId: context.enterpriseId, appId: textField(body, 'api_app_id') };
    const refusal = refusalFor(installation, origin);
    if (!refusal) return args.next();
    logger.warn(
      { team: origin.teamId, enterprise: origin.enterpriseId, app: origin.appId },
      'refused a slack request from outside the installation',
    );
    await inFlight.run(() => refuse(args, refusal));
  };
}

/** A slash command gets the note in its ack; a button press through its response_url; anything else only the ack. */
async function refuse(args: Args, text: string): Promise<void> {
  if ('command' in args) return args.ack({ response_type: 'ephemeral', text });
  await acknowledge(args);
  if ('action' in args) {
    try {
      await args.respond({ response_type: 'ephemeral', replace_original: false, text });
    } catch (error) {
      args.logger.warn(
        `slack response_url refused the refusal note: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/** Events are acknowledged by Bolt before middleware runs; every other kind needs its ack. */
async function acknowledge(args: Args): Promise<void> {
  if ('ack' in args && typeof args.ack === 'function') await args.ack();
}
