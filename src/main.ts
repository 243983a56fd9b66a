import { Bot } from './bot.ts';
import { Corpus } from './corpus/corpus.ts';
import { formatProblem } from './corpus/problem.ts';
import { environmentWithDotenv, loadConfig, type Config } from './config.ts';
import { createLogger, silentLogger, type Logger } from './logger.ts';
import { checkCorpus } from './cli/check.ts';
import { askOnce } from './cli/ask.ts';
import { ConsoleSession } from './platforms/console/session.ts';
import { createPlatforms } from './platforms/create.ts';

const USAGE = `usage: paperbot [start]            run the bot (console mode when no platform is configured)
       paperbot ask "<command>"    answer one command and exit, e.g. paperbot ask "/paper MSC COVID"
       paperbot check [dir]        validate a corpus folder (default: CORPUS_DIR)`;

async function main(argv: readonly string[]): Promise<number> {
  const [subcommand = 'start', ...rest] = argv;
  if (subcommand === '--help' || subcommand === '-h' || subcommand === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const configResult = loadConfig(environmentWithDotenv());
  if (!configResult.ok && subcommand !== 'check') {
    process.stderr.write(`paperbot: configuration is not valid:\n${configResult.errors.map((error) => `  ${error}`).join('\n')}\n`);
    return 2;
  }
  switch (subcommand) {
    case 'check': {
      const dir = rest[0] ?? (configResult.ok ? configResult.config.corpusDir : process.env.CORPUS_DIR ?? './corpus');
      const outcome = await checkCorpus(dir, configResult.ok ? configResult.config.maxFileBytes : 5 * 1024 * 1024);
      process.stdout.write(`${outcome.lines.join('\n')}\n`);
      return outcome.exitCode;
    }
    case 'ask': {
      if (!configResult.ok) return 2;
      const bot = await openBot(configResult.config, silentLogger());
      const outcome = await askOnce(bot, rest.join(' '));
      if (outcome.stdout) process.stdout.write(`${outcome.stdout}\n`);
      if (outcome.stderr) process.stderr.write(`${outcome.stderr}\n`);
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

async function openBot(config: Config, logger: Logger): Promise<Bot> {
  const corpus = await Corpus.load(config.corpusDir, { maxFileBytes: config.maxFileBytes });
  for (const problem of corpus.problems()) logger.warn({ problem: formatProblem(problem) }, 'corpus problem');
  return new Bot({ corpus, logger });
}

async function start(config: Config, secrets: string[]): Promise<number> {
  const consoleMode = !config.discord && !config.slack;
  // In the console the terminal is the user's; only warnings and worse go to stderr unless asked.
  const logger = createLogger({ level: consoleMode && !process.env.LOG_LEVEL ? 'warn' : config.logLevel, secrets });
  const bot = await openBot(config, logger);
  const problems = bot.corpus.problems();

  if (consoleMode) {
    if (problems.length) process.stderr.write(`${problems.length} corpus problem(s); run paperbot check for details\n`);
    const session = new ConsoleSession(bot, { input: process.stdin, output: process.stdout, ansi: Boolean(process.stdout.isTTY) });
    await session.run();
    return 0;
  }

  const platforms = createPlatforms(config, bot, logger);
  const stopAll = async (): Promise<void> => {
    for (const platform of platforms) await platform.stop().catch((error: unknown) => logger.error({ err: error, platform: platform.name }, 'stop failed'));
  };
  for (const platform of platforms) {
    try {
      await platform.start();
    } catch (error) {
      process.stderr.write(`paperbot: ${platform.name} could not start: ${error instanceof Error ? error.message : String(error)}\n`);
      await stopAll();
      return 1;
    }
  }
  logger.info({ entries: bot.index.size, platforms: platforms.map((p) => p.name) }, 'paperbot started');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stopAll();
  return 0;
}

process.on('unhandledRejection', (reason) => {
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
