import type { Entry } from '../../corpus/entry.ts';
import type { Sql } from '../../store/postgres-database.ts';
import type { SqlConditions } from './conditions.ts';

/**
 * The statement that finds and ranks a query's matches: through the words index, all of them
 * up to a thousand, and the first found when there are more. Its candidates are ranked by title
 * coverage, then text rank.
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
 * A match being ranked: how many of the query's words its title or author names hold decides
 * its order, then its text rank (`score` is both, see COVERED). The whole entry comes along
 * when exact phrases or author names are checked on it (`withEntries`) and the matches fit the
 * window, so that their count is of those that pass. Otherwise it is read for the page shown
 * alone, and checked there (a few hundred entries with their abstracts are megabytes to send,
 * parse and fold for each search).
 */
export interface Candidate {
  readonly key: string;
  readonly score: number;
  readonly entry?: Entry;
}

interface CandidateRow {
  readonly key: string;
  readonly entry: Entry | null;
  readonly score: number;
}

/**
 * How many of the query's words (each a tsquery of `coveredQueries`, parameter $6) a match's
 * title or author names hold: someone who types three words of a title means the entry with
 * all three in its title, above one that repeats two of them through its abstract, which
 * PostgreSQL's cover density alone ranks higher. Checked on the vector already read for the
 * text rank, which is cheaper than splitting titles and author names in Node (see
 * docs/scaling.md, "Measurements behind the design"); the text rank is below 1, so one word
 * more covered always comes first.
 * (Preferring the shorter of two titles that hold as many words, as a field-length norm would,
 * lost more known items on the bench than it found: real titles are long.)
 */
const COVERED = `(SELECT count(*) FROM unnest($6::text[]) AS word(query) WHERE s.tsv @@ to_tsquery('paperbot', word.query))`;

/** The columns of a candidate from `search_entries s`, its whole entry too when asked. */
function candidateColumns(withEntries: boolean): string {
  return `s.key, ${withEntries ? 'CASE WHEN (SELECT matches FROM counted) <= $4 THEN s.entry END AS entry' : 'NULL::jsonb AS entry'}, ${COVERED} + ${TEXT_RANK} AS score`;
}

function candidateOf(row: CandidateRow): Candidate {
  return { key: row.key, score: Number(row.score), entry: row.entry ?? undefined };
}

/**
 * The matches of a query from the words index, unordered, counted up to COUNT_AT_MOST past the
 * window, and the candidates among them, in one statement:
 * - up to COUNT_AT_MOST past the window, all of them (choosing a window of them by RUM's
 *   distance first read each match's vector as often as ranking them all does, and needed a
 *   second look for those titled by the query's words, which the distance may rank low);
 * - past the count, the first `firstFound` the words index gives beside those holding every
 *   word in their title (from the title index: `titleWords`, for a query without author names
 *   or excluded words, whose words are then certainly in the entry's text). Which of thousands
 *   of matches come first is then the table's order among them, ranked again: RUM computes a
 *   distance for every match before it returns the first, a second or more for a word half the
 *   table holds.
 * All are ranked by title coverage and weighted cover density, and the best `window` returned.
 * RUM's index does not order them: with a filter or a weight to check, the planner scans it as a
 * bitmap, tens of milliseconds for thousands of matches (`ts_match_vq` is `@@` where no index is
 * used). `loose` is the query without positions and weights when it has any (withoutPositions),
 * each match of which is checked with the query itself: on each row when there are few
 * (`NARROW_LOOSE_MATCHES`), else by RUM's index, which holds positions. Filters are numbered from $8.
 */
export async function findMatches(
  sql: Sql,
  search: {
    tsquery: string;
    loose: string | undefined;
    titleWords: string | undefined;
    coveredQueries: readonly string[];
    filters: SqlConditions;
    window: number;
    /** Past the count, how many of the first matches the words index gives join the candidates (`firstFound`, $7). */
    firstFound: number;
    withEntries: boolean;
  },
): Promise<{ rows: Candidate[]; matches: number }> {
  const filters = search.filters.conditions.map((condition) => `AND ${condition}`).join(' ');
  const most = search.window + COUNT_AT_MOST + 1;
  const rows = await sql.transaction(async (transaction) => {
    // Matches may be a few in a hundred rows: a scan of the table that stops at the limit would
    // read thousands of rows' text vectors, where the index finds the matches alone.
    await transaction.query('SET LOCAL enable_seqscan = off');
    // One row with the count alone when none is chosen. ($5, the loose query, is named even when
    // absent, so that PostgreSQL knows its type.)
    return transaction.query<(CandidateRow | { [column in keyof CandidateRow]: null }) & { matches: number }>(
      `WITH ${
        search.loose
          ? matchedByPositions(filters)
          : `matched AS MATERIALIZED (
         SELECT key FROM search_entries WHERE $5::text IS NULL AND strip(tsv) @@ to_tsquery('paperbot', $1) ${filters} LIMIT $3
       )`
      }, counted AS (
         SELECT count(*)::int AS matches FROM matched
       ), chosen AS (
         -- all of them up to the count; past it, the first found (LIMIT NULL is none)
         (SELECT key FROM matched LIMIT CASE WHEN (SELECT matches FROM counted) >= $3 THEN $7::int END)
         UNION (
           SELECT key FROM search_entries
           WHERE $2::text IS NOT NULL AND (SELECT matches FROM counted) >= $3 AND title_tsv @@ to_tsquery('paperbot_all', $2) ${filters} LIMIT $4
         )
       )
       SELECT counted.matches, ranked.* FROM counted LEFT JOIN (
         SELECT ${candidateColumns(search.withEntries)} FROM chosen JOIN search_entries s ON s.key = chosen.key ORDER BY score DESC, s.key LIMIT $4
       ) ranked ON true`,
      [
        search.tsquery,
        search.titleWords ?? null,
        most,
        search.window,
        search.loose ?? null,
        search.coveredQueries,
        search.firstFound,
        ...search.filters.values,
      ],
    );
  });
  const ranked = rows.flatMap((row) => (row.key !== null ? [candidateOf(row as CandidateRow)] : []));
  return { rows: ranked, matches: rows[0]?.matches ?? 0 };
}

/**
 * Up to how many matches of a query without its positions (`loose`) are checked for them row by
 * row, each row's vector read and decompressed; past that RUM's index, which holds positions,
 * checks them: rows are faster for a thousand matches, RUM for thousands (see docs/scaling.md,
 * "Measurements behind the design").
 */
const NARROW_LOOSE_MATCHES = 2_000;

/**
 * The `matched` rows of a query with positions or weights: the loose matches found by the words
 * index (without reading their vectors) and, when they are few, each checked with the query.
 */
function matchedByPositions(filters: string): string {
  return `loose AS MATERIALIZED (
         SELECT key FROM search_entries WHERE strip(tsv) @@ to_tsquery('paperbot', $5) ${filters} LIMIT ${NARROW_LOOSE_MATCHES + 1}
       ), matched AS MATERIALIZED (
         (SELECT s.key FROM loose JOIN search_entries s ON s.key = loose.key
          WHERE (SELECT count(*) FROM loose) <= ${NARROW_LOOSE_MATCHES} AND ts_match_vq(s.tsv, to_tsquery('paperbot', $1)) LIMIT $3)
         UNION ALL
         (SELECT key FROM search_entries
          WHERE (SELECT count(*) FROM loose) > ${NARROW_LOOSE_MATCHES} AND strip(tsv) @@ to_tsquery('paperbot', $5) AND tsv @@ to_tsquery('paperbot', $1) ${filters} LIMIT $3)
       )`;
}
