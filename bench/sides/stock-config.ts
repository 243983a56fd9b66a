import type { Options, SearchOptions } from 'minisearch';
import type { Entry } from '../../src/corpus/entry.ts';
import { INDEXED_FIELDS, fieldText } from '../../src/search/fields.ts';

/** A stock MiniSearch: the fields to index and one stored field, every other option at its default. */
export interface StockDocument {
  readonly id: string;
  readonly [field: string]: string;
}

export const STOCK_OPTIONS: Options<StockDocument> = { fields: [...INDEXED_FIELDS], storeFields: ['title'] };
export const STOCK_SEARCH: SearchOptions = { prefix: true, fuzzy: 0.2 };
/** Stock's own persistence: `JSON.stringify(miniSearch)`, read back with `MiniSearch.loadJSON`. */
export const STOCK_DUMP = 'stock-minisearch.json';

export function stockDocument(entry: Entry): StockDocument {
  return { id: entry.key, ...Object.fromEntries(INDEXED_FIELDS.map((field) => [field, fieldText(entry, field)])) };
}
