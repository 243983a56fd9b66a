import type { Bot } from '../bot.ts';
import type { ChannelRef, PlatformName, ServiceStatus, StatusSource } from '../command-types.ts';
import type { HttpListener } from '../http/http-listener.ts';
import type { Logger } from '../logger.ts';
import type { ChannelSender } from '../notify/delivery.ts';
import type { SearchBackend } from '../search/search-backend.ts';
import type { Store } from '../store/store.ts';
import { DeliveryAlerts, type DeliveryAlertOptions } from './delivery-alerts.ts';
import { instrument } from './instrument.ts';
import { ServiceMetrics } from './metrics.ts';
import { packageVersion } from './version.ts';
import { parseQuery } from '../search/query.ts';

export interface ServiceHealthOptions {
  readonly alerts: DeliveryAlertOptions;
  /** `minisearch` or `postgres`, as /paper status names it. */
  readonly searchBackend: string;
  /** How often the delivery queue is read for the alert (and the gauges between scrapes). */
  readonly checkEveryMs?: number;
  readonly logger: Logger;
}

/** What readiness needs of a platform: its name and whether it is connected now. */
export interface PlatformLink {
  readonly name: PlatformName;
  connected(): boolean;
}

/** The running core, once it is there: until then /readyz answers that the index is loading. */
export interface ServiceCore {
  readonly bot: Pick<Bot, 'search' | 'corpus' | 'corpusUpdatedAt'>;
  readonly store: Pick<Store, 'meta' | 'deliveries' | 'subscriptions' | 'shared'>;
}

export interface Readiness {
  readonly ready: boolean;
  readonly reasons: readonly string[];
}

const SEARCH_OPERATIONS = new Set(['search', 'suggest', 'similar', 'matching', 'find']);
/** The store's answer to readiness is reused this long, so a scraper polling /readyz costs one query a second at most. */
const STORE_PROBE_CACHE_MS = 1_000;
const STORE_PROBE_TIMEOUT_MS = 2_000;
const DEFAULT_CHECK_EVERY_MS = 2_000;

/**
 * Health, readiness, metrics, delivery alerts and /paper status for one running bot. It is made
 * before anything else (so /healthz answers during start-up) and handed the core, the platforms
 * and the notifications as they come up. It sees them only through wrappers it puts around them
 * (the search backend, the store, the senders) and the Bot's command hook.
 */
