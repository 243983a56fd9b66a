import type { ParsedQuery } from '../query.ts';
import { authorsQuery, excludedQuery, withoutPositions } from './tsquery.ts';

/**
 * The SQL conditions of a query's filters, as text with numbered parameters and their values:
 * kind, years, a set of keys, excluded words and author name parts.
 */

export interface FilterScope {
  readonly query: ParsedQuery;
  readonly keys?: readonly string[];
}

export interface SqlConditions {
  readonly conditions: string[];
  readonly values: unknown[];
}

/**
 * Conditions on kind, years, keys and excluded words, numbered from `$first`; without the
 * excluded words when the tsquery holds them already (notExcludedQuery).
 */
export function sqlConditions(
  scope: FilterScope,
  first: number,
  options: { readonly excludedInQuery?: boolean } = {},
): SqlConditions {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (condition: (slot: string) => string, value: unknown): void => {
    values.push(value);
    conditions.push(condition(`$${first + values.length - 1}`));
  };
  const { kind, years } = scope.query;
  if (kind) add((slot) => `kind = ${slot}`, kind);
  if (years) {
    add((slot) => `year >= ${slot}`, years.from);
    add((slot) => `year <= ${slot}`, years.to);
  }
  if (scope.keys) add((slot) => `key = ANY(${slot})`, scope.keys);
  const excluded = options.excludedInQuery ? undefined : excludedQuery(scope.query.excluded);
  if (excluded) add((slot) => `NOT (tsv @@ to_tsquery('paperbot', ${slot}))`, excluded);
  return { conditions, values };
}

/** The conditions of a query without words: its filters, author name parts among them. */
export function filterOnlyConditions(
  query: ParsedQuery,
  scope: { keys?: readonly string[] },
  first: number,
): SqlConditions {
  const base = sqlConditions({ query, keys: scope.keys }, first);
  const authors = authorsQuery(query.authors);
  if (!authors) return base;
  // The words index (on `strip(tsv)`) finds the entries naming them; the weights are checked on each.
  const slot = first + base.values.length;
  return {
    conditions: [
      ...base.conditions,
      `strip(tsv) @@ to_tsquery('paperbot', $${slot + 1})`,
      `tsv @@ to_tsquery('paperbot', $${slot})`,
    ],
    values: [...base.values, authors, withoutPositions(authors)],
  };
}
