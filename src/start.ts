import path from 'node:path';
import { warmUpCitations } from './citation/citation-js.ts';
import type { CommandDefinition } from './command-types.ts';
import type { Config } from './config.ts';
import { openSources, type OpenedSources } from './corpus-sources.ts';
import { CorpusSync } from './corpus-sync.ts';
import { FIELD_MAP_FILE, loadFieldMap } from './corpus/field-map.ts';
import { formatProblem } from './corpus/problem.ts';
import { Discussions } from './discuss/discussions.ts';
import { ServiceHealth } from './health/service-health.ts';
import { GIT_WEBHOOK_MAX_BYTES, GIT_WEBHOOK_PATH, gitWebhook } from './http/git-webhook.ts';
import { HttpListener } from './http/http-listener.ts';
import { createLogger, type Logger } from './logger.ts';
import { ConsoleSender } from './notify/console-sender.ts';
import { startNotifications, type Notifications } from './notify/notifications.ts';
import { StoreSubscriptionService } from './notify/store-subscriptions.ts';
import { consoleFilesDir, openBot, type OpenedBot } from './open-bot.ts';
import { ConsoleSession } from './platforms/console/session.ts';
import { createPlatforms } from './platforms/create.ts';
import { STOP_REQUESTED, stopSignal } from './stop-signal.ts';
import { corpusOwnership, openStore } from './store/open-store.ts';
import type { CorpusOwnership } from './store/ownership.ts';
import { writeRunLock } from './store/sqlite/run-lock.ts';
import type { Store } from './store/store.ts';

/**
 * `paperbot start`: the store, the sources and the corpus, the index kept in step, notifications,
 * the bot's own endpoints, and each configured platform (or the console); resolves with the exit
 * code once a stop signal has stopped them. `onLogger` is told the process's logger as soon as there is one.
 */
export async function start(
  config: Config,
  secrets: string[],
  commands: readonly CommandDefinition[],
  onLogger: (logger: Logger) => void,
): Promise<number> {
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
  onLogger(logger);
  // Marks where loading the code ends and the start-up work (store, corpus, index) begins.
  logger.info('paperbot starting');
  // One citation thread loads citeproc and reads its styles (a second or two) from the first
  // moment, beside the store and corpus work; platforms connect once it is done, so no one's first
  // Cite waits on it. The second thread warms up once they are connected, off the start-up path.
  // The console has no Cite button to hurry for.
  const citationsReady = consoleMode
    ? Promise.resolve()
    : warmUpCitations(1).then(
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
    opened = await openBot({
      config,
      logger,
      commands,
      ownership,
      stopSaving: stopping.signal,
      subscriptions: new StoreSubscriptionService(store.subscriptions),
      discussions: new Discussions(store.discussions),
      folders: sources.folders,
      health,
    });
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
  warmUpCitations().catch((error: unknown) =>
    logger.warn({ err: error }, 'the second citation thread could not be prepared now; it loads on first use'),
  );
  await stopped;
  await stopAll();
  logger.info('paperbot stopped');
  // A client library may still hold a timer or a socket it failed to close; nothing is left to do.
  process.exit(0);
}
