import type { Caller } from '../../commands/types.ts';
import type { MentionTarget, PostStyle, SubscriptionSettings } from '../store/store.ts';

export interface Subscription {
  /** Position in the channel's list, 1-based, as users see and type it. */
  readonly number: number;
  readonly id: number;
  readonly query: string;
  readonly createdAt: string;
  /** Why deliveries stopped, when the channel refused them for good. */
  readonly brokenReason?: string;
  readonly postStyle: PostStyle;
  readonly mention?: MentionTarget;
  /** Set by subscribe when the channel already had this query (a retried request). */
  readonly existing?: boolean;
}

/** What the subscription commands need; the store-backed implementation lives beside it. */
export interface SubscriptionService {
  subscribe(caller: Caller, query: string, settings?: SubscriptionSettings): Subscription | Promise<Subscription>;
  /** Removes the numbered subscription, or all of the channel's when `number` is absent. */
  unsubscribe(caller: Caller, number?: number): Subscription[] | Promise<Subscription[]>;
  list(caller: Caller): Subscription[] | Promise<Subscription[]>;
}
