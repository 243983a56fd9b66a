import type { Caller } from '../command-types.ts';
import { UserError } from '../errors.ts';
import { MAX_QUERY_LENGTH, parseQuery, sanitise } from '../search/query.ts';
import {
  normaliseSubscriptionQuery,
  type ChannelRef,
  type StoredSubscription,
  type SubscriptionSettings,
  type SubscriptionStore,
} from '../store/store.ts';
import type { Subscription, SubscriptionService } from '../command-types.ts';

/** Enough for any real channel; a cap keeps one channel from making every batch slow. */
export const MAX_SUBSCRIPTIONS_PER_CHANNEL = 20;

/** The subscription commands' view of the store: per channel, numbered as users see them. */
export class StoreSubscriptionService implements SubscriptionService {
  constructor(private readonly store: SubscriptionStore) {}

  async subscribe(caller: Caller, query: string, settings?: SubscriptionSettings): Promise<Subscription> {
    const tidy = normaliseSubscriptionQuery(sanitise(query));
    if (tidy.length > MAX_QUERY_LENGTH)
      throw new UserError(`A subscription query can be at most ${MAX_QUERY_LENGTH} characters.`);
    if (tidy) {
      const parsed = parseQuery(tidy);
      if (!parsed.ok) throw new UserError(parsed.error);
    }
    const channel = channelOf(caller);
    const existing = await this.store.listSubscriptions(channel);
    const same = existing.some((subscription) => subscription.query.toLowerCase() === tidy.toLowerCase());
    if (!same && existing.length >= MAX_SUBSCRIPTIONS_PER_CHANNEL) {
      throw new UserError(
        `This channel already has ${MAX_SUBSCRIPTIONS_PER_CHANNEL} subscriptions; remove one with /paper unsubscribe <n> first.`,
      );
    }
    const outcome = await this.store.subscribe(channel, tidy, settings);
    const list = await this.store.listSubscriptions(channel);
    return { ...numbered(list, outcome.subscription), existing: !outcome.created };
  }

  async unsubscribe(caller: Caller, number?: number): Promise<Subscription[]> {
    const channel = channelOf(caller);
    const list = await this.store.listSubscriptions(channel);
    if (number === undefined) {
      const removed = await this.store.unsubscribe(channel);
      return removed.map((subscription) => numbered(list, subscription));
    }
    const target = list[number - 1];
    if (!Number.isInteger(number) || number < 1 || !target) {
      const range =
        list.length > 1 ? `Pick 1 to ${list.length}` : list.length ? 'The only one is 1' : 'This channel has none';
      throw new UserError(
        `There is no subscription ${String(number).slice(0, 12)} here. ${range}; /paper subscriptions lists them.`,
      );
    }
    const removed = await this.store.unsubscribe(channel, [target.id]);
    return removed.map((subscription) => numbered(list, subscription));
  }

  async list(caller: Caller): Promise<Subscription[]> {
    const list = await this.store.listSubscriptions(channelOf(caller));
    return list.map((subscription) => numbered(list, subscription));
  }
}

function channelOf(caller: Caller): ChannelRef {
  return { platform: caller.platform, channelId: caller.channelId };
}

function numbered(list: readonly StoredSubscription[], subscription: StoredSubscription): Subscription {
  return {
    number: list.findIndex((candidate) => candidate.id === subscription.id) + 1,
    id: subscription.id,
    query: subscription.query,
    createdAt: subscription.createdAt,
    brokenReason: subscription.brokenReason,
    postStyle: subscription.postStyle,
    ...(subscription.mention ? { mention: subscription.mention } : {}),
  };
}
