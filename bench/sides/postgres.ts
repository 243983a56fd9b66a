/**
 * The PostgreSQL search side, in its own process: the real loader, the shared index written as
 * the owner writes it on a first start, then the full command path per query with 1 and with 8
 * clients at once (each client a different user, as on a busy server).
 */
import { readFileSync } from 'node:fs';
import { Bot } from '../../src/bot.ts';
import { Corpus } from '../../src/corpus/corpus.ts';
import { silentLogger } from '../../src/logger.ts';
import { PostgresSearchBackend } from '../../src/search/postgres/backend.ts';
import { describeCapabilities } from '../../src/search/postgres/capabilities.ts';
import { renderReply as renderDiscord } from '../../src/platforms/discord/render.ts';
import { renderReply as renderSlack } from '../../src/platforms/slack/render.ts';
import { entryRef } from '../../src/cards/entry-card.ts';
import type { Caller } from '../../src/command-types.ts';
import type { Reply } from '../../src/reply.ts';
import { RecallTally, peakRssMB, runChild, send, type PostgresSideInput } from './protocol.ts';
import { COMMANDS } from '../../commands/index.ts';

const UNLIMITED = { perUser: Number.MAX_SAFE_INTEGER, perChannel: Number.MAX_SAFE_INTEGER, windowMs: 10_000 };

runChild(async () => {
  const input = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as PostgresSideInput;
  let started = performance.now();
  const corpus = await Corpus.load(input.corpusDir, { maxFileBytes: input.maxFileBytes });
  const loadMs = performance.now() - started;

  const search = await PostgresSearchBackend.open(input.databaseUrl);
  started = performance.now();
  await search.sync(corpus.entries());
  const indexMs = performance.now() - started;
  const sizes = await search.storageBytes();
  const bot = new Bot({ commands: COMMANDS, corpus, logger: silentLogger(), search, rateLimits: UNLIMITED });

  const answer = async (query: string, user: string): Promise<Reply> => {
    const caller: Caller = { platform: 'discord', channelId: 'bench', userId: user, canManageChannel: false };
    const reply = await bot.run('paper', { query }, caller);
    JSON.stringify(renderDiscord(reply));
    JSON.stringify(renderSlack(reply));
    return reply;
  };
  // A running bot's connections have run queries before: the first a connection runs maps the
  // server's shared memory as it goes, and Node compiles the command path on its first calls.
  let warmed = 0;
  const warmUpClient = async (user: string): Promise<void> => {
    for (let i = warmed++; i < input.warmUp.length; i = warmed++) await answer(input.warmUp[i] as string, user);
  };
  await Promise.all(Array.from({ length: Math.max(...input.clients) }, (_, k) => warmUpClient(`warm-up-${k}`)));

  const runs = [];
  for (const clients of input.clients) {
    const latenciesMs: number[] = new Array<number>(input.queries.length);
    const recall = new RecallTally();
    let next = 0;
    const client = async (user: string): Promise<void> => {
      for (let i = next++; i < input.queries.length; i = next++) {
        const query = input.queries[i] as PostgresSideInput['queries'][number];
        const start = performance.now();
        const reply = await answer(query.text, user);
        latenciesMs[i] = performance.now() - start;
        if (query.expectedKey && (query.category === 'known-item' || query.category === 'known-item-typo')) {
          const expected = corpus.get(query.expectedKey);
          recall.record(
            query.category,
            expected !== undefined &&
              reply.cards.slice(0, 5).some((card) => card.footer === `ref ${entryRef(expected)}`),
          );
        }
      }
    };
    started = performance.now();
    await Promise.all(Array.from({ length: clients }, (_, k) => client(`bench-${k}`)));
    runs.push({
      clients,
      latenciesMs,
      wallMs: performance.now() - started,
      recallAt5: recall.rate('known-item'),
      typoRecallAt5: recall.rate('known-item-typo'),
    });
  }
  await search.close();
  await send({
    type: 'postgres-result',
    result: {
      entries: corpus.entries().length,
      runsOn: describeCapabilities(search.capabilities),
      loadMs,
      indexMs,
      ...sizes,
      runs,
      peakRssMB: peakRssMB(),
    },
  });
});
