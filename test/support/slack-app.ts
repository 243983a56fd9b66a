/**
 * The real Bolt app (through our SlackPlatform) wired to a stand-in, for end-to-end tests.
 * Everything started here is stopped by `stopAll()` (call it from afterEach), bot first,
 * stand-in last, so no client ever reconnects to a closed server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Bot } from '../../src/bot.ts';
import { COMMANDS } from '../../commands/index.ts';
import type { CommandDefinition } from '../../src/command-types.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { StoreSubscriptionService } from '../../src/notify/store-subscriptions.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import type { Store } from '../../src/store/store.ts';
import { SlackPlatform, SLACK_EVENTS_PATH, type SlackConfig } from '../../src/platforms/slack/slack-platform.ts';
import type { RequestLedger } from '../../src/platforms/slack/seen-requests.ts';
import { SlackStandIn } from './slack-standin.ts';
import { TEST_APP_TOKEN, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './slack-requests.ts';

export interface SlackHarnessOptions {
  readonly corpusDir: string;
  readonly mode?: 'http' | 'socket';
  readonly commands?: readonly CommandDefinition[];
  readonly replyWithinMs?: number;
  /** Start the platform (default); false leaves that to the test. */
  readonly start?: boolean;
  /** Back the subscription commands with a real SQLite store in a temporary folder. */
  readonly withStore?: boolean;
  /** Settings a test changes from the defaults (the installed workspace, say). */
  readonly config?: Partial<SlackConfig>;
  /** The store where the platform records the requests it took (replicas share one). */
  readonly requestLedger?: RequestLedger;
}

export interface SlackHarness {
  readonly standIn: SlackStandIn;
  readonly platform: SlackPlatform;
  readonly bot: Bot;
  /** http://127.0.0.1:<port>/slack/events (HTTP mode, once started). */
  readonly eventsUrl: string;
}

export class SlackHarnesses {
  private readonly standIns: SlackStandIn[] = [];
  private readonly platforms: SlackPlatform[] = [];
  private readonly stores: { readonly store: Store; readonly dir: string }[] = [];

  async standIn(): Promise<SlackStandIn> {
    const standIn = await SlackStandIn.start();
    this.standIns.push(standIn);
    return standIn;
  }

  platform(config: SlackConfig, bot: Bot, replyWithinMs?: number, requestLedger?: RequestLedger): SlackPlatform {
    const platform = new SlackPlatform({
      config,
      bot,
      logger: silentLogger(),
      retryConfig: { retries: 0 },
      replyWithinMs,
      requestLedger,
    });
    this.platforms.push(platform);
    return platform;
  }

  async start(options: SlackHarnessOptions): Promise<SlackHarness> {
    const standIn = await this.standIn();
    const corpus = await Corpus.load(options.corpusDir);
    const bot = new Bot({
      corpus,
      logger: silentLogger(),
      commands: options.commands ?? COMMANDS,
      subscriptions: options.withStore ? this.subscriptions() : undefined,
    });
    const platform = this.platform(
      { ...testSlackConfig(standIn, options.mode ?? 'http'), ...options.config },
      bot,
      options.replyWithinMs,
      options.requestLedger,
    );
    if (options.start ?? true) await platform.start();
    const port = platform.address?.port;
    return { standIn, platform, bot, eventsUrl: port ? `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}` : '' };
  }

  async stopAll(): Promise<void> {
    for (const platform of this.platforms.splice(0)) await platform.stop();
    for (const standIn of this.standIns.splice(0)) await standIn.close();
    for (const { store, dir } of this.stores.splice(0)) {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private subscriptions(): StoreSubscriptionService {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-slack-'));
    const store = openSqliteStore(dir);
    this.stores.push({ store, dir });
    return new StoreSubscriptionService(store.subscriptions);
  }
}

export function testSlackConfig(standIn: SlackStandIn, mode: 'http' | 'socket'): SlackConfig {
  return {
    botToken: TEST_BOT_TOKEN,
    appToken: mode === 'socket' ? TEST_APP_TOKEN : undefined,
    signingSecret: mode === 'http' ? TEST_SIGNING_SECRET : undefined,
    apiUrl: standIn.apiUrl,
    port: 0,
    host: '127.0.0.1',
  };
}
