import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, type HTTPReceiver, type SocketModeReceiver, webApi } from '@slack/bolt';
import type { Bot } from '../../bot.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { Platform } from '../platform.ts';
import { boltLogger } from './bolt-logger.ts';
import { ChannelManagers } from './channel-managers.ts';
import { InFlight } from './in-flight.ts';
import { resolveInstallation, type Installation, type TokenIdentity } from './installation.ts';
import { registerListeners } from './listeners.ts';
import { createHttpReceiver, createSocketReceiver } from './receivers.ts';
import { registerRequestMiddleware } from './request-middleware.ts';
import { SeenRequests, type RequestLedger } from './seen-requests.ts';
import { registerUnfurls } from './unfurl.ts';
import { slackThreadSurface } from './threads.ts';
import { SlackSender } from './sender.ts';
import { describeListenError, describeTokenError } from './start-errors.ts';

export type SlackConfig = NonNullable<Config['slack']>;

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
export const SLACK_EVENTS_PATH = '/slack/events';
/**
 * A few quick retries ride out a blip without holding a user's answer for long; the Web
 * API client's own default (ten retries over about thirty minutes) is far too patient.
 */
export const PRODUCTION_RETRY_CONFIG: webApi.RetryOptions = {
  retries: 3,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 4_000,
  randomize: true,
};
/** Slack waits 3 s for the ack; a reply ready by then goes in the ack itself. */
export const REPLY_WITHIN_MS = 2_000;
const SOCKET_CONNECT_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 3_000;

export interface SlackPlatformOptions {
  readonly config: SlackConfig;
  readonly bot: Bot;
  readonly logger: Logger;
  /** Web API retries (tests pass `{ retries: 0 }`). */
  readonly retryConfig?: webApi.RetryOptions;
  readonly replyWithinMs?: number;
  /** The store's record of requests taken, shared with every replica on it; without it, this process's own. */
  readonly requestLedger?: RequestLedger;
}

interface Running {
  readonly close: () => Promise<void>;
  readonly connected: () => boolean;
  readonly address?: AddressInfo;
}

/**
 * Slack through Bolt: Socket Mode when an app-level token is configured (no public URL
 * needed), else HTTP mode at /slack/events, signed with the signing secret.
 */
export class SlackPlatform implements Platform {
  readonly name = 'slack' as const;
  readonly sender: SlackSender;
  readonly mode: 'socket' | 'http';
  private readonly web: webApi.WebClient;
  private readonly inFlight = new InFlight();
  /** Every request taken, so that none runs twice (HTTP signatures and Socket Mode envelopes alike). */
  private readonly seen: SeenRequests;
  private readonly apiUrl: string;
  private readonly managers: ChannelManagers;
  private running?: Running;

  constructor(private readonly options: SlackPlatformOptions) {
    this.mode = options.config.appToken ? 'socket' : 'http';
    this.apiUrl = withTrailingSlash(options.config.apiUrl ?? DEFAULT_SLACK_API_URL);
    // Rate-limited calls are rejected, not waited out, so the notification queue owns the retry.
    this.web = new webApi.WebClient(options.config.botToken, { ...this.clientOptions(), rejectRateLimitedCalls: true });
    this.sender = new SlackSender(this.web);
    this.seen = new SeenRequests({ ledger: options.requestLedger, logger: options.logger });
    this.managers = new ChannelManagers({
      web: this.web,
      logger: options.logger,
      managerGroup: options.config.managerGroup,
    });
  }

