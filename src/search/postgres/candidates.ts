import type { Entry } from '../../corpus/entry.ts';
import type { Sql } from '../../store/postgres-database.ts';
import type { SqlConditions } from './conditions.ts';

/**
 * The statements that find and rank a query's matches: through the words index when they need
 * no order (few enough to rank them all, or too many to order them all), through the RUM index's
 * distance in between. Each returns candidates for ranking again by title coverage.
 */

/**
 * A match's text rank, below 1: cover density with weights for D (accession, DOI), C (summary,
 * abstract, journal), B (authors) and A (title), as rank / (rank + 1). (Adding the title's cover
 * density alone, to favour the typed words standing close together, lost known items on the bench.)
 */
export const TEXT_RANK = `ts_rank_cd('{0.1,0.2,0.5,1}', tsv, to_tsquery('paperbot', $1), 32)`;
/** Matches counted past the ranked window; past that a reply says "more than". */
export const COUNT_AT_MOST = 800;

/**
 * A match being ranked: its title and author names decide the order with its text rank; the
 * whole entry only when exact phrases or author names are checked on it (`withEntries`), else
 * read for the page shown alone (a few hundred entries with their abstracts are megabytes to
 * send and parse for each search).
 */
export interface Candidate {
  readonly key: string;
  readonly title: string;
  readonly authors: readonly string[];
  readonly score: number;
  readonly entry?: Entry;
}

interface CandidateRow {
  readonly key: string;
  readonly title: string;
  readonly authors: string[] | null;
  readonly entry: Entry | null;
  readonly score: number;
}

/** The columns of a candidate from `search_entries s`, its whole entry too when asked. */
function candidateColumns(withEntries: boolean): string {
  return `s.key, s.title, s.entry->'authors' AS authors, ${withEntries ? 's.entry' : 'NULL::jsonb AS entry'}`;
}

function candidateOf(row: CandidateRow): Candidate {
  return { key: row.key, title: row.title, authors: row.authors ?? [], score: Number(row.score), entry: row.entry ?? undefined };
}

/**
 * The matches of a query from the words index, unordered, counted up to COUNT_AT_MOST past the
 * window; in the same statement, when they fit the window, all of them ranked by weighted cover
 * density, and when they pass the count, the first the index gives beside those holding every
 * word in their title (from the title index: `titleWords`, for a query without author names or
 * excluded words, whose words are then certainly in the entry's text). Which of thousands of
 * matches come first is then the table's order among them, ranked again, not the best cover
 * density of all: RUM computes a distance for every match before it returns the first, a
 * second or more for a word half the table holds. Between the two, no rows: the RUM index
 * orders them (nearestMatches). `loose` is the query without positions and weights when it has
 * any (withoutPositions), each match of which is checked with the query itself. Filters are
 * numbered from $6.
 */
export async function findMatches(sql: Sql, search: { tsquery: string; loose: string | undefined; titleWords: string | undefined; filters: SqlConditions; window: number; withEntries: boolean }): Promise<{ rows: Candidate[]; matches: number }> {
  const filters = search.filters.conditions.map((condition) => `AND ${condition}`).join(' ');
  const most = search.window + COUNT_AT_MOST + 1;
  const rows = await sql.transaction(async (transaction) => {
    // Matches may be a few in a hundred rows: a scan of the table that stops at the limit would
    // read thousands of rows' text vectors, where the index finds the matches alone.
    await transaction.query('SET LOCAL enable_seqscan = off');
    // One row with the count alone when none is chosen.
    return transaction.query<(CandidateRow | { [column in keyof CandidateRow]: null }) & { matches: number }>(
      `WITH matched AS MATERIALIZED (
         SELECT key FROM search_entries
         WHERE strip(tsv) @@ to_tsquery('paperbot', coalesce($5, $1)) AND ($5::text IS NULL OR tsv @@ to_tsquery('paperbot', $1)) ${filters} LIMIT $3
       ), counted AS (
         SELECT count(*)::int AS matches FROM matched
       ), chosen AS (
         SELECT key FROM matched WHERE (SELECT matches FROM counted) <= $4
         UNION (SELECT key FROM matched WHERE (SELECT matches FROM counted) >= $3 LIMIT $4)
         UNION (
           SELECT key FROM search_entries
           WHERE $2::text IS NOT NULL AND (SELECT matches FROM counted) >= $3 AND title_tsv @@ to_tsquery('paperbot_all', $2) ${filters} LIMIT $4
         )
       )
       SELECT counted.matches, ranked.* FROM counted LEFT JOIN (
         SELECT ${candidateColumns(search.withEntries)}, ${TEXT_RANK} AS score FROM chosen JOIN search_entries s ON s.key = chosen.key
       ) ranked ON true`,
      [search.tsquery, search.titleWords ?? null, most, search.window, search.loose ?? null, ...search.filters.values],
    );
  });
  const ranked = rows.flatMap((row) => (row.key !== null ? [candidateOf(row as CandidateRow)] : []));
  return { rows: ranked, matches: rows[0]?.matches ?? 0 };
}

/**
 * In one statement: the nearest `window` matches of a tsquery by the RUM index's distance and
 * the nearest of those holding every word in the title (among thousands of matches of common
 * words, an entry titled by them may rank below 200 others), ranked by weighted cover density.
 * Filters are numbered from $4.
 */
export async function nearestMatches(sql: Sql, search: { tsquery: string; inTitles: string | undefined; filters: SqlConditions; window: number; withEntries: boolean }): Promise<Candidate[]> {
  const filters = search.filters.conditions.map((condition) => `AND ${condition}`).join(' ');
  const rows = await sql.query<CandidateRow>(
    `WITH chosen AS (
       (SELECT key FROM search_entries WHERE tsv @@ to_tsquery('paperbot', $1) ${filters} ORDER BY tsv <=> to_tsquery('paperbot', $1) LIMIT $2)
       UNION (
         SELECT key FROM search_entries
         WHERE $3::text IS NOT NULL AND tsv @@ to_tsquery('paperbot', $3) ${filters}
         ORDER BY tsv <=> to_tsquery('paperbot', $3) LIMIT $2
       )
     )
     SELECT ${candidateColumns(search.withEntries)}, ${TEXT_RANK} AS score FROM chosen JOIN search_entries s ON s.key = chosen.key`,
    [search.tsquery, search.window, search.inTitles ?? null, ...search.filters.values],
  );
  return rows.map(candidateOf);
}

