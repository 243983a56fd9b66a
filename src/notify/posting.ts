import type { Entry } from '../corpus/entry.ts';
import type { DeliveryPosting, StoredSubscription } from '../store/store.ts';

/** Whether any of the subscriptions that found an entry wants it as its own post with a thread. */
export function wantsThread(subscriptions: readonly StoredSubscription[]): boolean {
  return subscriptions.some((subscription) => subscription.postStyle === 'entry-threads');
}

/**
 * How one entry's announcement is posted: as its own thread when a subscription asks for that
 * (the title names the post, the kind may pick the forum's tag), mentioning the role or group
 * of the oldest subscription that chose one. Undefined: a plain message that pings no one.
 */
export function postingFor(
  entry: Entry | undefined,
  subscriptions: readonly StoredSubscription[],
): DeliveryPosting | undefined {
  const mention = subscriptions.find((subscription) => subscription.mention)?.mention;
  const thread =
    entry && wantsThread(subscriptions) ? { entryKey: entry.key, name: entry.title, tag: entry.kind } : undefined;
  if (!mention && !thread) return undefined;
  return { ...(thread ? { thread } : {}), ...(mention ? { mention } : {}) };
}
