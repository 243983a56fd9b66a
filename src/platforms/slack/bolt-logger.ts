import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../logger.ts';

const FROM_PINO: Readonly<Record<string, LogLevel>> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
};

/**
 * Bolt, its Web API client and its Socket Mode client log through ours, so their lines get
 * the same level, format and secret scrubbing as everything else.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack' });
  const line = (parts: readonly unknown[]): string =>
    parts
      .map((part) => (part instanceof Error ? part.message : typeof part === 'string' ? part : safeJson(part)))
      .join(' ');
  return {
    debug: (...parts: unknown[]) => child.debug(line(parts)),
    info: (...parts: unknown[]) => child.info(line(parts)),
    warn: (...parts: unknown[]) => child.warn(line(parts)),
    error: (...parts: unknown[]) => child.error(line(parts)),
    // Our level is set once from LOG_LEVEL; Bolt's attempts to change it are ignored.
    setLevel: () => undefined,
    getLevel: () => FROM_PINO[child.level] ?? LogLevel.ERROR,
    setName: () => undefined,
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
