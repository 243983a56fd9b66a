/**
 * Our cold start, in a fresh process: what `paperbot start` does before it can answer —
 * open the corpus through the snapshot, build the bot. The parent times from spawn to `ready`.
 */
import { readFileSync } from 'node:fs';
import { Bot } from '../../src/bot.ts';
import { silentLogger } from '../../src/logger.ts';
import { openCorpus } from '../../src/search/open-corpus.ts';
import { peakRssMB, runChild, send, type SideInput } from './protocol.ts';
import { COMMANDS } from '../../commands/index.ts';

const started = performance.now();

runChild(async () => {
  const input = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as SideInput;
  const opened = await openCorpus({
    corpusDir: input.corpusDir,
    maxFileBytes: input.maxFileBytes,
    dataDir: input.dataDir,
  });
  const bot = new Bot({ commands: COMMANDS, corpus: opened.corpus, logger: silentLogger(), search: opened.search });
  await send({ type: 'ready' });
  const internalMs = performance.now() - started;
  const answerStarted = performance.now();
  const reply = await bot.run(
    'paper',
    { query: input.queries[0]?.text ?? 'covid' },
    { platform: 'console', channelId: 'bench', userId: 'bench', canManageChannel: true },
  );
  if (reply.tone === 'error') throw new Error(`cold start: the first query failed: ${reply.fallback}`);
  const firstAnswerMs = performance.now() - answerStarted;
  await opened.snapshotSaved;
  await send({
    type: 'cold-start',
    report: {
      internalMs,
      origin: opened.origin,
      snapshotProblem: opened.snapshotProblem,
      reusedFiles: opened.reusedFiles,
      parsedFiles: opened.parsedFiles,
      entries: await bot.search.count(),
      firstAnswerMs,
      peakRssMB: peakRssMB(),
    },
  });
});
