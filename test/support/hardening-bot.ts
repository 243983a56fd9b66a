/**
 * One real Bot for a property-test file: the shipped corpus, a real SQLite store behind the
 * subscription commands, and rate limits out of the way (a property runs thousands of commands;
 * the limits have their own tests). Built once per file, closed in afterAll.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Caller } from '../../src/command-types.ts';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { StoreSubscriptionService } from '../../src/notify/store-subscriptions.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import fc from 'fast-check';
import { COMMANDS } from '../../commands/index.ts';

export interface PropertyBot {
  readonly bot: Bot;
  close(): Promise<void>;
}

export async function startPropertyBot(corpusDir = path.resolve('corpus')): Promise<PropertyBot> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'paperbot-hardening-'));
  const store = openSqliteStore(dataDir);
  const corpus = await Corpus.load(corpusDir);
  const bot = new Bot({
    commands: COMMANDS,
    corpus,
    logger: silentLogger(),
    subscriptions: new StoreSubscriptionService(store.subscriptions),
    rateLimits: { perUser: Number.MAX_SAFE_INTEGER, perChannel: Number.MAX_SAFE_INTEGER, windowMs: 1 },
  });
  return {
    bot,
    close: async () => {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Callers of every platform, with and without the channel permission the subscription commands need. */
export const anyCaller: fc.Arbitrary<Caller> = fc.record({
  platform: fc.constantFrom('discord' as const, 'slack' as const, 'console' as const),
  channelId: fc.constantFrom('1100000000000000003', 'C0PAPERS', 'console', 'C0OTHER'),
  userId: fc.constantFrom('1100000000000000004', 'U0READER', 'console'),
  canManageChannel: fc.boolean(),
});

/** The number of cases each property runs; the issue asks for at least 2 000 in CI. */
export const CASES_PER_PROPERTY = 2_000;

/**
 * Runs take seconds to under a minute (each hostile-corpus case re-indexes entries in MiniSearch);
 * shrinking a 10 000-character counterexample can take many minutes, so a run (shrinking
 * included) stops at this limit and fails with what it has found so far.
 */
export const PROPERTY_TIMEOUT_MS = 180_000;
export const PROPERTY_RUN_OPTIONS = {
  numRuns: CASES_PER_PROPERTY,
  interruptAfterTimeLimit: 150_000,
  markInterruptAsFailure: true,
} as const;

/** Runs properties and keeps how many cases each ran (shrinking not counted), for the figure printed at the end. */
export class PropertyRunner {
  private readonly counts = new Map<string, number>();

  async check<Ts>(name: string, property: fc.IRawProperty<Ts>): Promise<void> {
    const details = await fc.check(property, PROPERTY_RUN_OPTIONS);
    this.counts.set(name, details.numRuns);
    if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? `property "${name}" failed`);
  }

  report(file: string): void {
    const lines = [...this.counts].map(([property, cases]) => `  ${property}: ${cases} cases`);
    console.log(`${file}\n${lines.join('\n')}`);
  }
}
