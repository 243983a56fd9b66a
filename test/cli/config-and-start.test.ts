// Starting paperbot: `npm start` opens the console, bad configuration is refused by name with
// exit code 2, and the command line explains itself.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, SEED_DATASET_TITLE, SEED_PAPER_TITLE, SHIPPED_CORPUS, TempDirs } from '../support/corpus-files.ts';
import { cleanEnv, runBin, startBin, stopAllProcesses } from './run-bin.ts';

const dirs = new TempDirs();

afterEach(async () => {
  await stopAllProcesses();
  await dirs.cleanup();
});

describe('npm start', () => {
  it('builds dist/ and runs the compiled bin, `node bin/paperbot.js`', async () => {
    const manifest = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    expect(manifest.scripts?.prestart).toBe('npm run build');
    expect(manifest.scripts?.start).toBe('node bin/paperbot.js');
  });

  // What `npm start` runs, from the sources: the compiled run is scripts/build-production.sh's.
  it('opens the console without platform credentials and answers /paper MSC COVID', async () => {
    const env = cleanEnv({ CORPUS_DIR: SHIPPED_CORPUS, DATA_DIR: await dirs.make() });
    const bot = startBin([], env);
    await bot.waitForOutput('paperbot console: 2 entries.');
    bot.type('/paper MSC COVID');
    await bot.waitForOutput(SEED_PAPER_TITLE, SEED_DATASET_TITLE);
    bot.endInput();
    expect(await bot.exited).toBe(0);
  });
});

describe('bad configuration', () => {
  it('CORPUS_DIR that does not exist: exit 2 and a message naming CORPUS_DIR', async () => {
    const env = cleanEnv({ CORPUS_DIR: '/nonexistent', DATA_DIR: await dirs.make() });
    for (const args of [[], ['ask', '/paper MSC COVID']]) {
      const result = await runBin(args, env);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'paperbot: configuration is not valid:\n  CORPUS_DIR: /nonexistent is not a folder; expected the folder of corpus entries\n',
      );
      expect(result.stdout).toBe('');
    }
  });

  it('lists every invalid setting at once, each by name', async () => {
    const env = cleanEnv({
      CORPUS_DIR: SHIPPED_CORPUS,
      DATA_DIR: await dirs.make(),
      MAX_FILE_BYTES: 'lots',
      LOG_LEVEL: 'loud',
    });
    const result = await runBin([], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^paperbot: configuration is not valid:\n/);
    expect(result.stderr).toMatch(/^ {2}MAX_FILE_BYTES: /m);
    expect(result.stderr).toMatch(/^ {2}LOG_LEVEL: /m);
  });

  it('SEARCH_BACKEND: an unknown engine, or postgres without DATABASE_URL, is named with what is expected', async () => {
    const unknown = await runBin(
      [],
      cleanEnv({ CORPUS_DIR: SHIPPED_CORPUS, DATA_DIR: await dirs.make(), SEARCH_BACKEND: 'elastic' }),
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('SEARCH_BACKEND: expected minisearch (the default) or postgres');
    const alone = await runBin(
      [],
      cleanEnv({
        CORPUS_DIR: SHIPPED_CORPUS,
        DATA_DIR: await dirs.make(),
        SEARCH_BACKEND: 'postgres',
        DATABASE_URL: '',
      }),
    );
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('SEARCH_BACKEND: postgres needs DATABASE_URL');
  });

  it('SEARCH_CONNECTIONS: none, too many or not a number is named with what is expected', async () => {
    for (const value of ['0', '101', 'four']) {
      const result = await runBin(
        [],
        cleanEnv({ CORPUS_DIR: SHIPPED_CORPUS, DATA_DIR: await dirs.make(), SEARCH_CONNECTIONS: value }),
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'SEARCH_CONNECTIONS: expected how many connections each process searches PostgreSQL through, a whole number from 1 to 100',
      );
    }
  });

  it('never prints a secret it refuses', async () => {
    const token = ['xoxb', '1234567890', 'abcdefghijklmnop'].join('-');
    const env = cleanEnv({ CORPUS_DIR: SHIPPED_CORPUS, DATA_DIR: await dirs.make(), SLACK_BOT_TOKEN: token });
    const result = await runBin([], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SLACK_APP_TOKEN or SLACK_SIGNING_SECRET');
    expect(`${result.stdout}${result.stderr}`).not.toContain(token);
  });
});

describe('the command line', () => {
  it('--help prints the usage and exits 0', async () => {
    const result = await runBin(['--help'], cleanEnv({}));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: paperbot \[start\]/);
    expect(result.stdout).toContain('paperbot ask "<command>"');
    expect(result.stdout).toContain('paperbot check [dir]');
  });

  it('an unknown subcommand exits 2 with the usage', async () => {
    const result = await runBin(['serve'], cleanEnv({ CORPUS_DIR: SHIPPED_CORPUS }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^paperbot: unknown subcommand "serve"\nusage: paperbot/);
  });
});
