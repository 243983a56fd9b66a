import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CommandFinished } from '../bot.ts';
import type { PlatformName } from '../command-types.ts';

/** What the gauges read when scraped; every value is a count or a time, never a name a user typed. */
export interface MetricSources {
  corpusEntries(): Promise<number>;
  corpusProblems(): number;
  /** Pending deliveries and when the oldest was queued; undefined when the store could not say. */
  backlog(): Promise<{ pending: number; oldestPendingAt?: string } | undefined>;
  ownsCorpusDuties(): boolean;
  alerting(): boolean;
}

export type DeliveryResult = 'sent' | 'transient' | 'permanent';

const ANSWER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SEARCH_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/**
 * paperbot's Prometheus metrics, in a registry of their own (not prom-client's global one, so
 * that two bots in one process, as the tests run them, never share counts). Labels are command
 * names, outcomes, platforms and operations: fixed sets, never ids or query text.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private sources: MetricSources | undefined;
  private readonly commands: Counter<'command' | 'outcome'>;
  private readonly answers: Histogram<'command'>;
  private readonly searches: Histogram<'operation'>;
  private readonly deliveries: Counter<'platform' | 'result'>;
  private readonly lastDelivery: Gauge<'platform'>;
  private readonly storeErrors: Counter;
  private readonly gauges: Record<'entries' | 'problems' | 'pending' | 'oldest' | 'owner' | 'alerting', Gauge>;

  constructor() {
    const registers = [this.registry];
    this.commands = new Counter({
      name: 'paperbot_commands_total',
      help: 'Commands answered, by command and outcome (ok, refused, failed, rate-limited).',
      labelNames: ['command', 'outcome'],
      registers,
    });
    this.answers = new Histogram({
      name: 'paperbot_answer_seconds',
      help: 'Time from a command reaching the core to its reply being ready.',
      labelNames: ['command'],
      buckets: ANSWER_BUCKETS,
      registers,
    });
    this.searches = new Histogram({
      name: 'paperbot_search_seconds',
      help: 'Time of one call into the search backend, by operation.',
      labelNames: ['operation'],
      buckets: SEARCH_BUCKETS,
      registers,
    });
    this.deliveries = new Counter({
      name: 'paperbot_delivery_attempts_total',
      help: 'Announcement send attempts, by platform and result (sent, transient, permanent).',
      labelNames: ['platform', 'result'],
      registers,
    });
    this.lastDelivery = new Gauge({
      name: 'paperbot_last_delivery_timestamp_seconds',
      help: 'When an announcement was last sent successfully, by platform (Unix time).',
      labelNames: ['platform'],
      registers,
    });
    this.storeErrors = new Counter({
      name: 'paperbot_store_errors_total',
      help: 'Store operations that failed (database unreachable, disk full, ...).',
      registers,
    });
    const gauge = (name: string, help: string): Gauge => new Gauge({ name, help, registers });
    this.gauges = {
      entries: gauge('paperbot_corpus_entries', 'Entries in the search index.'),
      problems: gauge(
        'paperbot_corpus_problems',
        'Corpus files or entries that could not be served, as paperbot check lists them.',
      ),
      pending: gauge(
        'paperbot_deliveries_pending',
        'Announcements queued and not yet sent (all replicas on this store).',
      ),
      oldest: gauge(
        'paperbot_deliveries_oldest_pending_age_seconds',
        'How long the oldest pending announcement has waited (0 when none is pending).',
      ),
      owner: gauge('paperbot_corpus_duties_owner', '1 when this process owns the corpus duties (announcing), else 0.'),
      alerting: gauge(
        'paperbot_delivery_alert',
        '1 while deliveries have been failing or backed up for longer than DELIVERY_ALERT_AFTER_SECONDS.',
      ),
    };
  }

  /** The core's pieces, once they exist; before that the gauges are not reported. */
  attach(sources: MetricSources): void {
    this.sources = sources;
  }

  commandFinished(finished: CommandFinished): void {
    this.commands.inc({ command: finished.command, outcome: finished.outcome });
    this.answers.observe({ command: finished.command }, finished.seconds);
  }

  searchFinished(operation: string, seconds: number): void {
    this.searches.observe({ operation }, seconds);
  }

  deliveryFinished(platform: PlatformName, result: DeliveryResult, at: Date): void {
    this.deliveries.inc({ platform, result });
    if (result === 'sent') this.lastDelivery.set({ platform }, at.getTime() / 1000);
  }

  storeFailed(): void {
    this.storeErrors.inc();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text; the gauges are read from the core now, each read bounded so a stuck store cannot hold a scrape. */
  async text(now: Date = new Date()): Promise<string> {
    const sources = this.sources;
    if (sources) {
      const [entries, backlog] = await Promise.all([
        withinMs(sources.corpusEntries(), SOURCE_TIMEOUT_MS),
        withinMs(sources.backlog(), SOURCE_TIMEOUT_MS),
      ]);
      if (entries !== undefined) this.gauges.entries.set(entries);
      this.gauges.problems.set(sources.corpusProblems());
      if (backlog) {
        this.gauges.pending.set(backlog.pending);
        const oldest = backlog.oldestPendingAt ? Date.parse(backlog.oldestPendingAt) : Number.NaN;
        this.gauges.oldest.set(Number.isNaN(oldest) ? 0 : Math.max(0, (now.getTime() - oldest) / 1000));
      }
      this.gauges.owner.set(sources.ownsCorpusDuties() ? 1 : 0);
      this.gauges.alerting.set(sources.alerting() ? 1 : 0);
    }
    return this.registry.metrics();
  }
}

const SOURCE_TIMEOUT_MS = 1_000;

/** The value, or undefined when it failed or took longer than `ms`. */
async function withinMs<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
