/**
 * paperbot as `npm start` runs it with Discord and Slack configured, assembled in-process
 * against the loopback stand-ins: the real discord.js client and Bolt app, the SQLite store,
 * the corpus watcher, notifier and dispatcher. Stopping tears down in the order that leaves
 * no client reconnecting to a closed server.
 */
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { startNotifications, type Notifications } from '../../src/notify/notifications.ts';
import { CorpusSync } from '../../src/corpus-sync.ts';
import type { NotificationOptions } from '../../src/notify/notifications.ts';
import { StoreSubscriptionService } from '../../src/notify/store-subscriptions.ts';
import { Discussions } from '../../src/discuss/discussions.ts';
import { DiscordPlatform } from '../../src/platforms/discord/discord-platform.ts';
import { SlackPlatform, SLACK_EVENTS_PATH } from '../../src/platforms/slack/slack-platform.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { DiscordStandin } from '../support/discord-standin.ts';
import { STANDIN_TOKEN } from '../support/discord-harness.ts';
import { chatInputInteraction, type OptionValue } from '../support/discord-payloads.ts';
import { SlackStandIn } from '../support/slack-standin.ts';
import { testSlackConfig } from '../support/slack-app.ts';
import { postSigned, slashCommandForm } from '../support/slack-requests.ts';
import { TempFolders } from './entry-files.ts';
import { COMMANDS } from '../../commands/index.ts';
import { MiniSearchBackend } from '../../src/search/minisearch-backend.ts';
import { ServiceHealth } from '../../src/health/service-health.ts';
import { HttpListener } from '../../src/http/http-listener.ts';
import type { Logger } from '../../src/logger.ts';

/** Short waits, so a test spends its time on the files and the wire, not on timers. */
export const FAST: Partial<NotificationOptions> = {
  watcher: { stabilityMs: 1_000, pollMs: 50 },
  notifier: { batchWindowMs: 800, maxBatchWindowMs: 10_000 },
  retry: { baseDelayMs: 20, maxDelayMs: 200 },
};

export interface StandIns {
  readonly discord: DiscordStandin;
  readonly slack: SlackStandIn;
}

export async function startStandIns(): Promise<StandIns> {
  return { discord: await DiscordStandin.start({ token: STANDIN_TOKEN }), slack: await SlackStandIn.start() };
}

export async function closeStandIns(standIns: StandIns): Promise<void> {
  await standIns.discord.close();
  await standIns.slack.close();
}

export interface PlatformApp {
  readonly bot: Bot;
  readonly notifications: Notifications;
  /** Keeps the index in step with the folder and tells the notifications. */
  readonly sync: CorpusSync;
  /** Where the Slack app takes signed requests (slash commands, button presses, events). */
  readonly slackEventsUrl: string;
  /** With `health`: the bot's own endpoints (/healthz, /readyz, /metrics), as main opens them. */
  readonly healthUrl?: string;
  readonly health?: ServiceHealth;
  /** Disconnects Discord alone (the gateway gone), as readiness must notice. */
  stopDiscord(): Promise<void>;
  /** Runs a slash command on Discord (in the stand-in's channel) and resolves with the answer's text. */
  discordCommand(name: string, options?: Readonly<Record<string, OptionValue>>): Promise<string>;
  /** Runs `/paper <text>` on Slack in the given channel and resolves with the answer's text. */
  slackCommand(text: string, channelId: string): Promise<string>;
  /** Waits until every change seen is applied, announced and its deliveries settled. */
  quiesce(): Promise<void>;
  stop(): Promise<void>;
}

/** What a test file started: stopped (apps first, then their stand-ins) and its folders removed after each test. */
export class RunningApps {
  readonly apps: PlatformApp[] = [];
  readonly standIns: StandIns[] = [];
  readonly folders = new TempFolders();

  async stopAll(): Promise<void> {
    for (const app of this.apps.splice(0)) await app.stop();
    for (const standIns of this.standIns.splice(0)) await closeStandIns(standIns);
    this.folders.cleanup();
  }
}

export async function startPlatformApp(
  standIns: StandIns,
  corpusDir: string,
  dataDir: string,
  options: Partial<NotificationOptions> = FAST,
  withHealth?: { readonly alertAfterMs: number; readonly pendingLimit: number; readonly logger?: Logger },
): Promise<PlatformApp> {
  const logger = withHealth?.logger ?? silentLogger();
  const corpus = await Corpus.load(corpusDir);
  const loadedAt = new Date();
  const health = withHealth
    ? new ServiceHealth({
        alerts: { afterMs: withHealth.alertAfterMs, pendingLimit: withHealth.pendingLimit },
        searchBackend: 'minisearch',
        checkEveryMs: 100,
        logger,
      })
    : undefined;
  const http = new HttpListener(logger);
  health?.routes(http);
  const healthAddress = health ? await http.listen(0, '127.0.0.1') : undefined;
  const sqlite = openSqliteStore(dataDir);
  const store = health ? health.store(sqlite) : sqlite;
  const bot = new Bot({
    commands: COMMANDS,
    corpus,
    logger,
    subscriptions: new StoreSubscriptionService(store.subscriptions),
    discussions: new Discussions(store.discussions),
    ...(health
      ? {
          search: health.search(MiniSearchBackend.build(corpus.entries())),
          onCommand: health.onCommand,
          status: health.status,
        }
      : {}),
  });
  health?.attachCore({ bot, store });
  const discord = new DiscordPlatform({ token: STANDIN_TOKEN, apiUrl: standIns.discord.apiUrl, bot, logger });
  const slack = new SlackPlatform({
    config: testSlackConfig(standIns.slack, 'http'),
    bot,
    logger,
    retryConfig: { retries: 0 },
  });
  health?.attachPlatforms([discord, slack]);
  await discord.start();
  await slack.start();
  const sync = new CorpusSync(bot, logger, options.watcher);
  const notifications = await startNotifications({
    bot,
    store,
    senders: [discord.sender, slack.sender].map((sender) => (health ? health.sender(sender) : sender)),
    logger,
    changes: sync,
    options,
  });
  await sync.start(loadedAt);
  health?.attachOwnership(() => notifications.owner());
  health?.start();
  const eventsUrl = `http://127.0.0.1:${slack.address?.port ?? 0}${SLACK_EVENTS_PATH}`;
  let stopped = false;
  return {
    bot,
    notifications,
    sync,
    slackEventsUrl: eventsUrl,
    healthUrl: healthAddress ? `http://127.0.0.1:${healthAddress.port}` : undefined,
    health,
    stopDiscord: () => discord.stop(),
    discordCommand: async (name, commandOptions = {}) => {
      const interaction = chatInputInteraction(name, commandOptions, { canManageChannel: true });
      const answered = standIns.discord.waitForRequest(
        (request) =>
          request.method === 'POST' && request.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
      );
      standIns.discord.dispatchInteraction(interaction.payload);
      return JSON.stringify((await answered).body);
    },
    slackCommand: async (text, channelId) => {
      const answer = await postSigned(
        eventsUrl,
        slashCommandForm({ text, channelId, responseUrl: standIns.slack.responseUrl() }),
      );
      return answer.body;
    },
    quiesce: async () => {
      await sync.watcher.settled();
      await notifications.notifier.flush();
      await notifications.dispatcher.idle();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      health?.stop();
      await http.close();
      await sync.stop();
      await notifications.stop();
      await discord.stop();
      await slack.stop();
      await store.close();
    },
  };
}
