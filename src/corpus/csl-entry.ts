import type { EntryKind, ParsedEntry } from './entry.ts';
import type { ParseIssue } from './problem.ts';
import { cleanText } from './text.ts';
import { dropUnknownCommands } from './tex-text.ts';
import { MAX_AUTHORS_PER_RECORD } from './limits.ts';
import { doiKey, doiUrl, extractDoi, pmidKey, pubmedUrl, titleKey } from './identity.ts';

/**
 * One CSL-JSON item (what citation-js makes of BibTeX and RIS, what Zotero exports as CSL-JSON,
 * what the MEDLINE reader builds) to an Entry. Every export format goes through here, so a field
 * reads the same whichever manager wrote it.
 */

export interface CslRecordOutcome {
  readonly entry?: ParsedEntry;
  /** Positioned by the caller, which knows the record's line and reference. */
  readonly problems: readonly Pick<ParseIssue, 'reason' | 'severity'>[];
}

export interface CslReadOptions {
  /** BibTeX text may keep TeX the library could not turn into text (`\unknowncommand`, stray braces, a lone `$`). */
  readonly tex?: boolean;
}

type Item = Readonly<Record<string, unknown>>;

export function entryFromCsl(value: unknown, options: CslReadOptions = {}): CslRecordOutcome {
  if (!isRecord(value))
    return { problems: [{ reason: 'record is not a CSL item (an object of fields)', severity: 'error' }] };
  const read = (field: unknown): string | undefined => readable(field, options);
  const title = read(value.title) ?? read(value['title-short']);
  if (!title) return { problems: [{ reason: 'record has no title; skipped', severity: 'error' }] };
  const problems: CslRecordOutcome['problems'][number][] = [];

  const doi = extractDoi(stringOf(value.DOI) ?? '') ?? doiFromLink(stringOf(value.URL));
  const pmid = /^\d{1,9}$/.exec(stringOf(value.PMID)?.trim() ?? '')?.[0];
  // RIS gives a conference paper's only year (`TY  - CONF`, `PY`) as the event's date, which citation-js keeps there.
  const issued = value.issued === undefined ? readDate(value['event-date']) : readDate(value.issued);
  if (value.issued !== undefined && !issued.year)
    problems.push({
      reason: `date ${describeDate(value.issued)} holds no year; read without one`,
      severity: 'warning',
    });
  const kind: EntryKind = value.type === 'dataset' ? 'dataset' : 'paper';
  const people = authorList(value.author, value.editor);
  if (people.given > MAX_AUTHORS_PER_RECORD)
    problems.push({
      reason: `record names ${people.given} authors, over the ${MAX_AUTHORS_PER_RECORD} limit; the first ${MAX_AUTHORS_PER_RECORD} are kept`,
      severity: 'warning',
    });
  const entry: ParsedEntry = {
    key: doi ? doiKey(doi) : pmid ? pmidKey(pmid) : titleKey(title),
    kind,
    title,
    authors: people.names,
    link: webLink(stringOf(value.URL)) ?? (doi ? doiUrl(doi) : pmid ? pubmedUrl(pmid) : undefined),
    doi,
    ...(pmid ? { pmid } : {}),
    // Not a CSL field: the Zotero source writes a "Summary" note's text here.
    ...(read(value['paperbot-summary']) ? { summary: read(value['paperbot-summary']) } : {}),
    abstract: read(value.abstract),
    journal:
      read(value['container-title']) ??
      read(value['event-title']) ??
      read(value.event) ??
      read(value['container-title-short']) ??
      read(value.journalAbbreviation),
    date: issued.date,
    year: issued.year,
    repository: kind === 'dataset' ? read(value.publisher) : undefined,
    similar: [],
  };
  return { entry, problems };
}

function isRecord(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return stringOf(value[0]);
  return undefined;
}

/** Text fit to show: entities and HTML dropped, and for BibTeX any TeX command the library left. */
export function readable(value: unknown, options: CslReadOptions = {}): string | undefined {
  const raw = stringOf(value);
  if (raw === undefined) return undefined;
  const text = options.tex ? dropUnknownCommands(raw) : raw;
  return cleanText(text) || undefined;
}

/** The authors, else the editors, up to MAX_AUTHORS_PER_RECORD of them, and how many the record gives. */
function authorList(author: unknown, editor: unknown): { names: string[]; given: number } {
  for (const list of [author, editor]) {
    if (!Array.isArray(list)) continue;
    const read = names(list.slice(0, MAX_AUTHORS_PER_RECORD));
    if (read.length) return { names: read, given: list.length };
  }
  return { names: [], given: 0 };
}

/** `Family, Given` as the seed entries write names; an institution or a `literal` as it is. */
function names(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((name) => {
    if (typeof name === 'string') return cleanText(name) ? [cleanText(name)] : [];
    if (!isRecord(name)) return [];
    const literal = readable(name.literal) ?? readable(name.name);
    if (literal) return [literal];
    const family = [readable(name['non-dropping-particle']), readable(name.family)].filter(Boolean).join(' ');
    const given = [readable(name.given), readable(name['dropping-particle'])].filter(Boolean).join(' ');
    const suffix = readable(name.suffix);
    if (!family) return given ? [given] : [];
    return [[family, given, suffix].filter(Boolean).join(', ')];
  });
}

function webLink(url: string | undefined): string | undefined {
  const trimmed = url?.trim();
  return trimmed && /^https?:\/\/\S+$/i.test(trimmed) ? trimmed : undefined;
}

function doiFromLink(url: string | undefined): string | undefined {
  return url && /^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i.test(url.trim()) ? extractDoi(url) : undefined;
}

/** `issued` as CSL writes it: `date-parts` (numbers or strings), else `raw` or `literal` text. */
function readDate(value: unknown): { date?: string; year?: number } {
  if (!isRecord(value)) return {};
  const parts = value['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0])) {
    const [year, month, day] = (parts[0] as unknown[]).map((part) => Number.parseInt(String(part), 10));
    return fromParts(year, month, day);
  }
  const text = stringOf(value.raw) ?? stringOf(value.literal) ?? '';
  const iso = /\b(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\b/.exec(text);
  if (!iso) return {};
  return fromParts(Number(iso[1]), iso[2] ? Number(iso[2]) : undefined, iso[3] ? Number(iso[3]) : undefined);
}

function describeDate(value: unknown): string {
  const text = isRecord(value) ? (stringOf(value.raw) ?? stringOf(value.literal)) : undefined;
  return JSON.stringify(text ?? value)?.slice(0, 60) ?? 'value';
}

function fromParts(
  year: number | undefined,
  month: number | undefined,
  day: number | undefined,
): { date?: string; year?: number } {
  if (year === undefined || !Number.isInteger(year) || year < 1000 || year > 2999) return {};
  if (month === undefined || !Number.isInteger(month) || month < 1 || month > 12) return { year };
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (day === undefined || !Number.isInteger(day) || day < 1 || day > 31)
    return { year, date: `${year}-${pad(month)}` };
  return { year, date: `${year}-${pad(month)}-${pad(day)}` };
}
