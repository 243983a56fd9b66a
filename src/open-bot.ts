import path from 'node:path';
import { Bot } from './bot.ts';
import { terminalProgress } from './cli/progress.ts';
import type { CommandDefinition, SubscriptionService } from './command-types.ts';
import type { Config } from './config.ts';
import type { CorpusFolders } from './corpus/folders.ts';
import { formatProblem } from './corpus/problem.ts';
import type { Discussions } from './discuss/discussions.ts';
import type { ServiceHealth } from './health/service-health.ts';
import type { Logger } from './logger.ts';
import { openCorpus } from './search/open-corpus.ts';
import type { SearchBackend } from './search/search-backend.ts';
import type { CorpusOwnership } from './store/ownership.ts';

export interface OpenedBot {
  readonly bot: Bot;
  readonly snapshotSaved: Promise<void>;
  /** What this process does on becoming the owner of the corpus duties (the shared index's writes). */
  readonly onOwnership?: () => Promise<void>;
}

export interface OpenBotOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Every command the bot answers, handed over by the composition root. */
  readonly commands: readonly CommandDefinition[];
  readonly ownership: CorpusOwnership;
  /** Aborted when the process stops: a snapshot still being written is given up. */
  readonly stopSaving: AbortSignal;
  readonly subscriptions?: SubscriptionService;
  readonly discussions?: Discussions;
  /** The corpus folder and each source's; the corpus folder alone when absent. */
  readonly folders?: CorpusFolders;
  /** A running service measures its searches and commands and answers /paper status. */
  readonly health?: ServiceHealth;
}

/** Reads the corpus into its search backend (a snapshot's index, or the shared PostgreSQL index) and builds the bot on it. */
export async function openBot(options: OpenBotOptions): Promise<OpenedBot> {
  const { config, logger, commands, ownership, stopSaving, subscriptions, discussions, folders, health } = options;
  const service = health ? { onCommand: health.onCommand, status: health.status } : {};
  const measured = (search: SearchBackend): SearchBackend => (health ? health.search(search) : search);
  // A first start of a large corpus reads every file: a terminal is shown how far it has got.
  const progress = terminalProgress(process.stderr, 'Reading the corpus');
  if (config.searchBackend === 'postgres' && config.databaseUrl) {
    // Loaded only when asked for, like the PostgreSQL store.
    const { openSharedCorpus } = await import('./search/postgres/open-shared-corpus.ts');
    const shared = await openSharedCorpus({
      corpusDir: folders ?? config.corpusDir,
      maxFileBytes: config.maxFileBytes,
      language: config.corpusLanguage,
      databaseUrl: config.databaseUrl,
      searchConnections: config.searchConnections,
      logger,
      ownership,
      onProgress: (done, total) => progress?.update(done, total),
    });
    progress?.end();
    for (const problem of shared.corpus.problems()) logger.warn({ problem: formatProblem(problem) }, 'corpus problem');
    const bot = new Bot({
      commands,
      corpus: shared.corpus,
      search: measured(shared.search),
      logger,
      subscriptions,
      discussions,
      rateLimits: config.rateLimits,
      ...service,
    });
    return { bot, snapshotSaved: Promise.resolve(), onOwnership: shared.onOwnership };
  }
  // The index snapshot under DATA_DIR makes a restart cheap: only files changed since are parsed.
  const { corpus, search, snapshotSaved } = await openCorpus({
    corpusDir: folders ?? config.corpusDir,
    maxFileBytes: config.maxFileBytes,
    language: config.corpusLanguage,
    dataDir: config.dataDir,
    logger,
    onProgress: (done, total) => progress?.update(done, total),
    stopSaving,
  });
  progress?.end();
  for (const problem of corpus.problems()) logger.warn({ problem: formatProblem(problem) }, 'corpus problem');
  return {
    bot: new Bot({
      commands,
      corpus,
      search: measured(search),
      logger,
      subscriptions,
      discussions,
      rateLimits: config.rateLimits,
      ...service,
    }),
    snapshotSaved,
  };
}

/** Where the console writes a reply's files (a timeline chart), beside the store. */
export function consoleFilesDir(config: Config): string {
  return path.join(config.dataDir, 'files');
}