export class ServiceHealth {
  readonly metrics = new ServiceMetrics();
  readonly alerts: DeliveryAlerts;
  readonly startedAt = new Date();
  private readonly version = packageVersion();
  private core: ServiceCore | undefined;
  private platforms: readonly PlatformLink[] = [];
  private owner: (() => boolean) | undefined;
  private storeProbe: { at: number; result: Promise<string | undefined> } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ServiceHealthOptions) {
    this.alerts = new DeliveryAlerts(options.alerts, options.logger);
  }

  /** /healthz, /readyz and /metrics on the bot's own listener. */
  routes(http: HttpListener): void {
    http.route('GET', '/healthz', () => ({ status: 200, body: 'ok\n' }));
    http.route('GET', '/readyz', async () => {
      const readiness = await this.readiness();
      return readiness.ready
        ? { status: 200, body: 'ready\n' }
        : { status: 503, body: `not ready:\n${readiness.reasons.map((reason) => `- ${reason}`).join('\n')}\n` };
    });
    http.route('GET', '/metrics', async () => ({
      status: 200,
      contentType: this.metrics.contentType,
      body: await this.metrics.text(),
    }));
  }

  /** For the Bot: every command answered is counted and timed. */
  readonly onCommand = this.metrics.commandFinished.bind(this.metrics);

  /** The search backend, its searches timed. */
  search(search: SearchBackend): SearchBackend {
    return instrument(
      search,
      (operation, seconds) => this.metrics.searchFinished(operation, seconds),
      SEARCH_OPERATIONS,
    );
  }

  /** The store, its failures counted; the same store to everyone who uses it. */
  store(store: Store): Store {
    const count = (_method: string, _seconds: number, failed: boolean): void => {
      if (failed) this.metrics.storeFailed();
    };
    return {
      subscriptions: instrument(store.subscriptions, count),
      seenEntries: instrument(store.seenEntries, count),
      deliveries: instrument(store.deliveries, count),
      discussions: instrument(store.discussions, count),
      takenRequests: instrument(store.takenRequests, count),
      meta: instrument(store.meta, count),
      shared: store.shared,
      close: () => store.close(),
    };
  }

  /** A platform's sender, each outcome counted and fed to the delivery alert. */
  sender(sender: ChannelSender): ChannelSender {
    return {
      platform: sender.platform,
      send: async (channelId, reply, posting) => {
        const outcome = await sender.send(channelId, reply, posting);
        if (outcome.kind === 'delivered') {
          this.metrics.deliveryFinished(sender.platform, 'sent', new Date());
          this.alerts.sent();
        } else {
          this.metrics.deliveryFinished(sender.platform, outcome.kind, new Date());
          this.alerts.failed(sender.platform, outcome.reason);
        }
        return outcome;
      },
    };
  }

  attachCore(core: ServiceCore): void {
    this.core = core;
    this.metrics.attach({
      corpusEntries: () => core.bot.search.count(),
      corpusProblems: () => core.bot.corpus.problems().length,
      backlog: () => core.store.deliveries.deliveryReport(),
      ownsCorpusDuties: () => this.owner?.() ?? false,
      alerting: () => this.alerts.reasons().length > 0,
    });
  }

  attachPlatforms(platforms: readonly PlatformLink[]): void {
    this.platforms = platforms;
  }

  /** Whether this process announces new entries (the notifications know). */
  attachOwnership(owner: () => boolean): void {
    this.owner = owner;
  }

  /** Reads the delivery queue on a timer, so an alert is raised (and logged once) even when no one asks. */
  start(): void {
    const every = this.options.checkEveryMs ?? DEFAULT_CHECK_EVERY_MS;
    const tick = (): void => {
      void this.checkDeliveries().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, every);
      });
    };
    this.timer = setTimeout(tick, every);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  async readiness(): Promise<Readiness> {
    const reasons: string[] = [];
    const core = this.core;
    if (!core) reasons.push('the corpus index is still loading');
    else {
      const storeProblem = await this.probeStore(core);
      if (storeProblem) reasons.push(storeProblem);
    }
    for (const platform of this.platforms) if (!platform.connected()) reasons.push(`${platform.name} is not connected`);
    reasons.push(...this.alerts.evaluate());
    return { ready: reasons.length === 0, reasons };
  }

  readonly status: StatusSource = { status: (channel) => this.statusOf(channel) };

  private async statusOf(channel: ChannelRef): Promise<ServiceStatus> {
    const core = this.core;
    if (!core) throw new Error('status asked before the core was attached');
    const [entries, all, lastAnnounced] = await Promise.all([
      core.bot.search.count(),
      core.store.deliveries.deliveryReport(),
      lastAnnouncedPerSubscription(core, channel),
    ]);
    const owns = this.owner?.() ?? false;
    return {
      version: this.version,
      startedAt: this.startedAt,
      corpus: { entries, problems: core.bot.corpus.problems().length, readAt: core.bot.corpusUpdatedAt },
      searchBackend: this.options.searchBackend,
      lastAnnounced,
      pendingDeliveries: all.pending,
      ...(all.oldestPendingAt ? { oldestPendingAt: all.oldestPendingAt } : {}),
      ...(all.lastError ? { lastDeliveryError: all.lastError } : {}),
      corpusDuties: owns
        ? core.store.shared
          ? 'this replica'
          : 'this process (the only one on its store)'
        : 'another replica on the same store (this one takes over if it stops)',
      alerts: this.alerts.evaluate(),
    };
  }

  private async checkDeliveries(): Promise<void> {
    const core = this.core;
    if (core) {
      const report = await withTimeout(core.store.deliveries.deliveryReport(), STORE_PROBE_TIMEOUT_MS).catch(
        () => undefined,
      );
      if (report) this.alerts.backlog(report.pending);
    }
    this.alerts.evaluate();
  }

  /** Undefined when the store answered a cheap query; else why not. Cached for a second. */
  private probeStore(core: ServiceCore): Promise<string | undefined> {
    const now = Date.now();
    if (this.storeProbe && now - this.storeProbe.at < STORE_PROBE_CACHE_MS) return this.storeProbe.result;
    const result = withTimeout(core.store.meta.getMeta('health-probe'), STORE_PROBE_TIMEOUT_MS).then(
      () => undefined,
      (error: unknown) => `the store is unreachable: ${error instanceof Error ? error.message : String(error)}`,
    );
    this.storeProbe = { at: now, result };
    return result;
  }
}

/** How far back /paper status looks for what each subscription announced. */
const RECENT_DELIVERIES = 100;

/**
 * A delivery does not record which subscription it was for: the newest of the channel's recent
 * deliveries holding an entry that the subscription's query finds is the one it last announced.
 */
async function lastAnnouncedPerSubscription(
  core: ServiceCore,
  channel: ChannelRef,
): Promise<ServiceStatus['lastAnnounced']> {
  const [subscriptions, recent] = await Promise.all([
    core.store.subscriptions.listSubscriptions(channel),
    core.store.deliveries.recentDeliveries(channel, RECENT_DELIVERIES),
  ]);
  const keys = [...new Set(recent.flatMap((sent) => sent.entryKeys))];
  const announced: { subscriptionId: number; title: string; at: string }[] = [];
  for (const subscription of subscriptions) {
    const parsed = subscription.query ? parseQuery(subscription.query) : undefined;
    if (parsed && !parsed.ok) continue;
    const found = parsed ? await core.bot.search.matching(parsed.query, keys) : new Set(keys);
    for (const sent of recent) {
      const key = sent.entryKeys.find((candidate) => found.has(candidate));
      if (!key) continue;
      announced.push({ subscriptionId: subscription.id, title: core.bot.corpus.get(key)?.title ?? key, at: sent.at });
      break;
    }
  }
  return announced;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
