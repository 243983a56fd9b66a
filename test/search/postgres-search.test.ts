// What only the PostgreSQL backend has to get right: PostgreSQL's own reading of words, the
// shared table that one owner writes and every replica reads, and the schema set up once.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Corpus } from '../../src/corpus/corpus.ts';
import type { Entry } from '../../src/corpus/entry.ts';
import { PostgresSearchBackend } from '../../src/search/postgres/backend.ts';
import { parseQuery } from '../../src/search/query.ts';
import { Bot } from '../../src/bot.ts';
import { createLogger, silentLogger } from '../../src/logger.ts';
import { CONSOLE_CALLER } from '../../src/platforms/console/session.ts';
import type { SearchBackend } from '../../src/search/search-backend.ts';
import { TempDirs, frontMatterEntry } from '../support/corpus-files.ts';
import { SEARCH_SETUPS, createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres.ts';
import { COMMANDS } from '../../commands/index.ts';

const dirs = new TempDirs();
afterAll(async () => {
  await dirs.cleanup();
});

async function titles(backend: SearchBackend, text: string): Promise<string[]> {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return (await backend.search(parsed.query, { offset: 0, limit: 10 })).hits.map((hit) => hit.entry.title);
}

/** Which of the extensions the search may use are created in a database, and which of its indexes exist. */
async function usedExtensions(url: string): Promise<Record<string, boolean>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ extname: string }>('SELECT extname FROM pg_extension');
    const names = new Set(rows.map((row) => row.extname));
    return { rum: names.has('rum'), pg_trgm: names.has('pg_trgm') };
  } finally {
    await client.end();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describeWithPostgres('PostgreSQL search', () => {
  describe.each(SEARCH_SETUPS)('$name', (setup) => {
    const opened: PostgresSearchBackend[] = [];
    let database: TestDatabase;
    let entries: Entry[];
    const logged = new PassThrough();
    let logs = '';
    logged.on('data', (chunk: Buffer) => {
      logs += chunk.toString();
    });

    async function open(isWriter?: () => Promise<boolean>): Promise<PostgresSearchBackend> {
      const backend = await PostgresSearchBackend.open(database.url, {
        maxConnections: 2,
        isWriter,
        logger: createLogger({ level: 'info', destination: logged }),
      });
      opened.push(backend);
      return backend;
    }

    beforeAll(async () => {
      database = await createTestDatabase(setup);
      const root = await dirs.make({
        'covid.md': frontMatterEntry({
          title: 'COVID-19 pneumonia treated with MSCs',
          abstract: 'Stem cells helped patients with severe COVID-19.',
          year: 2020,
        }),
        'who.md': frontMatterEntry({ title: 'The Who and the What', abstract: 'A study of questions.', year: 2019 }),
        'ab.md': frontMatterEntry({
          title: 'A/B testing of reminder letters',
          abstract: 'Letters raised attendance.',
          year: 2021,
        }),
        'react.md': frontMatterEntry({
          title: 'REACT-1 survey of antibody prevalence',
          abstract: 'Home tests measured antibodies.',
          year: 2021,
        }),
        'soil.md': frontMatterEntry({
          title: 'Soil bacteria under drought',
          abstract: 'Drought changed soil bacteria.',
          year: 2018,
        }),
        'leman.md': frontMatterEntry({
          title: 'Sédiments du lac Léman',
          abstract: 'Carottes de Genève.',
          year: 2017,
        }),
        'survival.md': frontMatterEntry({
          title: 'A scoping review of time-to-event models at the point of care',
          abstract: 'Survival models compared.',
          year: 2022,
        }),
      });
      entries = (await Corpus.load(root)).entries();
    });
    afterAll(async () => {
      for (const backend of opened) await backend.close();
      await database?.drop();
    });

    it('sets its tables up once when several replicas start together on an empty database', async () => {
      const replicas = await Promise.all([open(), open(), open()]);
      await replicas[0]?.sync(entries);
      for (const replica of replicas) expect(await replica.count()).toBe(entries.length);
    });

    it('says in one line at start-up what the search runs on, and runs on it', async () => {
      logs = '';
      await open();
      const lines = logs.split('\n').filter((line) => line.includes('"msg":"search: '));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] as string).msg).toMatch(new RegExp(`^${escapeRegExp(setup.logs)}`));
      const extensions = await usedExtensions(database.url);
      expect(extensions.rum).toBe(!setup.ownRole);
      expect(extensions.pg_trgm).toBe(setup.ownRole?.mayCreateExtensions !== false);
    });

    it('reads a dashed word the way it was indexed, whatever dash or space is typed', async () => {
      const backend = await open();
      for (const text of ['covid-19', 'COVID 19', 'covid‑19', 'react-1', 'REACT 1']) {
        expect(await titles(backend, text), text).toEqual([
          text.toLowerCase().startsWith('react')
            ? 'REACT-1 survey of antibody prevalence'
            : 'COVID-19 pneumonia treated with MSCs',
        ]);
      }
    });

    it('finds words with stop words between them where the stop words stood, in dashed words, phrases and exclusions', async () => {
      const backend = await open();
      const survival = 'A scoping review of time-to-event models at the point of care';
      for (const text of [
        'time-to-event',
        'scoping time-to-event',
        '"time to event"',
        '"review of time"',
        'point-of-care',
        '"point of care" models',
      ]) {
        expect(await titles(backend, text), text).toEqual([survival]);
      }
      expect(
        await titles(backend, 'time-to-models'),
        'words a stop word apart in the query are not next to each other in the title',
      ).toEqual([]);
      expect(await titles(backend, 'models -time-to-event')).toEqual([]);
    });

    it('folds accents in the text and the query alike, with or without unaccent on the server', async () => {
      const backend = await open();
      for (const text of ['leman', 'Léman', 'LÉMAN sediments', '"lac leman"', 'geneve'])
        expect(await titles(backend, text), text).toEqual(['Sédiments du lac Léman']);
    });

    it('reads A/B as two words, not as a file path', async () => {
      const backend = await open();
      expect(await titles(backend, 'A/B testing')).toEqual(['A/B testing of reminder letters']);
      expect(await titles(backend, 'MSCs/pneumonia')).toEqual(['COVID-19 pneumonia treated with MSCs']);
    });

    it('finds a title of stop words alone, which PostgreSQL would drop from the query', async () => {
      const backend = await open();
      expect(await titles(backend, 'The Who')).toEqual(['The Who and the What']);
      expect(await titles(backend, '"the what"')).toEqual(['The Who and the What']);
    });

    it('writes only the entries that changed and drops the ones that left the corpus', async () => {
      const backend = await open();
      expect(await backend.sync(entries)).toEqual({ written: 0, removed: 0 });
      const soil = entries.find((entry) => entry.title.startsWith('Soil')) as Entry;
      const renamed: Entry = { ...soil, title: 'Soil fungi under drought' };
      const changed = entries.filter((entry) => entry !== soil && !entry.title.startsWith('The Who'));
      expect(await backend.sync([...changed, renamed])).toEqual({ written: 1, removed: 1 });
      expect(await titles(backend, 'soil')).toEqual(['Soil fungi under drought']);
      expect(await titles(backend, 'The Who')).toEqual([]);
      await backend.sync(entries);
    });

    it('leaves the shared table to the owner: a replica that does not own the corpus duties writes nothing', async () => {
      const reader = await open(async () => false);
      const owner = await open(async () => true);
      const extra: Entry = { ...(entries[0] as Entry), key: 'title:extra', title: 'Glacier retreat in the Alps' };
      await reader.upsert([extra]);
      expect(await titles(owner, 'glacier')).toEqual([]);
      await owner.upsert([extra]);
      expect(await titles(reader, 'glacier')).toEqual(['Glacier retreat in the Alps']);
      await reader.remove([extra.key]);
      expect(await titles(reader, 'glacier')).toEqual(['Glacier retreat in the Alps']);
      await owner.remove([extra.key]);
      expect(await titles(reader, 'glacier')).toEqual([]);
    });

    it('matches subscriptions strictly: every word, no relaxing to any word', async () => {
      const backend = await open();
      const parsed = parseQuery('drought pneumonia');
      if (!parsed.ok) throw new Error(parsed.error);
      const keys = entries.map((entry) => entry.key);
      expect(await backend.matching(parsed.query, keys)).toEqual(new Set());
      const single = parseQuery('drought');
      if (!single.ok) throw new Error(single.error);
      expect([...(await backend.matching(single.query, keys))]).toEqual([
        entries.find((entry) => entry.title.startsWith('Soil'))?.key,
      ]);
      expect((await titles(backend, 'drought pneumonia')).sort()).toEqual([
        'COVID-19 pneumonia treated with MSCs',
        'Soil bacteria under drought',
      ]);
    });

    it('writes a whole corpus into an empty table in one pass, its text indexes built afterwards', async () => {
      const fresh = await createTestDatabase(setup);
      try {
        const backend = await PostgresSearchBackend.open(fresh.url, { maxConnections: 2 });
        try {
          const template = entries[0] as Entry;
          const many: Entry[] = Array.from({ length: 6_000 }, (_, i) => ({
            ...template,
            key: `title:bulk-${i}`,
            title: `Bulk entry ${i} about ${i % 2 ? 'rivers' : 'lakes'}`,
            abstract: `Number w${i}x${i % 10 ? '' : i % 1000 ? ' tenth' : ' the tenth'}.`,
          }));
          expect(await backend.sync(many)).toEqual({ written: 6_000, removed: 0 });
          expect(await backend.count()).toBe(6_000);
          // What an operator sees: the load vacuumed the table itself, so autovacuum has no reason to read it under the first searches.
          const vacuumed = new pg.Client({ connectionString: fresh.url });
          await vacuumed.connect();
          try {
            const stats = await vacuumed.query<{ relname: string; vacuumed: boolean }>(
              "SELECT relname, last_vacuum IS NOT NULL AS vacuumed FROM pg_stat_user_tables WHERE relname IN ('search_entries', 'search_words') ORDER BY relname",
            );
            expect(stats.rows).toEqual([
              { relname: 'search_entries', vacuumed: true },
              { relname: 'search_words', vacuumed: true },
            ]);
          } finally {
            await vacuumed.end();
          }
          expect(await titles(backend, 'w4321x')).toEqual(['Bulk entry 4321 about rivers']);
          // Counting every match of a common word costs more than the search: past a thousand, "more than".
          const bot = new Bot({
            commands: COMMANDS,
            corpus: await Corpus.load(await dirs.make()),
            logger: silentLogger(),
            search: backend,
          });
          expect((await bot.runLine('/paper w4321x', CONSOLE_CALLER)).heading).toBe('1 entry matches "w4321x"');
          expect((await bot.runLine('/paper lakes', CONSOLE_CALLER)).heading).toBe(
            'More than 1000 entries match "lakes" (page 1 of 200 or more)',
          );
          // The words a first load writes are what typos are corrected to.
          const typo = await bot.runLine('/paper riverz', CONSOLE_CALLER);
          expect(typo.heading).toBe('More than 1000 entries match "riverz" (page 1 of 200 or more)');
          expect(typo.cards[0]?.title).toMatch(/ about rivers$/);
          expect((await bot.runLine('/paper kind:paper', CONSOLE_CALLER)).heading).toBe(
            'More than 1000 entries match "kind:paper" (page 1 of 200 or more)',
          );
          // 600 matches: counted, and all of them ranked.
          expect((await bot.runLine('/paper tenth', CONSOLE_CALLER)).heading).toBe(
            '600 entries match "tenth" (page 1 of 120)',
          );
          // PostgreSQL drops "the" and matches the 600; the exact wording, checked on as many of the
          // best 200 as the page needs, is in 6 of the 600, and the cards are those among the best.
          const sixWithTheWording = new Set(
            [0, 1000, 2000, 3000, 4000, 5000].map((i) => `Bulk entry ${i} about lakes`),
          );
          const exact = await bot.runLine('/paper "the tenth"', CONSOLE_CALLER);
          expect(exact.cards.length).toBeGreaterThan(0);
          expect(exact.cards.filter((card) => !sixWithTheWording.has(card.title))).toEqual([]);
          // Past a thousand matches nothing orders them all: those holding every word in the title come first.
          const bulk = await bot.runLine('/paper bulk entry', CONSOLE_CALLER);
          expect(bulk.heading).toBe('More than 1000 entries match "bulk entry" (page 1 of 200 or more)');
          expect(
            bulk.cards.map((card) => card.title).every((title) => /^Bulk entry \d+ about (rivers|lakes)$/.test(title)),
          ).toBe(true);
          // Every abstract holds "number" and no title does: the first matches the words index gives.
          const number = await bot.runLine('/paper number', CONSOLE_CALLER);
          expect(number.heading).toBe('More than 1000 entries match "number" (page 1 of 200 or more)');
          expect(number.cards).toHaveLength(5);
        } finally {
          await backend.close();
        }
      } finally {
        await fresh.drop();
      }
    });
  });
});
