import { Client, Events, GatewayIntentBits, Status, type CloseEvent } from 'discord.js';
import type { Bot } from '../../bot.ts';
import type { Logger } from '../../logger.ts';
import type { Platform } from '../platform.ts';
import { DEFAULT_DEFER_AFTER_MS } from './answer.ts';
import { handleInteraction } from './interactions.ts';
import { discordRestOptions } from './rest-options.ts';
import { checkGatewayAnswer } from './gateway-check.ts';
import { DiscordChannelSender } from './sender.ts';
import { describeStartError, GatewayClosedError, ReadyTimeoutError } from './start-errors.ts';

/** How long login may take before start() gives up; Discord itself answers in well under a second. */
const DEFAULT_READY_TIMEOUT_MS = 30_000;

export interface DiscordPlatformOptions {
  readonly token: string;
  /** Compared with the application the token belongs to, to catch a mixed-up configuration. */
  readonly applicationId?: string;
  /** REST base (a proxy); the gateway URL is whatever that REST answers. */
  readonly apiUrl?: string;
  readonly bot: Bot;
  readonly logger: Logger;
  /** How long a command may run before its answer is deferred; must stay under Discord's 3 s. */
  readonly deferAfterMs?: number;
  readonly readyTimeoutMs?: number;
  /** The gateway shards this process runs (discord.js's own sharding); one shard when absent. */
  readonly shards?: { readonly ids: readonly number[]; readonly count: number };
}

/** paperbot on Discord: a gateway client with the Guilds intent only, answering slash commands and buttons. */
export class DiscordPlatform implements Platform {
  readonly name = 'discord' as const;
  readonly sender: DiscordChannelSender;
  private readonly client: Client;
  private stopping?: Promise<void>;

  constructor(private readonly options: DiscordPlatformOptions) {
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: discordRestOptions(options.apiUrl),
      allowedMentions: { parse: [] },
      ...(options.shards ? { shards: [...options.shards.ids], shardCount: options.shards.count } : {}),
    });
    // The sender may post before or without the gateway (notifications queued at start-up).
    this.client.rest.setToken(options.token);
    this.sender = new DiscordChannelSender(this.client.rest, [options.token]);
    const { logger } = options;
    this.client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
    this.client.on(Events.ShardError, (error, shardId) =>
      logger.warn({ err: error, shardId }, 'discord gateway connection error'),
    );
    this.client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
    // discord.js reports its own shutdown as a reconnect; only a real one is worth a line.
    this.client.on(Events.ShardReconnecting, (shardId) => {
      if (!this.stopping) logger.info({ shardId }, 'reconnecting to the discord gateway');
    });
    this.client.on(Events.ShardDisconnect, (event, shardId) =>
      logger.error({ code: event.code, shardId }, 'discord gateway closed for good'),
    );
    this.client.on(Events.InteractionCreate, (interaction) => {
      void handleInteraction(interaction, {
        bot: options.bot,
        logger,
        deferAfterMs: options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS,
      });
    });
  }

  async start(): Promise<void> {
    if (this.stopping) throw new Error('the Discord connection was already stopped');
    try {
      await this.connect();
    } catch (error) {
      await this.client.destroy().catch(() => undefined);
      throw new Error(describeStartError(error, this.options));
    }
    const application = this.client.application?.id;
    if (this.options.applicationId && application && application !== this.options.applicationId) {
      this.options.logger.warn(
        { configured: this.options.applicationId, actual: application },
        'DISCORD_APPLICATION_ID is not the application of DISCORD_TOKEN',
      );
    }
    this.options.logger.info(
      { user: this.client.user?.tag, guilds: this.client.guilds.cache.size },
      'connected to Discord',
    );
  }

  connected(): boolean {
    return !this.stopping && this.client.isReady() && this.client.ws.status === Status.Ready;
  }

  stop(): Promise<void> {
    this.stopping ??= this.client
      .destroy()
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'discord client did not close cleanly'));
    return this.stopping;
  }

  /** Resolves when the client is ready; rejects when the gateway refuses us for good or takes too long. */
  private connect(): Promise<void> {
    const timeoutMs = this.options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: unknown): void => {
        clearTimeout(timer);
        this.client.off(Events.ClientReady, onReady);
        this.client.off(Events.ShardDisconnect, onDisconnect);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onReady = (): void => finish();
      const onDisconnect = (event: CloseEvent): void => finish(new GatewayClosedError(event.code));
      const timer = setTimeout(() => finish(new ReadyTimeoutError(timeoutMs)), timeoutMs);
      this.client.once(Events.ClientReady, onReady);
      this.client.on(Events.ShardDisconnect, onDisconnect);
      checkGatewayAnswer(this.client.rest)
        .then(() => this.client.login(this.options.token))
        .catch((error: unknown) => finish(error ?? new Error('login failed')));
    });
  }
}
