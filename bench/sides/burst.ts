/**
 * Does one user's burst hold up another user? One user sends BURST searches at once (the
 * bench's own queries, in turn), another user sends one search in the middle of them; the
 * other's answer time is compared with the same search alone, and the event loop's delay is
 * sampled throughout (what a Discord heartbeat or a button press would wait).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Bot } from '../../src/bot.ts';
import type { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import type { RateLimits } from '../../src/rate-limit.ts';
import type { SearchBackend } from '../../src/search/search-backend.ts';
import type { Caller } from '../../src/command-types.ts';
import type { BurstFigures } from './protocol.ts';
import { COMMANDS } from '../../commands/index.ts';

export const BURST = 1_000;
const OTHER_QUERY = 'MSC COVID';

const caller = (userId: string): Caller => ({
  platform: 'discord',
  channelId: 'bench',
  userId,
  canManageChannel: false,
});

export async function measureBurst(
  corpus: Corpus,
  search: SearchBackend,
  queries: readonly string[],
  unlimited: RateLimits,
): Promise<BurstFigures> {
  const limited = new Bot({ commands: COMMANDS, corpus, search, logger: silentLogger() });
  const open = new Bot({ commands: COMMANDS, corpus, search, logger: silentLogger(), rateLimits: unlimited });
  const alone = await timeOne(open, 'alone');
  const withLimits = await burst(limited, queries, 'limited');
  const withoutLimits = await burst(open, queries, 'unlimited');
  return {
    commands: BURST,
    otherAloneMs: round(alone),
    otherInBurstMs: round(withLimits.otherMs),
    loopDelayMaxMs: round(withLimits.loopMaxMs),
    burstMs: round(withLimits.allMs),
    unlimitedOtherInBurstMs: round(withoutLimits.otherMs),
    unlimitedLoopDelayMaxMs: round(withoutLimits.loopMaxMs),
    unlimitedLoopDelayP99Ms: round(withoutLimits.loopP99Ms),
    unlimitedBurstMs: round(withoutLimits.allMs),
  };
}

async function timeOne(bot: Bot, userId: string): Promise<number> {
  const started = performance.now();
  await bot.run('paper', { query: OTHER_QUERY }, caller(userId));
  return performance.now() - started;
}

async function burst(
  bot: Bot,
  queries: readonly string[],
  label: string,
): Promise<{ otherMs: number; allMs: number; loopMaxMs: number; loopP99Ms: number }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const flooder = `flooder-${label}`;
  const started = performance.now();
  const pending: Promise<unknown>[] = [];
  let other: Promise<number> | undefined;
  for (let i = 0; i < BURST; i++) {
    if (i === BURST / 2) other = timeOne(bot, `other-${label}`);
    pending.push(bot.run('paper', { query: queries[i % queries.length] as string }, caller(flooder)));
  }
  const otherMs = await (other as Promise<number>);
  await Promise.all(pending);
  const allMs = performance.now() - started;
  delay.disable();
  return { otherMs, allMs, loopMaxMs: delay.max / 1e6, loopP99Ms: delay.percentile(99) / 1e6 };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
