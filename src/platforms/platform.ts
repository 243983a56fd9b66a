import type { ChannelSender } from '../notify/delivery.ts';
import type { PlatformName } from '../command-types.ts';

/** A running connection to one chat platform; main starts each one whose credentials are set. */
export interface Platform {
  readonly name: PlatformName;
  /** Connects; rejects with a one-line, secret-free message when it cannot (bad token, port in use). */
  start(): Promise<void>;
  /** Whether it can take commands now (gateway or socket open, HTTP server listening), for readiness. */
  connected(): boolean;
  /** Disconnects and releases sockets; safe to call twice. */
  stop(): Promise<void>;
  /** Posts notifications to this platform's channels. */
  readonly sender: ChannelSender;
}
