import path from 'node:path';
import { COMMANDS } from '../commands/index.ts';
import { Bot } from './bot.ts';
import { openCorpus } from './search/open-corpus.ts';
import { formatProblem } from './corpus/problem.ts';
import { DEFAULT_CORPUS_DIR, environmentWithDotenv, loadConfig, type Config } from './config.ts';
import { DEFAULT_MAX_FILE_BYTES } from './corpus/corpus.ts';
import { FIELD_MAP_FILE, loadFieldMap } from './corpus/field-map.ts';
import { createLogger, silentLogger, type Logger } from './logger.ts';
import { checkCorpus } from './cli/check.ts';
import { terminalProgress } from './cli/progress.ts';
import { askOnce } from './cli/ask.ts';
import { registerDiscordFromConfig } from './cli/register-discord.ts';
import { backupStore, restoreStore } from './cli/backup.ts';
import { writeRunLock } from './store/sqlite/run-lock.ts';
import { ConsoleSession } from './platforms/console/session.ts';
import { createPlatforms } from './platforms/create.ts';
import { corpusOwnership, openStore } from './store/open-store.ts';
import type { Store } from './store/store.ts';
import { SoleOwnership, type CorpusOwnership } from './store/ownership.ts';
import { StoreSubscriptionService } from './notify/store-subscriptions.ts';
import { Discussions } from './discuss/discussions.ts';
import { warmUpCitations } from './citation/citation-js.ts';
import { startNotifications, type Notifications } from './notify/notifications.ts';
import { CorpusSync } from './corpus-sync.ts';
import { HttpListener } from './http/http-listener.ts';
import { ServiceHealth } from './health/service-health.ts';
import { ConsoleSender } from './notify/console-sender.ts';
import type { SubscriptionService } from './command-types.ts';
import { openSources, type OpenedSources } from './corpus-sources.ts';
import type { CorpusFolders } from './corpus/folders.ts';
import { GIT_WEBHOOK_MAX_BYTES, GIT_WEBHOOK_PATH, gitWebhook } from './http/git-webhook.ts';
import type { SearchBackend } from './search/search-backend.ts';

const USAGE = `usage: paperbot [start]            run the bot (console mode when no platform is configured)
       paperbot ask "<command>"    answer one command and exit, e.g. paperbot ask "/paper MSC COVID"
       paperbot check [dir] [--json]  report on a corpus folder (default: CORPUS_DIR): problems,
                                   entries and fields per format; exit 1 when anything is not served
       paperbot register-discord   register the slash commands with Discord (one guild when DISCORD_GUILD_ID is set)
       paperbot backup FILE        write a consistent copy of the SQLite store, also while the bot runs
       paperbot restore FILE       replace the SQLite store with a backup (refused while a bot runs on it)`;

