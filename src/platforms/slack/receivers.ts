/**
 * The two ways Slack reaches paperbot, each Bolt's own receiver set up through its extension
 * points: HTTP behind the request screen, Socket Mode with each envelope's id in the context
 * (so a re-delivered envelope runs once) and malformed envelopes acknowledged, not re-delivered.
 */
import {
  defaultProcessEventErrorHandler,
  SocketModeReceiver,
  type SocketModeReceiverProcessEventErrorHandlerArgs,
  type webApi,
} from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import { boltLogger } from './bolt-logger.ts';
import { GuardedHTTPReceiver } from './guarded-receiver.ts';
import { isRecord, textField } from './payloads.ts';
import { ENVELOPE_ID_KEY } from './request-middleware.ts';
import type { SeenRequests } from './seen-requests.ts';

export interface HttpReceiverSettings {
  readonly signingSecret: string;
  readonly endpoint: string;
  readonly seen: SeenRequests;
  readonly logger: Logger;
}

export function createHttpReceiver(settings: HttpReceiverSettings): GuardedHTTPReceiver {
  return new GuardedHTTPReceiver({ ...settings, boltLogger: boltLogger(settings.logger) });
}

export interface SocketReceiverSettings {
  readonly appToken: string;
  readonly logger: Logger;
  readonly clientOptions: webApi.WebClientOptions;
}

export function createSocketReceiver(settings: SocketReceiverSettings): SocketModeReceiver {
  const { logger } = settings;
  return new SocketModeReceiver({
    appToken: settings.appToken,
    logger: boltLogger(logger),
    installerOptions: { clientOptions: settings.clientOptions },
    customPropertiesExtractor: (envelope: unknown) => ({ [ENVELOPE_ID_KEY]: textField(envelope, 'envelope_id') }),
    processEventErrorHandler: async (args: SocketModeReceiverProcessEventErrorHandlerArgs) => {
      // Bolt cannot even classify a payload that is not an object; Slack would re-send it for ever.
      if (!isRecord(args.event.body)) {
        logger.warn('slack sent a Socket Mode envelope whose payload is not a JSON object; acknowledged and dropped');
        return true;
      }
      return defaultProcessEventErrorHandler(args);
    },
  });
}
