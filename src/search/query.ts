import type { EntryKind } from '../corpus/entry.ts';

/**
 * The query syntax every platform shares (DESIGN §3):
 * words, `"quoted phrase"`, `author:Zhao`, `year:2020`, `year:2019..2021`, `kind:dataset`, `-word`.
 */
export interface ParsedQuery {
  /** Free words, in order; the last one is matched as a prefix. */
  readonly words: readonly string[];
  readonly phrases: readonly string[];
  readonly excluded: readonly string[];
  readonly authors: readonly string[];
  readonly years?: { readonly from: number; readonly to: number };
  readonly kind?: EntryKind;
}

export type QueryParse =
  | { readonly ok: true; readonly query: ParsedQuery }
  | { readonly ok: false; readonly error: string };

export const QUERY_SYNTAX_HELP =
  'words, "exact phrase", author:Zhao, year:2020 or year:2019..2021, kind:paper|dataset, -word to exclude';

/** Long enough for any real query; longer input is cut rather than refused. */
export const MAX_QUERY_LENGTH = 500;
const MAX_TERMS = 32;
const MIN_YEAR = 1000;
const MAX_YEAR = 2999;
const KNOWN_FILTERS = ['author', 'year', 'kind'] as const;
/** `https:`, `doi:` and the like start references or links, which are searched as words. */
const WORDLIKE_PREFIXES = new Set(['http', 'https', 'doi', 'biostudies', 'title']);

export function parseQuery(input: string): QueryParse {
  const text = sanitise(input).slice(0, MAX_QUERY_LENGTH);
  const words: string[] = [];
  const phrases: string[] = [];
  const excluded: string[] = [];
  const authors: string[] = [];
  let years: ParsedQuery['years'];
  let kind: EntryKind | undefined;

  for (const token of tokenize(text).slice(0, MAX_TERMS)) {
    if (token.quoted) {
      const phrase = token.text.trim();
      if (phrase) phrases.push(phrase);
      continue;
    }
    const filter = /^([A-Za-z]+):(.*)$/s.exec(token.text);
    if (filter?.[1] && !WORDLIKE_PREFIXES.has(filter[1].toLowerCase())) {
      const name = filter[1].toLowerCase();
      const value = (filter[2] ?? '').trim();
      if (!(KNOWN_FILTERS as readonly string[]).includes(name)) {
        return {
          ok: false,
          error: `Unknown filter \`${filter[1].slice(0, 20)}:\`. Filters are author:, year: and kind:.`,
        };
      }
      if (!value) return { ok: false, error: `\`${name}:\` needs a value, for example ${exampleFor(name)}.` };
      if (name === 'author') {
        // A name without a letter or digit (`author:'`) would test nothing, and every entry would pass.
        if (!/[\p{L}\p{N}]/u.test(value))
          return {
            ok: false,
            error: `\`author:${value.slice(0, 20)}\` is not a name: use letters, for example author:Zhao.`,
          };
        authors.push(value);
      } else if (name === 'kind') {
        const lowered = value.toLowerCase().replace(/s$/, '');
        if (lowered !== 'paper' && lowered !== 'dataset') return { ok: false, error: '`kind:` is paper or dataset.' };
        kind = lowered;
      } else {
        const parsed = parseYears(value);
        if (!parsed)
          return {
            ok: false,
            error: `\`year:${value.slice(0, 20)}\` is not a year: use year:2020 or year:2019..2021.`,
          };
        years = parsed;
      }
      continue;
    }
    if (token.text.startsWith('-') && token.text.length > 1) {
      excluded.push(token.text.slice(1));
      continue;
    }
    if (/[\p{L}\p{N}]/u.test(token.text)) words.push(token.text);
  }

  if (!words.length && !phrases.length && !authors.length && !years && !kind) {
    return { ok: false, error: `Type something to search for: ${QUERY_SYNTAX_HELP}.` };
  }
  return { ok: true, query: { words, phrases, excluded, authors, years, kind } };
}

export function isFilterOnly(query: ParsedQuery): boolean {
  return query.words.length === 0 && query.phrases.length === 0;
}

/** Control characters, lone surrogates and invisible marks say nothing to a search and confuse renderers. */
export function sanitise(input: string): string {
  return input
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, ' ')
    .replace(/[\u201c\u201d\u201e]/g, '"')
    .trim();
}

interface Token {
  readonly text: string;
  readonly quoted: boolean;
}

/** Splits on spaces, keeping "quoted phrases" and `filter:"quoted values"` whole; an unbalanced quote runs to the end. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /([A-Za-z]+:)"([^"]*)(?:"|$)|"([^"]*)(?:"|$)|(\S+)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[1] !== undefined) tokens.push({ text: `${match[1]}${match[2] ?? ''}`, quoted: false });
    else if (match[3] !== undefined) tokens.push({ text: match[3], quoted: true });
    else tokens.push({ text: (match[4] ?? '').replace(/"/g, ''), quoted: false });
  }
  return tokens.filter((token) => token.text.length > 0);
}

function parseYears(value: string): { from: number; to: number } | undefined {
  const range = /^(\d{4})?\.\.(\d{4})?$/.exec(value);
  const single = /^(\d{4})$/.exec(value);
  let from: number;
  let to: number;
  if (single?.[1]) from = to = Number(single[1]);
  else if (range && (range[1] || range[2])) {
    from = range[1] ? Number(range[1]) : MIN_YEAR;
    to = range[2] ? Number(range[2]) : MAX_YEAR;
  } else return undefined;
  if (from < MIN_YEAR || to > MAX_YEAR || from > to) return undefined;
  return { from, to };
}

function exampleFor(name: string): string {
  return name === 'author' ? 'author:Zhao' : name === 'year' ? 'year:2020' : 'kind:dataset';
}
