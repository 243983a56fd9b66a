// Subscriptions, deliveries and discussions belong to one channel of one platform; the
// platform names are the core's one list.
export type { ChannelRef, PlatformName } from '../command-types.ts';

/** A time column as ISO text: SQLite stores it so, PostgreSQL returns timestamptz as a Date. */
export function isoTime(value: string | Date): string {
  return typeof value === 'string' ? value : value.toISOString();
}