async function main(argv: readonly string[]): Promise<number> {
  const [subcommand = 'start', ...rest] = argv;
  if (subcommand === '--help' || subcommand === '-h' || subcommand === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const env = environmentWithDotenv();
  const configResult = loadConfig(env);
  if (!configResult.ok && subcommand !== 'check') {
    process.stderr.write(
      `paperbot: configuration is not valid:\n${configResult.errors.map((error) => `  ${error}`).join('\n')}\n`,
    );
    return 2;
  }
  switch (subcommand) {
    case 'check': {
      const json = rest.includes('--json');
      const given = rest.find((arg) => arg !== '--json');
      // With a source configured and no folder named, check brings it up to date and checks what the bot would serve.
      let sources: OpenedSources | undefined;
      if (!given && configResult.ok && (configResult.config.git || configResult.config.zotero)) {
        try {
          sources = await openSources(configResult.config, silentLogger());
        } catch (error) {
          process.stderr.write(`paperbot: ${error instanceof Error ? error.message : String(error)}\n`);
          return 2;
        }
      }
      const dir =
        sources?.folders ??
        given ??
        (configResult.ok ? configResult.config.corpusDir : (env.CORPUS_DIR ?? DEFAULT_CORPUS_DIR));
      const outcome = await checkCorpus(
        dir,
        configResult.ok ? configResult.config.maxFileBytes : DEFAULT_MAX_FILE_BYTES,
        {
          json,
          language: configResult.ok ? configResult.config.corpusLanguage : undefined,
          progress: process.stderr,
        },
      ).finally(() => sources?.close());
      process.stdout.write(`${outcome.lines.join('\n')}\n`);
      return outcome.exitCode;
    }
    case 'ask': {
      if (!configResult.ok) return 2;
      const sources = await openSources(configResult.config, silentLogger());
      // One question starts no watcher, so it owns nothing it could hold up; with the shared
      // PostgreSQL index it first brings the index up to the corpus, as a `start` would, unless a
      // running process owns the corpus duties (and so keeps the index current).
      const shared = configResult.config.searchBackend === 'postgres' && configResult.config.databaseUrl;
      const ownership = shared ? await corpusOwnership(configResult.config, silentLogger()) : new SoleOwnership();
      const { bot, onOwnership } = await openBot(
        configResult.config,
        silentLogger(),
        ownership,
        new AbortController().signal,
        undefined,
        undefined,
        sources.folders,
      );
      await sources.close();
      if (onOwnership) {
        try {
          if (await ownership.tryAcquire()) await onOwnership();
        } finally {
          // Asking opened the lock's connection whether or not it was taken.
          await ownership.release();
        }
      }
      const outcome = await askOnce(bot, rest.join(' '), consoleFilesDir(configResult.config)).finally(() =>
        bot.search.close?.(),
      );
      if (outcome.stdout) process.stdout.write(`${outcome.stdout}\n`);
      if (outcome.stderr) process.stderr.write(`${outcome.stderr}\n`);
      return outcome.exitCode;
    }
    case 'register-discord': {
      if (!configResult.ok) return 2;
      const outcome = await registerDiscordFromConfig(configResult.config, COMMANDS);
      (outcome.exitCode === 0 ? process.stdout : process.stderr).write(`${outcome.lines.join('\n')}\n`);
      return outcome.exitCode;
    }
    case 'backup':
    case 'restore': {
      if (!configResult.ok) return 2;
      const outcome =
        subcommand === 'backup'
          ? await backupStore(configResult.config, rest[0])
          : restoreStore(configResult.config, rest[0]);
      (outcome.exitCode === 0 ? process.stdout : process.stderr).write(`${outcome.lines.join('\n')}\n`);
      return outcome.exitCode;
    }
    case 'start':
      if (!configResult.ok) return 2;
      return start(configResult.config, configResult.secrets);
    default:
      process.stderr.write(`paperbot: unknown subcommand "${subcommand.slice(0, 40)}"\n${USAGE}\n`);
      return 2;
  }
}

interface OpenedBot {
  readonly bot: Bot;
  readonly snapshotSaved: Promise<void>;
  /** What this process does on becoming the owner of the corpus duties (the shared index's writes). */
  readonly onOwnership?: () => Promise<void>;
}

async function openBot(
  config: Config,
  logger: Logger,
  ownership: CorpusOwnership,
  stopSaving: AbortSignal,
  subscriptions?: SubscriptionService,
  discussions?: Discussions,
  folders?: CorpusFolders,
  health?: ServiceHealth,
): Promise<OpenedBot> {
  // A running service measures its searches and commands and answers /paper status.
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
      commands: COMMANDS,
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
      commands: COMMANDS,
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
function consoleFilesDir(config: Config): string {
  return path.join(config.dataDir, 'files');
}

/**
 * How long stopping may take before the process exits anyway. A connection that cannot close (a
 * gateway reconnecting to an unreachable Discord) must not keep it running; a delivery not yet
 * confirmed stays pending in the store and is sent by the next start.
 */
const STOP_DEADLINE_MS = 8_000;
const STOP_REQUESTED = Symbol('stop requested');

/**
 * Resolves on the first SIGINT or SIGTERM. From then on a second signal exits at once, and the
 * process exits by itself once STOP_DEADLINE_MS have passed, whatever is still open.
 */
function stopSignal(logger?: Logger): Promise<void> {
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

async function start(config: Config, secrets: string[]): Promise<number> {
  // A map someone wrote is meant to change what is served: serving (and announcing, once) pages
  // under the fields it was written to replace would be worse than not starting.
  const fieldMap = await loadFieldMap(config.corpusDir);
  if (!fieldMap.ok) {
    const [first] = fieldMap.problems;
    const where = first ? formatProblem({ ...first, path: path.join(config.corpusDir, first.path) }) : FIELD_MAP_FILE;
    process.stderr.write(`paperbot: the field map is not valid: ${where}\n`);
    return 2;
  }
  const consoleMode = !config.discord && !config.slack;
  // In the console the terminal is the user's; only warnings and worse go to stderr unless asked.
  const logger = createLogger({ level: consoleMode && !process.env.LOG_LEVEL ? 'warn' : config.logLevel, secrets });
  processLogger = logger;
  // Marks where loading the code ends and the start-up work (store, corpus, index) begins.
  logger.info('paperbot starting');
  // The citation worker loads citeproc and reads its styles (a second or two) from the first moment,
  // beside the store and corpus work; platforms connect once it is done, so no one's first Cite
  // waits on it. The console has no Cite button to hurry for.
  const citationsReady = consoleMode
    ? Promise.resolve()
    : warmUpCitations().then(
        () => logger.info('citation styles ready'),
        (error: unknown) =>
          logger.warn({ err: error }, 'citation styles could not be prepared now; the first Cite will load them'),
      );
  // The bot's own endpoints open first, so /healthz answers (and /readyz says what it waits for)
  // while the store and the corpus load. Other routes (webhooks) are registered by their owners.
  const health = new ServiceHealth({
    alerts: config.deliveryAlerts,
    searchBackend: config.searchBackend,
    logger,
  });
  const http = new HttpListener(logger);
  health.routes(http);
  if (config.http) {
    try {
      const address = await http.listen(config.http.port, config.http.host);
      logger.info({ host: address.address, port: address.port }, 'HTTP endpoints listening');
    } catch (error) {
      process.stderr.write(
        `paperbot: HEALTH_PORT ${config.http.port} on ${config.http.host} could not be opened: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return 1;
    }
  }
  let store: Store;
  try {
    store = health.store(await openStore(config, logger));
  } catch (error) {
    process.stderr.write(`paperbot: ${error instanceof Error ? error.message : String(error)}\n`);
    await http.close();
    return 1;
  }
  // `paperbot restore` refuses to replace the SQLite store while this process holds it.
  const releaseRunLock = config.databaseUrl ? () => undefined : writeRunLock(config.dataDir);
  let sources: OpenedSources;
  try {
    sources = await openSources(config, logger);
  } catch (error) {
    process.stderr.write(`paperbot: ${error instanceof Error ? error.message : String(error)}\n`);
    await store.close();
    await http.close();
    releaseRunLock();
    return 1;
  }
  const git = sources.git;
  if (git && config.git?.webhookSecret) {
    http.route(
      'POST',
      GIT_WEBHOOK_PATH,
      gitWebhook(config.git.webhookSecret, () => git.fetchNow(), logger),
      {
        maxBodyBytes: GIT_WEBHOOK_MAX_BYTES,
      },
    );
  }
  const loadedAt = new Date();
  const stopping = new AbortController();
  let opened: OpenedBot;
  let ownership: CorpusOwnership;
  try {
    ownership = await corpusOwnership(config, logger);
    opened = await openBot(
      config,
      logger,
      ownership,
      stopping.signal,
      new StoreSubscriptionService(store.subscriptions),
      new Discussions(store.discussions),
      sources.folders,
      health,
    );
  } catch (error) {
    process.stderr.write(`paperbot: ${error instanceof Error ? error.message : String(error)}\n`);
    await sources.close();
    await store.close();
    await http.close();
    releaseRunLock();
    return 1;
  }
  const { bot, snapshotSaved, onOwnership } = opened;
  health.attachCore({ bot, store });
  // The index follows the corpus folder whether or not anything is announced.
  const sync = new CorpusSync(bot, logger, config.notifications.watcher);
  const closeAll = async (): Promise<void> => {
    // A snapshot still being written is given up: the next start writes it again.
    stopping.abort();
    health.stop();
    await http.close();
    await sources.close();
    await snapshotSaved;
    await bot.search.close?.();
    await store.close();
    releaseRunLock();
  };
  if (consoleMode) {
    const problems = bot.corpus.problems();
    if (problems.length) process.stderr.write(`${problems.length} corpus problem(s); run paperbot check for details\n`);
    const session = new ConsoleSession(bot, {
      input: process.stdin,
      output: process.stdout,
      ansi: Boolean(process.stdout.isTTY),
      filesDir: consoleFilesDir(config),
    });
    const senders = [health.sender(new ConsoleSender((reply) => session.printReply(reply)))];
    const notifications = await startNotifications({
      bot,
      store,
      senders,
      logger,
      changes: sync,
      options: config.notifications,
      ownership,
      onOwnership,
    })
      .then(async (started) => {
        await sync.start(loadedAt);
        health.attachOwnership(() => started.owner());
        health.start();
        return started;
      })
      .catch(async (error: unknown) => {
        await closeAll();
        throw new Error(`notifications could not start: ${error instanceof Error ? error.message : String(error)}`);
      });
    // A signal ends the session as Ctrl-D would: an end-of-input closes its line reader.
    void stopSignal(logger).then(() => process.stdin.push(null));
    await session.run();
    await sync.stop();
    await notifications.stop();
    await closeAll();
    return 0;
  }

  const platforms = createPlatforms(config, bot, logger, store.takenRequests);
  // All start-up work on this thread (watching the folder, catching up, the ledger) is done before
  // any platform connects, so no command is accepted that would wait behind it past the platforms'
  // 3 s. The snapshot is written on a thread of its own meanwhile and after. The senders post
  // through the platforms' APIs, which need no open connection.
  let notifications: Notifications;
  try {
    notifications = await startNotifications({
      bot,
      store,
      senders: platforms.map((platform) => health.sender(platform.sender)),
      logger,
      changes: sync,
      options: config.notifications,
      ownership,
      onOwnership,
    });
    await sync.start(loadedAt);
    health.attachOwnership(() => notifications.owner());
    health.start();
  } catch (error) {
    process.stderr.write(
      `paperbot: notifications could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await closeAll();
    return 1;
  }
  // From here a signal stops what has started, even a platform still connecting (Discord unreachable).
  const stopped = stopSignal(logger);
  await citationsReady;
  health.attachPlatforms(platforms);
  const stopAll = async (): Promise<void> => {
    await sync.stop();
    await notifications.stop();
    for (const platform of platforms)
      await platform
        .stop()
        .catch((error: unknown) => logger.error({ err: error, platform: platform.name }, 'stop failed'));
    await closeAll();
  };
  for (const platform of platforms) {
    try {
      const starting = platform.start();
      // Stopping abandons the start; its failure then is of no interest.
      starting.catch(() => undefined);
      if ((await Promise.race([starting, stopped.then(() => STOP_REQUESTED)])) === STOP_REQUESTED) {
        await stopAll();
        logger.info('paperbot stopped');
        process.exit(0);
      }
    } catch (error) {
      process.stderr.write(
        `paperbot: ${platform.name} could not start: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      await stopAll();
      return 1;
    }
  }
  logger.info({ entries: await bot.search.count(), platforms: platforms.map((p) => p.name) }, 'paperbot started');
  await stopped;
  await stopAll();
  logger.info('paperbot stopped');
  // A client library may still hold a timer or a socket it failed to close; nothing is left to do.
  process.exit(0);
}

/** Set once the bot runs, so a stray rejection is logged with the same secret scrubbing as the rest. */
let processLogger: Logger | undefined;

process.on('unhandledRejection', (reason) => {
  if (processLogger) processLogger.error({ err: reason }, 'unexpected error (unhandled rejection)');
  else
    process.stderr.write(`paperbot: unexpected error: ${reason instanceof Error ? reason.message : String(reason)}\n`);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`paperbot: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
