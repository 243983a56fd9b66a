import { processTerm, queryTerms, tokenize } from '../fields.ts';
import { MIN_FUZZY_LENGTH, MIN_PREFIX_LENGTH, TYPO_EDITS } from '../minisearch-options.ts';
import type { ParsedQuery } from '../query.ts';

/**
 * A query in PostgreSQL's tsquery syntax, for `to_tsquery('paperbot', text)`: paperbot splits
 * and folds the words (as the MiniSearch backend does) and quotes each one, and PostgreSQL's
 * configuration then drops stop words. Quoting means nothing a user types is ever read as
 * tsquery syntax, and the whole query travels as one parameter.
 */

/** Words close to a query word that the corpus holds, for a word that may be a typo. */
export type Corrections = ReadonlyMap<string, readonly string[]>;

/**
 * A word of the query as index terms: its parts (`covid-19` is `covid`, `19`), how far each
 * part stands from the one before it (`gaps`, see placedTermsOf), and whether the last part is a prefix.
 */
export interface WordTerms {
  readonly parts: readonly string[];
  readonly gaps: readonly number[];
  readonly prefix: boolean;
}

/**
 * The terms of each free word that has any (a word of stop words alone has none); the last
 * word's last part is a prefix. A dashed word stays one phrase (`covid-19` is `covid` then `19`).
 */
export function wordTerms(typed: readonly string[], lastIsPrefix = true): WordTerms[] {
  // `A/B` and `MSC/MSCs` name alternatives or pairs, not one phrase: each side is a word of its own.
  const words = typed.flatMap((word) => word.split('/'));
  const terms: WordTerms[] = [];
  words.forEach((word, index) => {
    const { parts, gaps } = placedTermsOf(word);
    if (!parts.length) return;
    const last = parts.at(-1) as string;
    terms.push({ parts, gaps, prefix: lastIsPrefix && index === words.length - 1 && last.length >= MIN_PREFIX_LENGTH });
  });
  return terms;
}

/**
 * Which terms of these words may be typos, with the edits each may be off by: a word of 7
 * letters or more may be off by two, so that two swapped letters (`wsetern`) are forgiven.
 * Only a word the corpus does not hold is corrected, and the correction is an alternative to
 * what was typed, never a replacement, so a wider allowance than MiniSearch's costs little.
 */
export function typoCandidates(words: readonly WordTerms[]): Map<string, number> {
  const candidates = new Map<string, number>();
  for (const word of words) {
    for (const term of word.parts) {
      if (term.length >= MIN_FUZZY_LENGTH && !/\d/.test(term))
        candidates.set(term, term.length >= MIN_FUZZY_LENGTH + 1 ? TYPO_EDITS + 1 : TYPO_EDITS);
    }
  }
  return candidates;
}

export interface WordsQueryOptions {
  /**
   * Write a prefix as PostgreSQL's prefix operator (`'immun':*`), for the GIN title index only.
   * Otherwise a prefix is the typed word exact, its completions being among `alternatives`:
   * RUM 1.3 crashed the server (a segfault in rum.so) ranking prefix queries with several
   * clients at once (see docs/scaling.md, "How it searches").
   */
  readonly prefixOperator?: boolean;
}

/** The free words, every one required (`&`) or any one enough (`|`), each with its corrections and completions as alternatives. */
export function wordsQuery(
  words: readonly WordTerms[],
  combine: '&' | '|',
  alternatives: Corrections = new Map(),
  options: WordsQueryOptions = {},
): string | undefined {
  const each = words.map((word) => {
    const parts = word.parts.map((part, index) => {
      const prefix = options.prefixOperator && word.prefix && index === word.parts.length - 1 ? '*' : '';
      const typed = quoted(part) + (prefix ? `:${prefix}` : '');
      const near = (alternatives.get(part) ?? []).map(quoted);
      return near.length ? `(${[typed, ...near].join(' | ')})` : typed;
    });
    return parts.length > 1 ? `(${followedBy(parts, word.gaps)})` : (parts[0] as string);
  });
  return each.length ? each.join(` ${combine} `) : undefined;
}

/**
 * One tsquery per free word and per phrase, each true of an entry whose title or author names
 * (weights A and B) hold every part of it, in any order: how many of these an entry meets is
 * its title coverage (candidates.ts). A word's corrections count as the word; its last part, a
 * prefix, counts for any word it starts.
 */
export function coveredQueries(
  words: readonly WordTerms[],
  alternatives: Corrections,
  phrases: readonly string[],
): string[] {
  const named = (term: string, prefix = false): string => `${quoted(term)}:${prefix ? '*' : ''}AB`;
  const each = words.map((word) =>
    word.parts
      .map((part, index) => {
        const prefix = word.prefix && index === word.parts.length - 1;
        return `(${[named(part, prefix), ...(alternatives.get(part) ?? []).map((term) => named(term))].join(' | ')})`;
      })
      .join(' & '),
  );
  const phrased = phrases
    .map((phrase) => placedTermsOf(phrase).parts)
    .filter((parts) => parts.length)
    .map((parts) => parts.map((part) => named(part)).join(' & '));
  return [...each, ...phrased];
}

