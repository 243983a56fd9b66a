import type { Logger } from './logger.ts';

/**
 * How long stopping may take before the process exits anyway. A connection that cannot close (a
 * gateway reconnecting to an unreachable Discord) must not keep it running; a delivery not yet
 * confirmed stays pending in the store and is sent by the next start.
 */
const STOP_DEADLINE_MS = 8_000;
/** What a race against the stop signal resolves with when the signal came first. */
export const STOP_REQUESTED = Symbol('stop requested');

/**
 * Resolves on the first SIGINT or SIGTERM. From then on a second signal exits at once, and the
 * process exits by itself once STOP_DEADLINE_MS have passed, whatever is still open.
 */
export function stopSignal(logger?: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    const exitCode = (signal: NodeJS.Signals): number => (signal === 'SIGINT' ? 130 : 143);
    const second = (signal: NodeJS.Signals): void => {
      logger?.warn({ signal }, 'second stop signal: exiting at once');
      process.exit(exitCode(signal));
    };
    const first = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      process.once('SIGINT', second);
      process.once('SIGTERM', second);
      logger?.info({ signal }, 'stopping');
      setTimeout(() => {
        logger?.warn({ signal, afterMs: STOP_DEADLINE_MS }, 'stop took too long: exiting; pending deliveries are kept');
        process.exit(exitCode(signal));
      }, STOP_DEADLINE_MS).unref();
      resolve();
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}
