// The console end to end: the real bin with no platform credentials opens a terminal session;
// a user types commands, reads answers, and leaves with `exit` or Ctrl-D.
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_DATASET_TITLE, SEED_PAPER_TITLE, SHIPPED_CORPUS, TempDirs } from '../support/corpus-files.ts';
import { cleanEnv, flatten, startBin, stopAllProcesses } from './run-bin.ts';

const dirs = new TempDirs();

afterEach(async () => {
  await stopAllProcesses();
  await dirs.cleanup();
});

async function consoleEnv(): Promise<NodeJS.ProcessEnv> {
  return cleanEnv({ CORPUS_DIR: SHIPPED_CORPUS, DATA_DIR: await dirs.make() });
}

const STACK_TRACE = /\n\s+at .+:\d+:\d+/;

describe('paperbot console', () => {
  it('answers /paper MSC COVID with both seed titles, then exits 0 on `exit`', async () => {
    const bot = startBin([], await consoleEnv());
    await bot.waitForOutput('paperbot console: 2 entries.');
    bot.type('/paper MSC COVID');
    await bot.waitForOutput(SEED_PAPER_TITLE, SEED_DATASET_TITLE);
    expect(flatten(bot.stdout)).toContain('2 entries match "MSC COVID"');
    bot.type('exit');
    expect(await bot.exited).toBe(0);
    expect(bot.stdout).toContain('bye');
    expect(bot.stderr).not.toMatch(STACK_TRACE);
  });

  it('exits 0 when its input ends (Ctrl-D)', async () => {
    const bot = startBin([], await consoleEnv());
    await bot.waitForOutput('paperbot>');
    bot.endInput();
    expect(await bot.exited).toBe(0);
  });

  it('answers an unknown command with one line of help and no stack trace, and keeps going', async () => {
    const bot = startBin([], await consoleEnv());
    await bot.waitForOutput('paperbot>');
    bot.type('hello there');
    bot.type('/paper foo:bar');
    await bot.waitForOutput('Unknown filter `foo:`. Filters are author:, year: and kind:.');
    expect(bot.stdout).toContain(
      'paperbot> Unknown command "hello". Try /paper <words to search> or /paper help.\npaperbot> ',
    );
    bot.type('/paper kind:dataset COVID');
    await bot.waitForOutput('1 entry matches "kind:dataset COVID"');
    bot.endInput();
    expect(await bot.exited).toBe(0);
    expect(`${bot.stdout}\n${bot.stderr}`).not.toMatch(STACK_TRACE);
  });

  it('presses a card button by its number: Similar on the first result', async () => {
    const bot = startBin([], await consoleEnv());
    await bot.waitForOutput('paperbot>');
    bot.type('/paper author:Leng');
    await bot.waitForOutput('[1] Summary', '[2] Similar');
    bot.type('2');
    await bot.waitForOutput(`Similar to: ${SEED_PAPER_TITLE}`);
    bot.type('exit');
    expect(await bot.exited).toBe(0);
  });
});
