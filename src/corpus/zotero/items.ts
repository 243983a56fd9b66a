import { cleanText } from '../text.ts';

/**
 * What a Zotero item (the API's JSON with `include=csl,data`) means to the corpus: a
 * bibliographic item is an entry, written as its CSL-JSON; notes and attachments are not; a
 * child note titled "Summary" (or tagged `summary`) lends its text to its parent.
 */

/** The CSL key the CSL-JSON reader takes an entry's own summary from. */
export const SUMMARY_FIELD = 'paperbot-summary';

export interface ZoteroItem {
  readonly key: string;
  readonly version: number;
  /** An entry (its CSL), a summary note of `parent`, or nothing the corpus serves. */
  readonly role:
    | { readonly kind: 'entry'; readonly csl: Readonly<Record<string, unknown>> }
    | { readonly kind: 'summary'; readonly parent: string; readonly text: string }
    | { readonly kind: 'other' };
  /** `meta.createdByUser`: the name, else the username, of who added it (group libraries). */
  readonly addedBy?: string;
  /** The item's collections; a child item has none of its own. */
  readonly collections: readonly string[];
  readonly parent?: string;
}

const NOT_ENTRIES = new Set(['note', 'attachment', 'annotation']);

/** One element of an items response; undefined when it is not an item at all. */
export function readItem(value: unknown): ZoteroItem | undefined {
  if (!isRecord(value) || typeof value.key !== 'string' || !/^[A-Z0-9]{8}$/.test(value.key)) return undefined;
  const data = isRecord(value.data) ? value.data : {};
  const version = typeof value.version === 'number' ? value.version : Number(data.version ?? 0);
  const parent = typeof data.parentItem === 'string' ? data.parentItem : undefined;
  const base = {
    key: value.key,
    version,
    addedBy: creator(value.meta),
    collections: Array.isArray(data.collections) ? data.collections.filter((c) => typeof c === 'string') : [],
    parent,
  };
  // Items in the trash stay in the library until it is emptied, but nobody means them any more.
  if (data.deleted === 1 || data.deleted === true) return { ...base, role: { kind: 'other' } };
  const type = typeof data.itemType === 'string' ? data.itemType : '';
  if (type === 'note') {
    const text = parent ? summaryText(String(data.note ?? ''), tagsOf(data.tags)) : undefined;
    return { ...base, role: text && parent ? { kind: 'summary', parent, text } : { kind: 'other' } };
  }
  if (NOT_ENTRIES.has(type) || !isRecord(value.csl)) return { ...base, role: { kind: 'other' } };
  return { ...base, role: { kind: 'entry', csl: value.csl } };
}

/**
 * A note is a summary when its first line (a heading or paragraph) reads "Summary", or when it
 * is tagged `summary`; the summary is the rest of the note as text.
 */
export function summaryText(html: string, tags: readonly string[]): string | undefined {
  const blocks = html
    .split(/<\/(?:p|h[1-6]|div|li|blockquote|pre)>|<br\s*\/?>|\n/i)
    .map((block) => cleanText(block))
    .filter(Boolean);
  const titled = /^summary\s*:?$/i.test(blocks[0] ?? '');
  const tagged = tags.some((tag) => tag.trim().toLowerCase() === 'summary');
  if (!titled && !tagged) return undefined;
  const text = (titled ? blocks.slice(1) : blocks).join('\n\n').trim();
  return text || undefined;
}

function tagsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((tag) => (isRecord(tag) && typeof tag.tag === 'string' ? [tag.tag] : []));
}

function creator(meta: unknown): string | undefined {
  if (!isRecord(meta) || !isRecord(meta.createdByUser)) return undefined;
  const user = meta.createdByUser;
  const name = typeof user.name === 'string' && user.name.trim() ? user.name : user.username;
  return typeof name === 'string' && name.trim() ? cleanText(name) : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
