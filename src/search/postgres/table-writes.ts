import type { Entry } from '../../corpus/entry.ts';
import { forEachInChunks } from '../../event-loop-yield.ts';
import type { Database, Sql } from '../../store/postgres-database.ts';
import { entryColumns, entryDigest, entryTerms } from './entry-rows.ts';
import type { SearchCapabilities } from './capabilities.ts';
import { textIndexes } from './schema.ts';

const WRITE_BATCH = 500;
/** Words whose counts go in one statement after a first load. */
const WORD_BATCH = 10_000;
/** Entries hashed between two turns of the event loop when the owner compares the corpus with the table. */
const DIGESTS_PER_YIELD = 2_000;
/** From this many entries into an empty table, the text indexes are built after the rows go in. */
const BULK_LOAD_ENTRIES = 5_000;
/** For that one index build; PostgreSQL's default of 64 MB spills a large RUM build to disk. */
const BULK_LOAD_MEMORY = '256MB';

/** Writes to the shared search table (done by the owner of the corpus duties alone). */
export class SearchTableWrites {
  constructor(
    private readonly database: Database,
    private readonly capabilities: SearchCapabilities,
  ) {}

  /** Makes the table hold exactly these entries, writing only what differs; a first load into an empty table in one pass. */
  async sync(entries: readonly Entry[]): Promise<{ written: number; removed: number }> {
    const stored: Map<string, string> = new Map(
      (await this.database.query<{ key: string; digest: string }>('SELECT key, digest FROM search_entries')).map(
        (row) => [row.key, row.digest],
      ),
    );
    const wasEmpty = stored.size === 0;
    const changed: Entry[] = [];
    // Hashing a million entries is seconds of work: the event loop gets turns between chunks.
    await forEachInChunks(entries, DIGESTS_PER_YIELD, (entry) => {
      if (stored.get(entry.key) !== entryDigest(JSON.stringify(entry))) changed.push(entry);
      stored.delete(entry.key);
    });
    if (wasEmpty && changed.length >= BULK_LOAD_ENTRIES) await this.bulkLoad(changed);
    else await this.write(changed);
    const gone = [...stored.keys()];
    await this.remove(gone);
    return { written: changed.length, removed: gone.length };
  }

  async remove(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += WRITE_BATCH)
      await this.database.query('DELETE FROM search_entries WHERE key = ANY($1)', [keys.slice(i, i + WRITE_BATCH)]);
  }

  /**
   * The whole corpus into the empty table, in one transaction: without its text indexes while
   * rows go in, which are then built in one pass. Nothing was served from the table before,
   * and a reader waits for the commit rather than seeing a half-written index.
   */
  private async bulkLoad(entries: readonly Entry[]): Promise<void> {
    await this.database.transaction(async (sql) => {
      await sql.query(`SET LOCAL maintenance_work_mem = '${BULK_LOAD_MEMORY}'`);
      for (const index of textIndexes(this.capabilities)) await sql.query(`DROP INDEX IF EXISTS ${index.name}`);
      const holding = new Map<string, number>();
      await this.write(entries, sql, holding);
      await this.addWordCounts(holding, sql);
      for (const index of textIndexes(this.capabilities)) await sql.query(index.create);
      // Statistics for the planner at once (the words index's expression has none until then),
      // rather than whenever autovacuum comes by, perhaps under the first searches.
      await sql.query('ANALYZE search_entries');
      await sql.query('ANALYZE search_words');
    });
    // Autovacuum would otherwise come by within the minute for so many new rows, and read the whole
    // table and its indexes under the first searches; done now, it also marks every row as seen by
    // all, so no search pays for that on its first read of a row.
    await this.database.query('VACUUM search_entries, search_words');
  }

  /**
   * Writes the entries and adds them to the counts of entries holding each word: in the table
   * after each batch, or, for a first load, into `holding`, written once after the rows. Counts
   * updated batch after batch in one transaction leave a row version per batch for every common
   * word, and a large first load slowed to a crawl (see docs/scaling.md, "Measurements behind
   * the design").
   */
  async write(entries: readonly Entry[], into?: Sql, holding?: Map<string, number>): Promise<void> {
    // Sorted, so two writers never lock the same rows in opposite orders.
    const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (let i = 0; i < sorted.length; i += WRITE_BATCH) {
      const batch = sorted.slice(i, i + WRITE_BATCH);
      const c = entryColumns(batch);
      await (into ?? this.database).transaction(async (sql) => {
        await sql.query(
          `INSERT INTO search_entries (key, entry, digest, kind, year, accession, title, tsv, title_tsv)
           SELECT key, entry, digest, kind, year, accession, title,
             setweight(to_tsvector('paperbot', title_words), 'A') || setweight(to_tsvector('paperbot', author_words), 'B') ||
               setweight(to_tsvector('paperbot', body_words), 'C') || setweight(to_tsvector('paperbot', id_words), 'D'),
             to_tsvector('paperbot_all', title_words)
           FROM unnest($1::text[], $2::jsonb[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
             AS e(key, entry, digest, kind, year, accession, title, title_words, author_words, body_words, id_words)
           ON CONFLICT (key) DO UPDATE SET entry = excluded.entry, digest = excluded.digest, kind = excluded.kind, year = excluded.year,
             accession = excluded.accession, title = excluded.title, tsv = excluded.tsv, title_tsv = excluded.title_tsv
           WHERE search_entries.digest <> excluded.digest`,
          [
            c.key,
            c.entry,
            c.digest,
            c.kind,
            c.year,
            c.accession,
            c.title,
            c.titleWords,
            c.authorWords,
            c.bodyWords,
            c.idWords,
          ],
        );
        const terms = entryTerms(batch);
        if (holding) for (const term of terms) holding.set(term, (holding.get(term) ?? 0) + 1);
        else {
          // How many entries hold each word (never lowered: it only orders the completions of a prefix).
          await sql.query(
            `INSERT INTO search_words (word, entries) SELECT word, count(*) FROM unnest($1::text[]) AS t(word) GROUP BY word ORDER BY word
             ON CONFLICT (word) DO UPDATE SET entries = search_words.entries + excluded.entries`,
            [terms],
          );
        }
      });
    }
  }

  private async addWordCounts(holding: ReadonlyMap<string, number>, sql: Sql): Promise<void> {
    const words = [...holding.keys()].sort();
    for (let i = 0; i < words.length; i += WORD_BATCH) {
      const batch = words.slice(i, i + WORD_BATCH);
      await sql.query(
        `INSERT INTO search_words (word, entries) SELECT * FROM unnest($1::text[], $2::int[])
         ON CONFLICT (word) DO UPDATE SET entries = search_words.entries + excluded.entries`,
        [batch, batch.map((word) => holding.get(word) ?? 0)],
      );
    }
  }
}