/** Each quoted phrase as a PostgreSQL phrase; the exact wording is checked on each match afterwards. */
export function phrasesQuery(phrases: readonly string[]): string | undefined {
  const each = phrases
    .map(placedTermsOf)
    .filter(({ parts }) => parts.length)
    .map(({ parts, gaps }) => `(${followedBy(parts.map(quoted), gaps)})`);
  return each.length ? each.join(' & ') : undefined;
}

/**
 * `author:` names: each part an author word (weight B holds the authors), whole: a prefix
 * operator would reach RUM (see WordsQueryOptions). `author:smi` therefore finds no Smith here,
 * where the MiniSearch backend matches the start of a name part.
 */
export function authorsQuery(authors: readonly string[]): string | undefined {
  const each = authors.flatMap(termsOf).map((part) => `${quoted(part)}:B`);
  return each.length ? each.join(' & ') : undefined;
}

/** `-word`s: any one of them drops an entry. */
export function excludedQuery(excluded: readonly string[]): string | undefined {
  const each = excluded
    .map(placedTermsOf)
    .filter(({ parts }) => parts.length)
    .map(({ parts, gaps }) =>
      parts.length > 1 ? `(${followedBy(parts.map(quoted), gaps)})` : quoted(parts[0] as string),
    );
  return each.length ? each.join(' | ') : undefined;
}

/**
 * `-word`s as a tsquery operand (`!('a' | 'b')`), joined to the query's own: the text index
 * then leaves those entries out itself, where a condition beside it read every match's text.
 */
export function notExcludedQuery(excluded: readonly string[]): string | undefined {
  const any = excludedQuery(excluded);
  return any ? `!(${any})` : undefined;
}

/**
 * The same query for a vector without positions or weights (`strip(tsv)`), which PostgreSQL
 * never matches with a phrase or a weight: each phrase as all of its words, each weight gone.
 * It matches every entry the query matches, and some more, which the query itself then drops.
 */
export function withoutPositions(tsquery: string): string {
  // Every operand is quoted (quoted()): a weight follows a closing quote, and `<->` or `<2>` is never inside one.
  return tsquery.replace(/ <(?:-|\d+)> /g, ' & ').replace(/':[A-D]+/g, "'");
}

/** Any of these terms (similar entries). */
export function anyTermQuery(terms: readonly string[]): string | undefined {
  return terms.length ? terms.map(quoted).join(' | ') : undefined;
}

/** Any two of these terms together (`(a & b) | (a & c) | …`). */
export function anyPairQuery(terms: readonly string[]): string | undefined {
  const pairs: string[] = [];
  for (const [i, first] of terms.entries()) {
    for (const second of terms.slice(i + 1)) pairs.push(`(${quoted(first)} & ${quoted(second)})`);
  }
  return pairs.length ? pairs.join(' | ') : undefined;
}

/** Joins the parts that are there with `&`. */
export function allOf(...parts: readonly (string | undefined)[]): string | undefined {
  const present = parts.filter((part): part is string => part !== undefined);
  if (!present.length) return undefined;
  return present.length === 1 ? present[0] : present.map((part) => `(${part})`).join(' & ');
}

/** True when the query has words or phrases, yet every one of them is a stop word ("The Who", "of the"). */
export function onlyStopWords(query: ParsedQuery): boolean {
  if (!query.words.length && !query.phrases.length) return false;
  return [...query.words, ...query.phrases].every((text) => termsOf(text).length === 0);
}

/**
 * The index terms of a text in order, and for each how many places after the one before it a
 * stored vector holds it (1 next to it; the first's is 1 too): a vector is written from the
 * text's words with stop words among them (entry-rows.ts), and PostgreSQL drops those but keeps
 * their places, so `time-to-event` is `'time' <2> 'event'` there, never `'time' <-> 'event'`.
 */
export function placedTermsOf(text: string): { parts: string[]; gaps: number[] } {
  const parts: string[] = [];
  const gaps: number[] = [];
  let gap = 1;
  for (const token of tokenize(text)) {
    if (!token) continue;
    const term = processTerm(token);
    if (term === null) {
      gap += 1;
      continue;
    }
    parts.push(term);
    gaps.push(parts.length === 1 ? 1 : gap);
    gap = 1;
  }
  return { parts, gaps };
}

/** Operands each at its distance from the one before (`a <-> b <3> c`). */
function followedBy(operands: readonly string[], gaps: readonly number[]): string {
  return operands
    .map((operand, i) => (i === 0 ? operand : `${gaps[i] === 1 ? '<->' : `<${gaps[i] ?? 1}>`} ${operand}`))
    .join(' ');
}

/** The index terms of a text: split and folded as both backends do (the MiniSearch backend's own `queryTerms`). */
export const termsOf = queryTerms;

/** A term as a tsquery operand; paperbot's terms hold no quote or backslash, but input is never trusted. */
function quoted(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
