export type PlatformName = 'discord' | 'slack' | 'console';

/** Subscriptions and deliveries belong to one channel of one platform. */
export interface ChannelRef {
  readonly platform: PlatformName;
  readonly channelId: string;
}

/** A time column as ISO text: SQLite stores it so, PostgreSQL returns timestamptz as a Date. */
export function isoTime(value: string | Date): string {
  return typeof value === 'string' ? value : value.toISOString();
}
