// Two real paperbot processes searching one PostgreSQL index (SEARCH_BACKEND=postgres): both
// answer from it, only the owner of the corpus duties writes it, and when the owner is killed
// the other takes over and indexes what arrived meanwhile.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { SEED_DATASET_TITLE, SEED_PAPER_TITLE, TempDirs, frontMatterEntry } from '../support/corpus-files.ts';
import { SEARCH_SETUPS, createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.ts';
import { describe } from 'vitest';
import { cleanEnv, flatten, runBin, startBin, stopAllProcesses, type RunningProcess } from './run-bin.ts';

const dirs = new TempDirs();
const databases: TestDatabase[] = [];

afterEach(async () => {
  await stopAllProcesses();
  await dirs.cleanup();
});
afterAll(async () => {
  for (const database of databases.splice(0)) await database.drop();
});

/** Asks again until the answer holds `text`: a replica sees the owner's writes as soon as they commit, not before. */
async function askUntil(bot: RunningProcess, line: string, text: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!flatten(bot.stdout).includes(text)) {
    if (Date.now() - started > timeoutMs)
      throw new Error(
        `"${line}" never answered with "${text}"\n--- stdout ---\n${bot.stdout.slice(-3000)}\n--- stderr ---\n${bot.stderr.slice(-3000)}`,
      );
    bot.type(line);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describeWithPostgres('replicas sharing the PostgreSQL search index', () => {
  describe.each(SEARCH_SETUPS)('$name', (setup) => {
    it('a one-shot ask brings an empty or stale shared index up to the corpus before answering', async () => {
      const database = await createTestDatabase(setup);
      databases.push(database);
      const corpus = await dirs.withSeeds();
      const env = cleanEnv({
        CORPUS_DIR: corpus,
        DATA_DIR: await dirs.make(),
        DATABASE_URL: database.url,
        SEARCH_BACKEND: 'postgres',
      });
      // No `start` ever ran on this database: the index is empty until the ask fills it.
      const first = await runBin(['ask', '/paper MSC COVID'], env);
      expect(first.code).toBe(0);
      expect(flatten(first.stdout)).toContain('2 entries match "MSC COVID"');
      expect(flatten(first.stdout)).toContain(SEED_PAPER_TITLE);
      expect(flatten(first.stdout)).toContain(SEED_DATASET_TITLE);
      await writeFile(
        path.join(corpus, 'glacier.md'),
        frontMatterEntry({ title: 'Glacier retreat in the Alps since 1850', abstract: 'Photographs of the ice.' }),
      );
      const stale = await runBin(['ask', '/paper glacier retreat'], env);
      expect(stale.code).toBe(0);
      expect(flatten(stale.stdout)).toContain('1 entry matches "glacier retreat"');
    });

    it('both answer from the shared index, and a survivor takes over the writes when the owner is killed', async () => {
      const database = await createTestDatabase(setup);
      databases.push(database);
      const corpus = await dirs.withSeeds();
      const env = async (): Promise<NodeJS.ProcessEnv> =>
        cleanEnv({
          CORPUS_DIR: corpus,
          DATA_DIR: await dirs.make(),
          DATABASE_URL: database.url,
          SEARCH_BACKEND: 'postgres',
          NOTIFY_POLL_MS: '200',
          LOG_LEVEL: 'info',
        });

      const owner = startBin([], await env());
      await owner.waitForOutput('paperbot console: 2 entries.');
      expect(owner.stderr).toContain('this process owns the corpus duties');
      // One line says what the search runs on, whatever the database offers.
      expect(owner.stderr.split('\n').filter((line) => line.includes('"msg":"search: '))).toEqual([
        expect.stringContaining(`"msg":"${setup.logs}`),
      ]);
      const replica = startBin([], await env());
      await replica.waitForOutput('paperbot console: 2 entries.');
      expect(replica.stderr).not.toContain('this process owns the corpus duties');

      for (const bot of [owner, replica]) {
        bot.type('/paper MSC COVID');
        await bot.waitForOutput(SEED_PAPER_TITLE, SEED_DATASET_TITLE, '2 entries match "MSC COVID"');
      }

      // A one-shot ask beside a running owner leaves the writes to it and answers from the index.
      const asked = await runBin(['ask', '/paper MSC COVID'], await env());
      expect(asked.code).toBe(0);
      expect(flatten(asked.stdout)).toContain('2 entries match "MSC COVID"');

      owner.child.kill('SIGKILL');
      await owner.exited;
      await writeFile(
        path.join(corpus, 'glacier.md'),
        frontMatterEntry({
          title: 'Glacier retreat in the Alps since 1850',
          abstract: 'Photographs show the ice retreating.',
        }),
      );
      await askUntil(replica, '/paper glacier retreat', 'Glacier retreat in the Alps since 1850');
      expect(replica.stderr).toContain('this process owns the corpus duties');
      expect(flatten(replica.stdout)).toContain('1 entry matches "glacier retreat"');
      // Two processes start one after the other and a takeover waits on polls: more than one test's usual time.
    }, 120_000);
  });
});
