import type { Logger } from '../logger.ts';
import type { Reply } from '../reply.ts';
import type {
  ChannelRef,
  DeliveryBookkeeping,
  DeliveryRef,
  DeliveryStore,
  DiscussionThreadStore,
  PendingDelivery,
  PlatformName,
} from '../store/store.ts';
import type { ChannelSender, DeliveryOutcome } from './delivery.ts';

export interface RetryPolicy {
  /** First wait after a failure; it doubles with each further failure. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A channel that refuses this many times for good has its subscriptions disabled. */
  readonly permanentFailureLimit: number;
  /** Transient failures after which one message is given up (the subscription stays). */
  readonly transientFailureLimit: number;
  /**
   * With a store shared by several processes: how often to look for deliveries another process
   * queued or let go of (it died), and to look again at one another process is sending.
   */
  readonly sharedPollMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  permanentFailureLimit: 3,
  transientFailureLimit: 20,
  sharedPollMs: 2_000,
};

/** What one send attempt of a claimed delivery came to. */
type AttemptResult = { readonly finished: true } | { readonly finished: false; readonly retryInMs: number };

const FINISHED_DELIVERIES_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

export interface DispatcherDependencies {
  readonly deliveries: DeliveryStore;
  /** Where an entry's post is remembered as its discussion. */
  readonly discussions: Pick<DiscussionThreadStore, 'rememberDiscussionThread'>;
  readonly senders: readonly ChannelSender[];
  readonly logger: Logger;
  readonly policy?: Partial<RetryPolicy>;
}

/**
 * Sends queued deliveries. Each channel gets its messages one at a time, in order, so a crash
 * can repeat at most the one message per channel that was in flight. Every outcome is written
 * to the store before the next send.
 */