  /** Where HTTP mode listens once started (useful when PORT is 0). */
  get address(): AddressInfo | undefined {
    return this.running?.address;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const identity = await this.verifyBotToken();
    const { config, logger } = this.options;
    const installation = resolveInstallation(config, identity);
    if (this.mode === 'socket' && config.appToken) {
      const receiver = createSocketReceiver({ appToken: config.appToken, logger, clientOptions: this.clientOptions() });
      const app = this.createApp(receiver, identity, installation);
      this.running = await this.connectSocket(app, receiver);
    } else {
      if (!config.signingSecret)
        throw new Error('SLACK_SIGNING_SECRET is needed for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
      const receiver = createHttpReceiver({
        signingSecret: config.signingSecret,
        endpoint: SLACK_EVENTS_PATH,
        seen: this.seen,
        logger,
      });
      const app = this.createApp(receiver, identity, installation);
      this.running = await this.listen(app);
    }
    logger.info(
      { mode: this.mode, team: identity.team, serves: [...installation.teamIds], app: installation.appId },
      'slack connected',
    );
  }

  connected(): boolean {
    return this.running?.connected() ?? false;
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    await this.inFlight.drain(STOP_GRACE_MS);
    await running.close();
  }

  private async verifyBotToken(): Promise<
    TokenIdentity & { userId?: string; botId?: string; team?: string; url?: string }
  > {
    try {
      const result = await this.web.auth.test();
      return {
        userId: result.user_id,
        botId: result.bot_id,
        team: result.team,
        url: result.url,
        teamId: result.team_id,
        enterpriseId: result.enterprise_id,
        isEnterpriseInstall: result.is_enterprise_install,
        appId: result.app_id,
      };
    } catch (error) {
      throw new Error(describeTokenError(error, 'SLACK_BOT_TOKEN', this.apiUrl));
    }
  }

  private createApp(
    receiver: HTTPReceiver | SocketModeReceiver,
    identity: { userId?: string; botId?: string; url?: string },
    installation: Installation,
  ): App {
    // The token was checked just now: Bolt need not call auth.test again (it would at construction).
    const app = new App({
      token: this.options.config.botToken,
      botId: identity.botId,
      botUserId: identity.userId,
      tokenVerificationEnabled: false,
      receiver,
      logger: boltLogger(this.options.logger),
      clientOptions: this.clientOptions(),
      convoStore: false,
    });
    registerRequestMiddleware(app, {
      seen: this.seen,
      installation,
      logger: this.options.logger,
      inFlight: this.inFlight,
    });
    registerListeners(app, {
      bot: this.options.bot,
      logger: this.options.logger,
      replyWithinMs: this.options.replyWithinMs ?? REPLY_WITHIN_MS,
      inFlight: this.inFlight,
      threadsAt: (place) => slackThreadSurface(app.client, place, identity.url),
      managers: this.managers,
    });
    registerUnfurls(app, { bot: this.options.bot, logger: this.options.logger, inFlight: this.inFlight });
    return app;
  }

  private async listen(app: App): Promise<Running> {
    const { port, host } = this.options.config;
    let server: Server;
    try {
      server = await app.start({ port, host });
    } catch (error) {
      throw new Error(describeListenError(error, host, port));
    }
    const address = server.address();
    return {
      address: address && typeof address === 'object' ? address : undefined,
      connected: () => server.listening,
      close: async () => {
        const closing = app.stop();
        // Keep-alive connections would hold the server open; give answers in progress a moment.
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS);
        try {
          await closing;
        } catch (error) {
          this.options.logger.warn({ err: error }, 'slack http server did not close cleanly');
        } finally {
          clearTimeout(force);
        }
      },
    };
  }

  private async connectSocket(app: App, receiver: SocketModeReceiver): Promise<Running> {
    // The receiver's own stop() resolves before the socket is closed; the client's disconnect() waits for it.
    const close = async (): Promise<void> => {
      await receiver.client.disconnect();
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Socket Mode did not connect within ${SOCKET_CONNECT_TIMEOUT_MS / 1000} s`)),
        SOCKET_CONNECT_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([app.start(), timeout]);
    } catch (error) {
      await close().catch(() => undefined);
      throw new Error(
        error instanceof Error && error.message.startsWith('Socket Mode')
          ? error.message
          : describeTokenError(error, 'SLACK_APP_TOKEN', this.apiUrl),
      );
    } finally {
      clearTimeout(timer);
    }
    return { close, connected: () => receiver.client.websocket?.isActive() ?? false };
  }

  private clientOptions(): webApi.WebClientOptions {
    return {
      slackApiUrl: this.apiUrl,
      retryConfig: this.options.retryConfig ?? PRODUCTION_RETRY_CONFIG,
      timeout: 10_000,
      logger: boltLogger(this.options.logger),
    };
  }
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
