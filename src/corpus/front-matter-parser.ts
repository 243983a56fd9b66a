import matter from 'gray-matter';
import type { ParsedEntry, EntryKind } from './entry.ts';
import { noEntry, singleEntry, type ParseIssue, type ParseOutcome } from './problem.ts';
import { cleanText } from './text.ts';
import { accessionUrl, doiUrl, entryKey, extractDoi, isAccession } from './identity.ts';
import { splitAuthorList } from './authors.ts';

type Issue = ParseIssue;

/**
 * gray-matter evaluates `---js` and `---coffee` front matter as code; a corpus file must
 * never run code, so every engine but YAML refuses.
 */
const refuse = (): never => {
  throw new Error('only YAML front matter is accepted');
};
const MATTER_OPTIONS = { engines: { js: refuse, javascript: refuse, coffee: refuse, coffeescript: refuse, json: refuse, toml: refuse } };

/** A YAML alias bomb expands to an enormous tree; anything deeper or wider than this is not an entry field. */
const MAX_NODES_PER_FIELD = 2_000;

/** A `---` line (or `---yaml`) opens YAML front matter. */
export function looksLikeFrontMatter(text: string): boolean {
  return /^\uFEFF?---[ \t]*(?:ya?ml[ \t]*)?\r?\n/i.test(text);
}

/** `---js`, `---coffee`, `---json`: front matter in another language, which is refused, never run. */
export function otherFrontMatterLanguage(text: string): string | undefined {
  if (looksLikeFrontMatter(text)) return undefined;
  return /^\uFEFF?---[ \t]*([A-Za-z][\w-]*)[ \t]*\r?\n/.exec(text)?.[1];
}

export function parseFrontMatter(text: string): ParseOutcome<ParsedEntry> {
  const problems: Issue[] = [];
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!looksLikeFrontMatter(normalised)) {
    return noEntry([{ line: 1, reason: 'no YAML front matter: expected the file to start with a --- line', severity: 'error' }]);
  }
  if (!/\n---[ \t]*(\n|$)/.test(normalised.slice(3))) {
    return noEntry([{ line: 1, reason: 'front matter is not closed: expected a second --- line', severity: 'error' }]);
  }
  let data: Record<string, unknown>;
  try {
    data = matter(normalised, MATTER_OPTIONS).data as Record<string, unknown>;
  } catch (error) {
    return noEntry([yamlProblem(error)]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return noEntry([{ line: 2, reason: 'front matter is not a mapping of fields', severity: 'error' }]);
  }
  const lineOf = (field: string): number => fieldLine(normalised, field);

  const title = joinText(data.title);
  if (!title) {
    return noEntry([{ line: data.title === undefined ? 1 : lineOf('title'), reason: 'missing title: add a `title:` field', severity: 'error' }]);
  }
  const link = joinText(data.link) || joinText(data.url) || undefined;
  const doi = extractDoi(joinText(data.doi) || link || '');
  const accessionText = joinText(data.accession);
  const accession = accessionText && isAccession(accessionText) ? accessionText.toUpperCase() : undefined;
  if (accessionText && !accession) {
    problems.push({ line: lineOf('accession'), reason: `accession "${accessionText.slice(0, 40)}" is not an accession like S-EPMC8546390; ignored`, severity: 'warning' });
  }
  const authors = extractAuthors(data.author ?? data.authors);
  const summary = joinText(data.summary) || undefined;
  const abstract = joinText(data.original) || joinText(data.abstract) || undefined;
  const { date, year } = extractDate(data.date, data.year);
  if (data.year !== undefined && year === undefined) {
    problems.push({ line: lineOf('year'), reason: `year "${joinText(data.year).slice(0, 20)}" is not a year; ignored`, severity: 'warning' });
  }
  const kindText = joinText(data.kind).toLowerCase();
  let kind: EntryKind = 'paper';
  if (kindText === 'dataset' || kindText === 'paper') kind = kindText;
  else if (kindText) problems.push({ line: lineOf('kind'), reason: `kind "${kindText.slice(0, 20)}" is not paper or dataset; read as paper`, severity: 'warning' });

  const entry: ParsedEntry = {
    key: entryKey({ doi, accession, title }),
    kind,
    title,
    authors,
    link: link ?? (doi ? doiUrl(doi) : accession ? accessionUrl(accession) : undefined),
    doi,
    accession,
    summary,
    abstract,
    journal: joinText(data.journal) || undefined,
    date,
    year,
    repository: joinText(data.repository) || undefined,
    provider: joinText(data.provider) || undefined,
    submitter: joinText(data.submitter) || undefined,
    similar: flattenStrings(data.similar).map((s) => cleanText(s)).filter(Boolean),
  };
  return singleEntry(entry, problems);
}

function yamlProblem(error: unknown): Issue {
  const mark = (error as { mark?: { line?: number } }).mark;
  const reasonText = (error as { reason?: string }).reason ?? (error instanceof Error ? error.message.split('\n')[0] : String(error));
  // gray-matter hands js-yaml the text from the end of the opening `---` line on, so js-yaml's
  // line 0 is the rest of file line 1 and its line n is file line n + 1.
  const line = typeof mark?.line === 'number' ? mark.line + 1 : 1;
  return { line, reason: `YAML syntax error: ${reasonText}`, severity: 'error' };
}

function fieldLine(text: string, field: string): number {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.startsWith(`${field}:`));
  return index >= 0 ? index + 1 : 1;
}

/** Strings from a scalar, a list, or a nested list, bounded so an alias bomb stays cheap. */
function flattenStrings(value: unknown): string[] {
  const out: string[] = [];
  let visited = 0;
  const walk = (node: unknown, depth: number): void => {
    if (++visited > MAX_NODES_PER_FIELD || depth > 8) return;
    if (typeof node === 'string') out.push(node);
    else if (typeof node === 'number' || typeof node === 'boolean') out.push(String(node));
    else if (node instanceof Date) out.push(node.toISOString().slice(0, 10));
    else if (Array.isArray(node)) for (const item of node) walk(item, depth + 1);
  };
  walk(value, 0);
  return out;
}

function joinText(value: unknown): string {
  return cleanText(flattenStrings(value).join(' '));
}

function extractAuthors(value: unknown): string[] {
  return flattenStrings(value).flatMap((item) => splitAuthorList(item));
}

function extractDate(dateValue: unknown, yearValue: unknown): { date?: string; year?: number } {
  const dateText = joinText(dateValue);
  const isoMatch = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(dateText);
  const yearText = joinText(yearValue);
  const yearFromField = /^\d{4}$/.test(yearText) ? Number(yearText) : undefined;
  if (isoMatch?.[1]) {
    const date = [isoMatch[1], isoMatch[2], isoMatch[3]].filter(Boolean).join('-');
    return { date, year: yearFromField ?? Number(isoMatch[1]) };
  }
  return { year: yearFromField };
}
