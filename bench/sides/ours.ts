/**
 * Our side, in its own process: the real loader, the index, the snapshot, and the full command
 * path per query: text -> Bot.run('paper') -> Reply -> Discord payload and Slack payload.
 */
import { createWriteStream, readFileSync, promises as fs } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { Entry } from '../../src/corpus/entry.ts';
import { silentLogger } from '../../src/logger.ts';
import { MiniSearchBackend } from '../../src/search/minisearch-backend.ts';
import { saveIndexSnapshot } from '../../src/search/open-corpus.ts';
import { renderReply as renderDiscord } from '../../src/platforms/discord/render.ts';
import { renderReply as renderSlack } from '../../src/platforms/slack/render.ts';
import { entryRef } from '../../src/cards/entry-card.ts';
import type { Caller } from '../../src/command-types.ts';
import type { Reply } from '../../src/reply.ts';
import { measureBurst } from './burst.ts';
import { RecallTally, peakRssMB, runChild, send, type SideInput } from './protocol.ts';
import { COMMANDS } from '../../commands/index.ts';

const CALLER: Caller = { platform: 'discord', channelId: 'bench', userId: 'bench', canManageChannel: false };
const UNLIMITED = { perUser: Number.MAX_SAFE_INTEGER, perChannel: Number.MAX_SAFE_INTEGER, windowMs: 10_000 };
const WARM_UP_QUERIES = [
  'covid',
  'cell therapy',
  'vaccine author:Smith',
  '"stem cells"',
  'year:2020 kind:dataset',
  'immun',
];

/** The parsed entries, one JSON per line, for the stock side: the same entries without parsing twice. */
async function writeEntries(file: string, entries: readonly Entry[]): Promise<void> {
  const out = createWriteStream(file);
  for (const entry of entries) if (!out.write(`${JSON.stringify(entry)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

runChild(async () => {
  const input = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as SideInput;
  let started = performance.now();
  const corpus = await Corpus.load(input.corpusDir, { maxFileBytes: input.maxFileBytes });
  const loadMs = performance.now() - started;
  await writeEntries(input.entriesFile, corpus.entries());

  started = performance.now();
  const search = MiniSearchBackend.build(corpus.entries());
  // The rate check stays on the path, but one bench user sends hundreds of queries a second.
  const bot = new Bot({ commands: COMMANDS, corpus, logger: silentLogger(), search, rateLimits: UNLIMITED });
  const buildMs = performance.now() - started;
  const entries = await search.count();

  started = performance.now();
  const snapshot = await saveIndexSnapshot(input.dataDir, corpus, input.maxFileBytes);
  const snapshotWriteMs = performance.now() - started;

  const answer = async (query: string): Promise<Reply> => {
    const reply = await bot.run('paper', { query }, CALLER);
    // The payloads are what goes on the wire, so they are serialised as well.
    JSON.stringify(renderDiscord(reply));
    JSON.stringify(renderSlack(reply));
    return reply;
  };
  for (const query of WARM_UP_QUERIES) await answer(query);

  const latenciesMs: number[] = [];
  const recall = new RecallTally();
  for (const query of input.queries) {
    const start = performance.now();
    const reply = await answer(query.text);
    latenciesMs.push(performance.now() - start);
    if (query.expectedKey && (query.category === 'known-item' || query.category === 'known-item-typo')) {
      const expected = corpus.get(query.expectedKey);
      const hit =
        expected !== undefined && reply.cards.slice(0, 5).some((card) => card.footer === `ref ${entryRef(expected)}`);
      recall.record(query.category, hit);
    }
  }

  const incrementalMs: number[] = [];
  await fs.mkdir(path.join(input.corpusDir, 'incremental'), { recursive: true });
  for (const extra of input.extras) {
    const relative = `incremental/${extra.name}`;
    await fs.writeFile(path.join(input.corpusDir, relative), extra.text);
    const start = performance.now();
    const change = await corpus.refreshFile(relative);
    await bot.applyCorpusChange(change);
    incrementalMs.push(performance.now() - start);
    // The title as plain words: a colon or a leading dash in it would read as query syntax.
    const reply = await answer(extra.title.replace(/[":]/g, ' ').replace(/(^|\s)-+/g, '$1'));
    if (change.added.length !== 1 || !reply.cards.some((card) => card.title === extra.title)) {
      throw new Error(
        `the entry added incrementally (${extra.name}) is not found by its title: ${reply.fallback.slice(0, 300)}`,
      );
    }
  }
  const burst = await measureBurst(
    corpus,
    search,
    input.queries.map((query) => query.text),
    UNLIMITED,
  );

  // The cold start that follows must see the corpus as the snapshot has it.
  await fs.rm(path.join(input.corpusDir, 'incremental'), { recursive: true, force: true });

  await send({
    type: 'result',
    result: {
      entries,
      loadMs,
      buildMs,
      snapshotWriteMs,
      snapshotBytes: snapshot.bytes,
      latenciesMs,
      recallAt5: recall.rate('known-item'),
      typoRecallAt5: recall.rate('known-item-typo'),
      incrementalMs,
      peakRssMB: peakRssMB(),
      burst,
    },
  });
});
