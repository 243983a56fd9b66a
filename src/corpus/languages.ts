/**
 * Front matter that gives a title or an abstract in several languages, either as blocks
 * (`en: {title, abstract}`, `de: {…}`) or as one field per language (`title: {en: …, de: …}`).
 * The content language (a setting, English by default) is read first, then English, then the
 * first language given; a plain top-level value is used when no block has the field.
 */

export const DEFAULT_CONTENT_LANGUAGE = 'en';

/** `en`, `de`, `pt-BR`, `zh_CN`, `deu`: a key that names a language rather than a field. */
const LANGUAGE_KEY = /^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$/;
/** Fields a language block is recognised by, so that `id:` or `doi:` mappings are not taken for one. */
const BLOCK_FIELDS = ['title', 'subtitle', 'abstract', 'description', 'summary', 'excerpt'];

type Fields = Readonly<Record<string, unknown>>;

function isMapping(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The language blocks of the front matter, in the order they should be read. */
export function languageBlocks(data: Fields, contentLanguage: string): Fields[] {
  const blocks = Object.entries(data).filter(
    ([key, value]) => LANGUAGE_KEY.test(key) && isMapping(value) && BLOCK_FIELDS.some((field) => field in value),
  );
  return orderByLanguage(blocks, contentLanguage).map(([, value]) => value as Fields);
}

/**
 * The value of `field` in the best language: from the language blocks first (the content
 * language wins over a top-level field, which such sites use for a label), then the top-level
 * field itself, picking the best language when it is a per-language mapping.
 */
export function localizedField(data: Fields, field: string, contentLanguage: string): unknown {
  return localizedFields(data, [field], contentLanguage)[0];
}

/**
 * Fields that belong together (a title and its subtitle) from one source: the first of them
 * found decides which block (or the top level) the others are read from.
 */
export function localizedFields(data: Fields, fields: readonly string[], contentLanguage: string): unknown[] {
  const blocks = languageBlocks(data, contentLanguage);
  const lead = fields[0] ?? '';
  const preferred = blocks[0];
  if (preferred && preferred[lead] !== undefined && isPreferredLanguage(data, preferred, contentLanguage))
    return fields.map((field) => preferred[field]);
  const topLevel = pickLanguage(data[lead], contentLanguage);
  if (topLevel !== undefined && topLevel !== null && topLevel !== '')
    return fields.map((field) => pickLanguage(data[field], contentLanguage));
  const fallback = blocks.find((block) => block[lead] !== undefined);
  return fields.map((field) => fallback?.[field]);
}

/** A mapping keyed by languages (`{en: …, de: …}`) gives its best language's value; anything else is itself. */
export function pickLanguage(value: unknown, contentLanguage: string): unknown {
  if (!isMapping(value)) return value;
  const entries = Object.entries(value);
  if (!entries.length || !entries.every(([key]) => LANGUAGE_KEY.test(key))) return value;
  return orderByLanguage(entries, contentLanguage)[0]?.[1];
}

function isPreferredLanguage(data: Fields, block: Fields, contentLanguage: string): boolean {
  const code = Object.keys(data).find((key) => data[key] === block);
  return code !== undefined && (sameLanguage(code, contentLanguage) || sameLanguage(code, DEFAULT_CONTENT_LANGUAGE));
}

function orderByLanguage<T>(entries: [string, T][], contentLanguage: string): [string, T][] {
  const rank = (code: string): number =>
    sameLanguage(code, contentLanguage) ? 0 : sameLanguage(code, DEFAULT_CONTENT_LANGUAGE) ? 1 : 2;
  return [...entries].sort((a, b) => rank(a[0]) - rank(b[0]));
}

/** `en` matches `en`, `en-GB` and `en_US`. */
function sameLanguage(code: string, language: string): boolean {
  return code.toLowerCase().split(/[-_]/)[0] === language.toLowerCase().split(/[-_]/)[0];
}
