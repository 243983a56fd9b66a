import type { Sql } from '../../store/postgres-database.ts';
import type { Corrections } from './tsquery.ts';

/** Nearest words kept per possible typo: enough for a swapped or dropped letter, few enough to stay precise. */
const MAX_CORRECTIONS = 3;

/**
 * For each term that may be a typo and is not itself a word of the corpus, the corpus words within its
 * allowed edits, nearest first: candidates by trigram similarity (`pg_trgm`, indexed), then
 * the edit distance checked exactly (`fuzzystrmatch`). One round trip for the whole query.
 */
export async function findCorrections(sql: Sql, candidates: ReadonlyMap<string, number>): Promise<Corrections> {
  if (!candidates.size) return new Map();
  const terms = [...candidates.keys()];
  const rows = await sql.query<{ term: string; near: string[] }>(
    `SELECT t.term, coalesce((
        SELECT array_agg(c.word ORDER BY c.distance, c.word)
        FROM (
          SELECT w.word, levenshtein_less_equal(w.word, t.term, t.edits) AS distance
          FROM search_words w
          WHERE w.word % t.term
          ORDER BY similarity(w.word, t.term) DESC
          LIMIT 50
        ) c
        WHERE c.distance <= t.edits AND c.word <> t.term
      ), '{}') AS near
     FROM unnest($1::text[], $2::int[]) AS t(term, edits)
     WHERE NOT EXISTS (SELECT 1 FROM search_words k WHERE k.word = t.term)`,
    [terms, terms.map((term) => candidates.get(term))],
  );
  return new Map(rows.filter((row) => row.near.length).map((row) => [row.term, row.near.slice(0, MAX_CORRECTIONS)]));
}
