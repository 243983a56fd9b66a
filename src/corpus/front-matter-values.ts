import { cleanText } from './text.ts';
import { texToText } from './tex-text.ts';
import { markdownText, titleHtmlText } from './markdown-text.ts';

/**
 * Front-matter values (strings, numbers, dates, lists, nested lists) as text, bounded so that a
 * YAML alias bomb stays cheap, and made readable: TeX first (a Markdown parser would eat its
 * backslashes), then Markdown and HTML.
 */

/** A YAML alias bomb expands to an enormous tree; anything deeper or wider than this is not an entry field. */
const MAX_NODES_PER_FIELD = 2_000;

/** Text with nothing a Markdown parser would change but whitespace skips it: most abstracts. */
const MARKDOWN_SIGNS = /[*_`[\]<>&\\]|^\s*(?:[-+#>]|\d+[.)])\s/m;

/** Strings from a scalar, a list, or a nested list. */
export function flattenStrings(value: unknown): string[] {
  const out: string[] = [];
  let visited = 0;
  const walk = (node: unknown, depth: number): void => {
    if (++visited > MAX_NODES_PER_FIELD || depth > 8) return;
    if (typeof node === 'string') out.push(node);
    else if (typeof node === 'number' || typeof node === 'boolean') out.push(String(node));
    else if (node instanceof Date) out.push(Number.isNaN(node.getTime()) ? '' : node.toISOString().slice(0, 10));
    else if (Array.isArray(node)) for (const item of node) walk(item, depth + 1);
  };
  walk(value, 0);
  return out;
}

/** Plain text as written, whitespace folded: for identifiers and keywords. */
export function plainValue(value: unknown): string {
  return cleanText(flattenStrings(value).join(' '));
}

/** A title: TeX and HTML made readable, on one line; Markdown signs kept as data. */
export function titleValue(value: unknown): string {
  const raw = flattenStrings(value).join(' ');
  return raw.trim() ? titleHtmlText(texToText(raw)) : '';
}

/** Prose (an abstract, a summary, a venue): TeX, Markdown and HTML made readable, on one line. */
export function proseValue(value: unknown): string {
  const raw = flattenStrings(value).join('\n\n');
  if (!raw.trim()) return '';
  const tex = texToText(raw);
  return MARKDOWN_SIGNS.test(tex) ? markdownText(tex) : cleanText(tex);
}

/** The first of these values that holds any text. */
export function firstPresent(values: readonly unknown[]): unknown {
  return values.find((value) => plainValue(value) !== '');
}

/** The 1-based line where a top-level field starts, for problems; 1 when it cannot be found. */
export function fieldLine(text: string, field: string): number {
  const lines = text.split('\n');
  // `field:` in YAML, `field = ` in TOML.
  const index = lines.findIndex(
    (line) => line.startsWith(`${field}:`) || (line.startsWith(field) && /^\s*=/.test(line.slice(field.length))),
  );
  return index >= 0 ? index + 1 : 1;
}

/**
 * `date` (YAML date, `2015-09-01T00:00:00Z`, `2020-07`), `year`, and CSL's `issued`
 * (`{date-parts: [[2020, 11, 21]]}`, as proceedings sites write it).
 */
export function readDate(
  dateValue: unknown,
  yearValue: unknown,
  issuedValue: unknown,
): { date?: string; year?: number } {
  const yearText = plainValue(yearValue);
  const yearFromField = /^\d{4}$/.test(yearText) ? Number(yearText) : undefined;
  const dateText = plainValue(dateValue) || issuedText(issuedValue);
  const isoMatch = /^(\d{4})(?!\d)(?:-(\d{2}))?(?:-(\d{2}))?/.exec(dateText);
  if (isoMatch?.[1]) {
    const date = [isoMatch[1], isoMatch[2], isoMatch[3]].filter(Boolean).join('-');
    return { date, year: yearFromField ?? Number(isoMatch[1]) };
  }
  return { year: yearFromField };
}

/** Years a date may name; outside them it is a typo or a placeholder, not a publication date. */
export const FIRST_YEAR = 1000;
export const LAST_YEAR = 2999;

/**
 * A `date` field as written in the front matter when its year is out of range. Read from the
 * text: YAML has already turned `0000-01-01` into 1900-01-01 by the time the value is seen.
 */
export function outOfRangeDate(frontMatter: string): string | undefined {
  const written = /^date\s*[:=]\s*["']?([+-]?\d+)-\d[^\s"']*/m.exec(frontMatter);
  if (!written?.[1]) return undefined;
  const year = Number(written[1]);
  return /^\d{4}$/.test(written[1]) && year >= FIRST_YEAR && year <= LAST_YEAR
    ? undefined
    : written[0].replace(/^date\s*[:=]\s*["']?/, '');
}

function issuedText(value: unknown): string {
  const parts =
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
      ? (value as Record<string, unknown>)['date-parts']
      : value;
  const numbers = flattenStrings(parts).filter((part) => /^\d{1,4}$/.test(part.trim()));
  if (numbers.length && /^\d{4}$/.test(numbers[0] ?? ''))
    return numbers
      .slice(0, 3)
      .map((part, i) => (i ? part.padStart(2, '0') : part))
      .join('-');
  return plainValue(value);
}

/** Every string in the front matter, nested ones too, within the bounds flattenStrings keeps. */
export function stringsOf(value: unknown, depth = 0): string[] {
  if (depth > 4) return [];
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date))
    return Object.values(value).flatMap((item) => stringsOf(item, depth + 1));
  if (Array.isArray(value)) return value.slice(0, 200).flatMap((item) => stringsOf(item, depth + 1));
  return typeof value === 'string' ? [value] : [];
}

/** The 1-based line a text first appears on, 1 when it does not. */
export function lineOfText(text: string, needle: string): number {
  const at = text.indexOf(needle);
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}
