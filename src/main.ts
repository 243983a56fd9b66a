import { COMMANDS } from '../commands/index.ts';
import { consoleFilesDir, openBot } from './open-bot.ts';
import { start } from './start.ts';
import { DEFAULT_CORPUS_DIR, environmentWithDotenv, loadConfig } from './config.ts';
import { DEFAULT_MAX_FILE_BYTES } from './corpus/corpus.ts';
import { silentLogger, type Logger } from './logger.ts';
import { checkCorpus } from './cli/check.ts';
import { askOnce } from './cli/ask.ts';
import { registerDiscordFromConfig } from './cli/register-discord.ts';
import { backupStore, restoreStore } from './cli/backup.ts';
import { corpusOwnership } from './store/open-store.ts';
import { SoleOwnership } from './store/ownership.ts';
import { openSources, type OpenedSources } from './corpus-sources.ts';

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
      const { bot, onOwnership } = await openBot({
        config: configResult.config,
        logger: silentLogger(),
        commands: COMMANDS,
        ownership,
        stopSaving: new AbortController().signal,
        folders: sources.folders,
      });
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
      return start(configResult.config, configResult.secrets, COMMANDS, (logger) => {
        processLogger = logger;
      });
    default:
      process.stderr.write(`paperbot: unknown subcommand "${subcommand.slice(0, 40)}"\n${USAGE}\n`);
      return 2;
  }
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