export class Dispatcher {
  private readonly policy: RetryPolicy;
  private readonly queues = new Map<string, DeliveryRef[]>();
  private readonly workers = new Map<string, Promise<void>>();
  private readonly known = new Set<number>();
  private readonly sleepers = new Set<() => void>();
  private readonly missingSenders = new Set<PlatformName>();
  private pollTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: DispatcherDependencies) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...deps.policy };
  }

  /** Sends what a previous run left pending (it crashed, or stopped mid-retry). */
  async start(): Promise<number> {
    // Finished rows only serve someone reading the store by hand; a month of them is plenty.
    await this.deps.deliveries.pruneFinishedDeliveries(new Date(Date.now() - FINISHED_DELIVERIES_KEPT_MS));
    if (this.deps.deliveries.shared) {
      // Other processes may be sending some of these; each channel's worker follows its own queue
      // in the store from its oldest pending delivery.
      const heads = await this.deps.deliveries.pendingHeads();
      this.enqueue(heads);
      this.pollTimer = setInterval(() => void this.pollShared(), this.policy.sharedPollMs);
      return heads.length;
    }
    const pending = await this.deps.deliveries.pendingDeliveries();
    if (pending.length)
      this.deps.logger.info({ deliveries: pending.length }, 'sending deliveries left pending by the previous run');
    this.enqueue(pending);
    return pending.length;
  }

  enqueue(deliveries: readonly DeliveryRef[]): void {
    if (this.stopped) return;
    for (const delivery of deliveries) {
      if (this.known.has(delivery.id)) continue;
      if (!this.senderFor(delivery.platform)) {
        // Kept pending in the store: a later run with that platform configured sends it.
        if (!this.missingSenders.has(delivery.platform)) {
          this.missingSenders.add(delivery.platform);
          this.deps.logger.warn(
            { platform: delivery.platform },
            'deliveries wait for a platform that is not configured in this run',
          );
        }
        continue;
      }
      this.known.add(delivery.id);
      const channel = channelId(delivery);
      const queue = this.queues.get(channel) ?? [];
      queue.push(delivery);
      this.queues.set(channel, queue);
      if (!this.workers.has(channel)) {
        this.workers.set(
          channel,
          this.drain(channel).finally(() => this.workers.delete(channel)),
        );
      }
    }
  }

  /** Resolves when nothing is queued or being sent. */
  async idle(): Promise<void> {
    while (this.workers.size) await Promise.all([...this.workers.values()]);
  }

  /** Lets the message in flight finish, then stops; what is left stays pending in the store. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    for (const wake of this.sleepers) wake();
    await Promise.all([...this.workers.values()]);
  }

  private senderFor(platform: PlatformName): ChannelSender | undefined {
    return this.deps.senders.find((sender) => sender.platform === platform);
  }

  private async drain(channel: string): Promise<void> {
    // The same array that enqueue appends to, so deliveries queued meanwhile are sent by this worker.
    const queue = this.queues.get(channel) ?? [];
    while (!this.stopped && queue.length) {
      const delivery = queue[0];
      if (!delivery) break;
      const finished = await this.deliver(delivery).catch((error: unknown) => {
        this.deps.logger.error({ err: error, delivery: delivery.id }, 'delivery bookkeeping failed; will retry');
        return false;
      });
      if (finished) queue.shift();
      else if (!this.stopped) await this.sleep(this.policy.baseDelayMs);
      // Shared: the channel's next message may have been queued by another process.
      if (finished && !queue.length && this.deps.deliveries.shared) await this.followSharedQueue(delivery, queue);
    }
    if (!queue.length) this.queues.delete(channel);
  }

  private async followSharedQueue(channel: ChannelRef, queue: DeliveryRef[]): Promise<void> {
    try {
      const [next] = await this.deps.deliveries.pendingHeads({
        platform: channel.platform,
        channelId: channel.channelId,
      });
      if (next && !this.known.has(next.id)) {
        this.known.add(next.id);
        queue.push(next);
      }
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not read pending deliveries; will look again');
    }
  }

  /**
   * One message, retried until it is sent or given up (here or by another process sharing the
   * store); false when stopped. Each attempt holds the delivery through the store's claim.
   */
  private async deliver(initial: DeliveryRef): Promise<boolean> {
    for (;;) {
      if (this.stopped) return false;
      const claim = await this.deps.deliveries.claimDelivery(initial.id, (delivery, bookkeeping) =>
        this.attempt(delivery, bookkeeping),
      );
      if (claim.kind === 'gone') return true;
      if (claim.kind === 'busy') await this.sleep(this.policy.sharedPollMs);
      else if (claim.kind === 'waiting') await this.sleep(claim.retryInMs);
      else if (claim.value.finished) return true;
      else await this.sleep(claim.value.retryInMs);
    }
  }

  /** Sends a claimed delivery once and writes what came of it. */
  private async attempt(delivery: PendingDelivery, store: DeliveryBookkeeping): Promise<AttemptResult> {
    const channel: ChannelRef = { platform: delivery.platform, channelId: delivery.channelId };
    const log = { platform: channel.platform, channel: channel.channelId, delivery: delivery.id };
    if (delivery.unreadable !== undefined) {
      // Written by another version of paperbot, or damaged: sending it again would fail the same way.
      await store.finishDelivery(delivery.id, 'failed', `what was stored cannot be sent: ${delivery.unreadable}`);
      this.deps.logger.error(
        { ...log, reason: delivery.unreadable },
        'delivery given up: what was stored cannot be sent',
      );
      return { finished: true };
    }
    const subscriptions = await store.listSubscriptions(channel);
    if (!subscriptions.some((subscription) => !subscription.brokenReason)) {
      await store.finishDelivery(delivery.id, 'cancelled', 'the channel has no active subscription any more');
      return { finished: true };
    }
    const sender = this.senderFor(channel.platform);
    if (!sender) return { finished: true };
    const outcome = await send(sender, delivery, delivery.reply);
    if (outcome.kind === 'delivered') {
      const thread = delivery.posting?.thread;
      // The entry's post is its discussion: Discuss on its card in this channel finds this thread.
      if (thread && outcome.threadId)
        await this.deps.discussions.rememberDiscussionThread(channel, thread.entryKey, outcome.threadId);
      await store.finishDelivery(delivery.id, 'done');
      return { finished: true };
    }
    const attempts = delivery.attempts + 1;
    const permanent = outcome.kind === 'permanent';
    const permanentFailures = delivery.permanentFailures + (permanent ? 1 : 0);
    const wait = Math.max(outcome.kind === 'transient' ? (outcome.retryAfterMs ?? 0) : 0, this.backoff(attempts));
    await store.recordFailedAttempt(delivery.id, { reason: outcome.reason, permanent, retryInMs: wait });
    if (permanentFailures >= this.policy.permanentFailureLimit) {
      await store.markChannelBroken(channel, outcome.reason);
      const cancelled = await store.cancelChannelDeliveries(channel, `channel refused deliveries: ${outcome.reason}`);
      this.queues.get(channelId(channel))?.splice(1);
      this.deps.logger.warn(
        { ...log, reason: outcome.reason, cancelled },
        'channel refused deliveries; its subscriptions are disabled',
      );
      return { finished: true };
    }
    if (!permanent && attempts - permanentFailures >= this.policy.transientFailureLimit) {
      await store.finishDelivery(delivery.id, 'failed', outcome.reason);
      this.deps.logger.error({ ...log, reason: outcome.reason, attempts }, 'delivery given up after repeated failures');
      return { finished: true };
    }
    this.deps.logger.warn({ ...log, reason: outcome.reason, attempts, retryInMs: wait }, 'delivery failed; will retry');
    return { finished: false, retryInMs: wait };
  }

  /** Picks up deliveries that other processes queued, or let go of when they died. */
  private async pollShared(): Promise<void> {
    if (this.stopped) return;
    try {
      this.enqueue(await this.deps.deliveries.pendingHeads());
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not read pending deliveries; will look again');
    }
  }

  /** Doubling waits with jitter, so channels that failed together do not retry together. */
  private backoff(attempts: number): number {
    const exponential = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(exponential * (0.75 + Math.random() * 0.5));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}

function channelId(channel: ChannelRef): string {
  return `${channel.platform}\u0000${channel.channelId}`;
}

/** A sender that throws is treated like a network failure: worth another try. */
async function send(sender: ChannelSender, delivery: PendingDelivery, reply: Reply): Promise<DeliveryOutcome> {
  try {
    return await sender.send(delivery.channelId, reply, delivery.posting);
  } catch (error) {
    return { kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
  }
}
