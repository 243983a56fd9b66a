import type { Sql } from '../../store/postgres-database.ts';
import type { Corrections } from './tsquery.ts';

/** Nearest words kept per possible typo: enough for a swapped or dropped letter, few enough to stay precise. */
const MAX_CORRECTIONS = 3;
/** Candidates read per term, before their edit distance is checked. */
const NEAREST_BY_TRIGRAMS = 50;
/** Without pg_trgm: candidates read per term among the words of its first letter and a near length, most common first. */
const NEAREST_BY_LETTER = 2_000;

/**
 * For each term that may be a typo and is not itself a word of the corpus, the corpus words within its
 * allowed edits, nearest first. One round trip for the whole query. The candidates come from
 * the words table: with pg_trgm the 50 most similar by trigrams (indexed; a typo anywhere), else
 * the most common words that start with the term's first letter and are as long give or take the
 * edits (the prefix index; a typo in the first letter is then not corrected). The edit distance
 * is checked here, so no other extension is needed.
 */
export async function findCorrections(
  sql: Sql,
  candidates: ReadonlyMap<string, number>,
  trigrams: boolean,
): Promise<Corrections> {
  if (!candidates.size) return new Map();
  const terms = [...candidates.keys()];
  const nearest = trigrams
    ? `SELECT w.word FROM search_words w WHERE w.word % t.term ORDER BY similarity(w.word, t.term) DESC LIMIT ${NEAREST_BY_TRIGRAMS}`
    : `SELECT w.word FROM search_words w
       WHERE w.word LIKE replace(replace(replace(left(t.term, 1), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
         AND length(w.word) BETWEEN length(t.term) - t.edits AND length(t.term) + t.edits
       ORDER BY w.entries DESC LIMIT ${NEAREST_BY_LETTER}`;
  const rows = await sql.query<{ term: string; edits: number; near: string[] }>(
    `SELECT t.term, t.edits, array(${nearest}) AS near
     FROM unnest($1::text[], $2::int[]) AS t(term, edits)
     WHERE NOT EXISTS (SELECT 1 FROM search_words k WHERE k.word = t.term)`,
    [terms, terms.map((term) => candidates.get(term))],
  );
  const corrections = new Map<string, string[]>();
  for (const row of rows) {
    const near = row.near
      .map((word) => ({ word, distance: editDistance(word, row.term, row.edits) }))
      .filter((found) => found.distance <= row.edits && found.word !== row.term)
      .sort((a, b) => a.distance - b.distance || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0))
      .slice(0, MAX_CORRECTIONS)
      .map((found) => found.word);
    if (near.length) corrections.set(row.term, near);
  }
  return corrections;
}

/** Levenshtein distance of two words, or `most + 1` as soon as it is certainly more than `most`. */
export function editDistance(a: string, b: string, most: number): number {
  if (Math.abs(a.length - b.length) > most) return most + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let smallest = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current.push(value);
      smallest = Math.min(smallest, value);
    }
    if (smallest > most) return most + 1;
    previous = current;
  }
  return Math.min(previous[b.length] as number, most + 1);
}
