/**
 * What a `.bib` record takes from the others in its file: a conference export lists the
 * `@proceedings` volume once and its papers after it, often without a booktitle or year of their
 * own, or points to the volume with `crossref`. citation-js reads each record alone, so the
 * volume's booktitle (or title), year and publisher are lent here, and a volume that lent to
 * any paper, or whose name its papers give as theirs, is not served as a paper itself.
 */

type CslItem = Record<string, unknown>;

export interface ReadRecord {
  readonly item: CslItem;
  /** The record's type as the file writes it, lowercased (`proceedings`, `inproceedings`). */
  readonly type: string;
  readonly key?: string;
  /** The citation key its `crossref` field names. */
  readonly crossref?: string;
}

const VOLUME_TYPES = new Set(['proceedings', 'mvproceedings', 'book', 'mvbook', 'collection', 'mvcollection']);
const PROCEEDINGS = new Set(['proceedings', 'mvproceedings']);
/** Records that appear in a volume, and so may take its title as their venue. */
const PART_TYPES = new Set(['inproceedings', 'conference', 'incollection', 'inbook', 'article']);
const CROSSREF = /\bcrossref\s*=\s*[{"]?\s*([^,}"\s]+)/i;

export function crossrefOf(recordText: string): string | undefined {
  return CROSSREF.exec(recordText)?.[1];
}

/** The records with what they borrow, and without the volumes that lent to any of them. */
export function lendFields<T extends ReadRecord>(records: readonly T[]): T[] {
  const byKey = new Map(records.flatMap((record) => (record.key ? [[record.key.toLowerCase(), record] as const] : [])));
  const lenders = new Set<T>();
  let lastProceedings: T | undefined;
  const onlyProceedings = records.filter((record) => PROCEEDINGS.has(record.type));
  const result = records.map((record): T => {
    if (PROCEEDINGS.has(record.type)) {
      lastProceedings = record;
      return record;
    }
    const named = record.crossref ? byKey.get(record.crossref.toLowerCase()) : undefined;
    const parent =
      named && VOLUME_TYPES.has(named.type)
        ? named
        : record.type === 'inproceedings' || record.type === 'conference'
          ? (lastProceedings ?? (onlyProceedings.length === 1 ? onlyProceedings[0] : undefined))
          : undefined;
    if (!parent || parent === record || !PART_TYPES.has(record.type)) return record;
    const item = lend(record.item, parent.item, named === parent);
    if (item === record.item) return record;
    lenders.add(parent);
    return { ...record, item };
  });
  // A volume whose papers give its name themselves is a header too, though it lent them nothing.
  const venues = new Set(result.flatMap((record) => fold(record.item['container-title'])));
  for (const record of records)
    if (
      PROCEEDINGS.has(record.type) &&
      [record.item['container-title'], record.item.title].some((name) => fold(name).some((v) => venues.has(v)))
    )
      lenders.add(record);
  return result.filter((record) => !lenders.has(record) || !PROCEEDINGS.has(record.type));
}

function fold(value: unknown): string[] {
  const name = text(value);
  return name
    ? [
        name
          .toLowerCase()
          .replace(/[^\p{L}\p{N}]+/gu, ' ')
          .trim(),
      ]
    : [];
}

/** The part's fields, with the volume's where the part has none; a crossref lends its publisher too. */
function lend(part: CslItem, volume: CslItem, crossref: boolean): CslItem {
  const venue = text(volume['container-title']) ?? text(volume.title);
  const lent: CslItem = {};
  if (!text(part['container-title']) && venue) lent['container-title'] = venue;
  if (part.issued === undefined && volume.issued !== undefined) lent.issued = volume.issued;
  if (crossref) {
    for (const field of ['publisher', 'publisher-place', 'collection-title', 'volume', 'editor'])
      if (part[field] === undefined && volume[field] !== undefined) lent[field] = volume[field];
  }
  return Object.keys(lent).length ? { ...part, ...lent } : part;
}

/** `url = {{https://…}}` reaches citation-js's URL field as `%7Bhttps://…%7D`, or with its braces. */
export function withPlainUrl(item: CslItem): CslItem {
  const url = item.URL;
  if (typeof url !== 'string') return item;
  const plain = url.replace(/^(?:%7B|\{)+/i, '').replace(/(?:%7D|\})+$/i, '');
  return plain === url ? item : { ...item, URL: plain };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}
