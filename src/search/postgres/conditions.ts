import type { ParsedQuery } from '../query.ts';
import { authorsQuery, excludedQuery } from './tsquery.ts';

/**
 * The SQL conditions of a query's filters, as text with numbered parameters and their values:
 * kind, years, a set of keys, excluded words and author prefixes.
 */

/** The filter words each row's tsvector carries (no word paperbot indexes holds `@`). */
export const KIND_LEXEME = '@kind:';
export const YEAR_LEXEME = '@year:';
/** A span of years up to this long is looked up in the index, one filter word per year; a longer one is checked on each match. */
const MAX_YEARS_IN_INDEX = 60;

export interface FilterScope {
  readonly query: ParsedQuery;
  readonly keys?: readonly string[];
}

export interface SqlConditions {
  readonly conditions: string[];
  readonly values: unknown[];
  /** A tsquery parameter (`$n::tsquery`) of filter words for the ranked query to be joined with. */
  readonly indexFilter?: string;
}

/**
 * Conditions on kind, years, keys and excluded words, numbered from `$first`. With `inIndex`,
 * kind and a span of years are a tsquery of the filter words every row's tsvector carries,
 * for the ranked query to be joined with (`indexFilter`, the first value), so the RUM index
 * applies them while it walks its matches instead of each match being read to check them.
 */
export function sqlConditions(scope: FilterScope, first: number, inIndex = false): SqlConditions {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (condition: (slot: string) => string, value: unknown): void => {
    values.push(value);
    conditions.push(condition(`$${first + values.length - 1}`));
  };
  const { kind, years } = scope.query;
  const yearsInIndex = years !== undefined && years.to - years.from < MAX_YEARS_IN_INDEX;
  const lexemes = inIndex ? [...(kind ? [`'${KIND_LEXEME}${kind}'`] : []), ...(years && yearsInIndex ? [yearsQuery(years)] : [])] : [];
  let indexFilter: string | undefined;
  if (lexemes.length) {
    values.push(lexemes.join(' & '));
    indexFilter = `$${first}::tsquery`;
  }
  if (kind && !indexFilter) add((slot) => `kind = ${slot}`, kind);
  if (years && !(inIndex && yearsInIndex)) {
    add((slot) => `year >= ${slot}`, years.from);
    add((slot) => `year <= ${slot}`, years.to);
  }
  if (scope.keys) add((slot) => `key = ANY(${slot})`, scope.keys);
  const excluded = excludedQuery(scope.query.excluded);
  if (excluded) add((slot) => `NOT (tsv @@ to_tsquery('paperbot', ${slot}))`, excluded);
  return { conditions, values, indexFilter };
}

/** The conditions of a query without words: its filters, author prefixes among them. */
export function filterOnlyConditions(query: ParsedQuery, scope: { keys?: readonly string[] }, first: number): SqlConditions {
  const base = sqlConditions({ query, keys: scope.keys }, first);
  const authors = authorsQuery(query.authors);
  if (!authors) return base;
  return { conditions: [...base.conditions, `tsv @@ to_tsquery('paperbot', $${first + base.values.length})`], values: [...base.values, authors] };
}

/** `year:2014..2019` as the filter words of those years, any one of them. */
function yearsQuery(years: { readonly from: number; readonly to: number }): string {
  const each: string[] = [];
  for (let year = years.from; year <= years.to; year++) each.push(`'${YEAR_LEXEME}${year}'`);
  return each.length > 1 ? `(${each.join(' | ')})` : (each[0] as string);
}
