import { titleValue } from './front-matter-values.ts';
import { valueAt } from './mapped-fields.ts';
import { foldForMatching } from './text.ts';

/**
 * Fields that hold a page's title on some sites and that the bot did not read into the title:
 * a bilingual site keeps the journal in `title` and the paper's title in `en: {subtitle}`.
 * Named by `check`, with the map line that would read them.
 */

export interface UnreadTitleField {
  /** Where it is, as a map path: `{lang}.subtitle` for the content language's block. */
  readonly path: string;
  readonly text: string;
}

/** Title-like fields, most telling first; `{lang}` is the content language's block. */
const TITLE_LIKE = ['{lang}.title', '{lang}.subtitle', 'subtitle', 'name'];

export function unreadTitleFields(
  data: Readonly<Record<string, unknown>>,
  language: string,
  title: string,
): UnreadTitleField[] {
  const read = foldForMatching(title);
  const unread: UnreadTitleField[] = [];
  for (const candidate of TITLE_LIKE) {
    const text = titleValue(valueAt(data, candidate, language));
    const folded = foldForMatching(text);
    // A few letters (`name: admin`) say nothing about a title.
    if (folded.length < 12 || read.includes(folded)) continue;
    unread.push({ path: candidate, text });
  }
  return unread;
}

/** The map line that reads this field as the title, keeping the page's `title` as the fallback. */
export function titleMapLine(field: string): string {
  return `paperbot.yml: fields: title: ["${field}", title]`;
}

/** The paths list of a titleMapLine in a problem's reason, for `check`'s suggestion. */
export const TITLE_MAP_LINE = /paperbot\.yml: fields: title: (\["[^"]+", title\])/;
