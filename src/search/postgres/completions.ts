import type { Sql } from '../../store/postgres-database.ts';
import type { Corrections, WordTerms } from './tsquery.ts';

/** Completions kept per half-typed word: the words most entries hold. */
const MAX_COMPLETIONS = 8;

/**
 * The corpus words each half-typed last word may stand for, most common first, so a prefix is
 * searched as those words rather than with PostgreSQL's prefix operator (see WordsQueryOptions).
 * Joined with the typo corrections of the same query into one map of alternatives.
 */
export async function withCompletions(
  sql: Sql,
  words: readonly WordTerms[],
  corrections: Corrections,
): Promise<Corrections> {
  const prefixes = words.filter((word) => word.prefix).map((word) => word.parts.at(-1) as string);
  if (!prefixes.length) return corrections;
  const rows = await sql.query<{ prefix: string; words: string[] }>(
    `SELECT p.prefix, array(
       SELECT w.word FROM search_words w
       WHERE w.word LIKE replace(replace(replace(p.prefix, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' AND w.word <> p.prefix
       ORDER BY w.entries DESC, w.word LIMIT $2
     ) AS words
     FROM unnest($1::text[]) AS p(prefix)`,
    [prefixes, MAX_COMPLETIONS],
  );
  const joined = new Map(corrections);
  for (const row of rows) joined.set(row.prefix, [...(corrections.get(row.prefix) ?? []), ...row.words]);
  return joined;
}
