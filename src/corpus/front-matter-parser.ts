import matter from 'gray-matter';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { ParsedEntry, EntryKind } from './entry.ts';
import { noEntry, singleEntry, type ParseIssue, type ParseOutcome } from './problem.ts';
import { cleanText } from './text.ts';
import { unknownTexCommandReason, unknownTexCommands } from './tex-text.ts';
import { accessionUrl, entryKey, isAccession } from './identity.ts';
import { readAuthors } from './authors.ts';
import { DOI_FIELDS, LINK_FIELDS, readLinks } from './links.ts';
import { DEFAULT_CONTENT_LANGUAGE, localizedField, localizedFields } from './languages.ts';
import { abstractFromBody } from './markdown-text.ts';
import type { FieldPaths, MappedField } from './field-map.ts';
import { resolveSiteAuthors, type SiteAuthors } from './site-authors.ts';
import { firstMapped } from './mapped-fields.ts';
import { titleMapLine, unreadTitleFields } from './title-fields.ts';
import {
  fieldLine,
  firstPresent,
  lineOfText,
  stringsOf,
  flattenStrings,
  plainValue,
  proseValue,
  readDate,
  outOfRangeDate,
  FIRST_YEAR,
  LAST_YEAR,
  titleValue,
} from './front-matter-values.ts';

type Issue = ParseIssue;

/**
 * gray-matter evaluates `---js` and `---coffee` front matter as code; a corpus file must never
 * run code, so every engine but the page's own language refuses.
 */
const refuse = (): never => {
  throw new Error('only YAML and TOML front matter are accepted');
};
const CODE_ENGINES = { js: refuse, javascript: refuse, coffee: refuse, coffeescript: refuse, json: refuse };

/** How a page fences its front matter, and in which language: YAML between `---` lines (Jekyll, Hugo), TOML between `+++` lines (Hugo). */
interface Dialect {
  readonly language: 'YAML' | 'TOML';
  readonly fence: string;
  readonly closes: RegExp;
  readonly options: Parameters<typeof matter>[1];
  readonly syntaxProblem: (error: unknown) => Issue;
}

const YAML: Dialect = {
  language: 'YAML',
  fence: '---',
  closes: /\n---[ \t]*(\n|$)/,
  options: { engines: { ...CODE_ENGINES, toml: refuse } },
  syntaxProblem: yamlProblem,
};

const TOML: Dialect = {
  language: 'TOML',
  fence: '+++',
  closes: /\n\+\+\+[ \t]*(\n|$)/,
  // Hugo's `+++` front matter, read by smol-toml through gray-matter's own engine option.
  options: {
    delimiters: '+++',
    language: 'toml',
    engines: { ...CODE_ENGINES, yaml: refuse, toml: (text: string) => parseToml(text) },
  },
  syntaxProblem: tomlProblem,
};

/** A `---` line (or `---yaml`) opens YAML front matter. */
export function looksLikeFrontMatter(text: string): boolean {
  return /^\uFEFF?---[ \t]*(?:ya?ml[ \t]*)?\r?\n/i.test(text);
}

/** A `+++` line (or `+++toml`) opens TOML front matter, as Hugo writes it. */
export function looksLikeTomlFrontMatter(text: string): boolean {
  return /^\uFEFF?\+\+\+[ \t]*(?:toml[ \t]*)?\r?\n/i.test(text);
}

/** `---js`, `---coffee`, `+++json`: front matter in another language, which is refused, never run. */
export function otherFrontMatterLanguage(text: string): string | undefined {
  if (looksLikeFrontMatter(text) || looksLikeTomlFrontMatter(text)) return undefined;
  return /^\uFEFF?(?:---|\+\+\+)[ \t]*([A-Za-z][\w-]*)[ \t]*\r?\n/.exec(text)?.[1];
}

export interface FrontMatterOptions {
  /** The content language: its title and abstract win when a page gives several (`en:`, `de:` blocks). */
  readonly language?: string;
  /** Where this page keeps each entry field, from the folder's paperbot.yml; unmapped fields are read as usual. */
  readonly fields?: FieldPaths;
  /** Author ids the site names on its author pages (Wowchemy's `admin`). */
  readonly siteAuthors?: SiteAuthors;
}

/** Where pages keep the abstract; `description`, `excerpt` and `summary` are often a one-line teaser. */
const ABSTRACT_FIELDS = ['abstract', 'original'];
const TEASER_FIELDS = ['description', 'excerpt', 'summary'];
const VENUE_FIELDS = [
  'journal',
  'publication',
  'booktitle',
  'venue',
  'container-title',
  'container_title',
  'journal_title',
  'conference',
];

/** A page with YAML front matter (`---`). */
export function parseFrontMatter(text: string, options: FrontMatterOptions = {}): ParseOutcome<ParsedEntry> {
  return parsePage(text, YAML, options);
}

/** A page with TOML front matter (`+++`, Hugo). */
export function parseTomlFrontMatter(text: string, options: FrontMatterOptions = {}): ParseOutcome<ParsedEntry> {
  return parsePage(text, TOML, options);
}

function parsePage(text: string, dialect: Dialect, options: FrontMatterOptions): ParseOutcome<ParsedEntry> {
  const problems: Issue[] = [];
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const opens = dialect === TOML ? looksLikeTomlFrontMatter(normalised) : looksLikeFrontMatter(normalised);
  if (!opens) {
    return noEntry([
      {
        line: 1,
        reason: `no ${dialect.language} front matter: expected the file to start with a ${dialect.fence} line`,
        severity: 'error',
      },
    ]);
  }
  if (!dialect.closes.test(normalised.slice(3))) {
    return noEntry([
      { line: 1, reason: `front matter is not closed: expected a second ${dialect.fence} line`, severity: 'error' },
    ]);
  }
  let data: Record<string, unknown>;
  let body: string;
  try {
    const parsed = matter(normalised, dialect.options);
    data = parsed.data as Record<string, unknown>;
    body = parsed.content;
  } catch (error) {
    return noEntry([dialect.syntaxProblem(error)]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return noEntry([{ line: 2, reason: 'front matter is not a mapping of fields', severity: 'error' }]);
  }
  const lineOf = (field: string): number => fieldLine(normalised, field);
  const language = options.language ?? DEFAULT_CONTENT_LANGUAGE;
  const field = (name: string): unknown => localizedField(data, name, language);
  const fields = options.fields ?? {};
  // A mapped field is read from its paths alone: the map says where it is, so nothing else is guessed.
  const mapped = (name: MappedField): { value?: unknown } | undefined => {
    const paths = fields[name];
    return paths ? firstMapped(data, paths, language) : undefined;
  };

  const mappedTitle = mapped('title');
  const [titleField, subtitleField] = mappedTitle ? [] : localizedFields(data, ['title', 'subtitle'], language);
  const title = mappedTitle
    ? titleValue(mappedTitle.value)
    : withSubtitle(titleValue(titleField), titleValue(subtitleField));
  if (!title) {
    const titleLine = data.title === undefined ? 1 : lineOf('title');
    const reason = fields.title
      ? `missing title: none of ${fields.title.join(', ')} (paperbot.yml fields.title) holds one`
      : dialect === TOML
        ? 'missing title: add a `title = "…"` field'
        : 'missing title: add a `title:` field';
    return noEntry([{ line: titleLine, reason, severity: 'error' }]);
  }
  if (!fields.title) {
    for (const unread of unreadTitleFields(data, language, title).slice(0, 1)) {
      problems.push({
        line: lineOf(unread.path.split('.')[0] === '{lang}' ? language : (unread.path.split('.')[0] ?? 'title')),
        reason: `title-like field ${unread.path.replace('{lang}', language)} ("${unread.text.slice(0, 60)}") is not read; the title is "${title.slice(0, 60)}". If it holds the title, add ${titleMapLine(unread.path)}`,
        severity: 'warning',
      });
    }
  }
  const { link, doi } = readLinks(linkFields(data, mapped('link'), mapped('doi')));
  const accessionText = plainValue(data.accession);
  const accession = accessionText && isAccession(accessionText) ? accessionText.toUpperCase() : undefined;
  if (accessionText && !accession) {
    problems.push({
      line: lineOf('accession'),
      reason: `accession "${accessionText.slice(0, 40)}" is not an accession like S-EPMC8546390; ignored`,
      severity: 'warning',
    });
  }
  const mappedSummary = mapped('summary');
  const summary = proseValue(mappedSummary ? mappedSummary.value : field('summary')) || undefined;
  const mappedAbstract = mapped('abstract');
  const abstract = mappedAbstract ? proseValue(mappedAbstract.value) || undefined : readAbstract(field, body);
  const fence = normalised.indexOf(`\n${dialect.fence}`, 3);
  const badDate = outOfRangeDate(normalised.slice(0, fence < 0 ? undefined : fence));
  if (badDate)
    problems.push({
      line: lineOf('date'),
      reason: `date ${badDate.slice(0, 30)} is out of range (years ${FIRST_YEAR}–${LAST_YEAR}); date dropped`,
      severity: 'warning',
    });
  const mappedDate = mapped('date');
  const mappedYear = mapped('year');
  const { date, year } = readDate(
    badDate ? undefined : mappedDate ? mappedDate.value : data.date,
    mappedYear ? mappedYear.value : data.year,
    // A mapped date may be CSL's `issued: {date-parts}` as well as a date.
    mappedDate ? mappedDate.value : data.issued,
  );
  if (data.year !== undefined && year === undefined) {
    problems.push({
      line: lineOf('year'),
      reason: `year "${plainValue(data.year).slice(0, 20)}" is not a year; ignored`,
      severity: 'warning',
    });
  }
  const mappedKind = mapped('kind');
  const kindText = plainValue(mappedKind ? mappedKind.value : data.kind).toLowerCase();
  let kind: EntryKind = 'paper';
  if (kindText === 'dataset' || kindText === 'paper') kind = kindText;
  else if (kindText)
    problems.push({
      line: lineOf('kind'),
      reason: `kind "${kindText.slice(0, 20)}" is not paper or dataset; read as paper`,
      severity: 'warning',
    });

  for (const name of unknownTexCommands(stringsOf(data).join('\n')).slice(0, 5))
    problems.push({
      line: lineOfText(normalised, `\\${name}`),
      reason: unknownTexCommandReason(name),
      severity: 'warning',
    });

  const site = resolveSiteAuthors(
    readAuthors(mapped('authors')?.value ?? (fields.authors ? undefined : (data.author ?? data.authors))),
    options.siteAuthors,
  );
  if (site.unknownAdmin)
    problems.push({
      line: lineOf('authors'),
      reason:
        'author "admin" is the site\'s author, but no content/authors/admin/_index.md says who that is; shown as admin',
      severity: 'warning',
    });

  const entry: ParsedEntry = {
    key: entryKey({ doi, accession, title }),
    kind,
    title,
    authors: site.authors,
    link: link ?? (accession ? accessionUrl(accession) : undefined),
    doi,
    accession,
    summary,
    abstract,
    journal: readVenue(data, mapped('venue')),
    date,
    year,
    repository: plainValue(data.repository) || undefined,
    provider: plainValue(data.provider) || undefined,
    submitter: plainValue(data.submitter) || undefined,
    similar: flattenStrings(data.similar)
      .map((s) => cleanText(s))
      .filter(Boolean),
  };
  return singleEntry(entry, problems);
}

/** The venue, from the map or from the fields venues are kept in; an `In:` before it is dropped. */
function readVenue(data: Record<string, unknown>, mapped: { value?: unknown } | undefined): string | undefined {
  const value = mapped ? mapped.value : firstPresent(VENUE_FIELDS.map((name) => data[name]));
  return proseValue(value).replace(/^In:?\s+(?=\p{Lu})/u, '') || undefined;
}

/** The fields links are read from: a mapped link or DOI stands in for every field of its kind. */
function linkFields(
  data: Record<string, unknown>,
  link: { value?: unknown } | undefined,
  doi: { value?: unknown } | undefined,
): Record<string, unknown> {
  if (!link && !doi) return data;
  const view: Record<string, unknown> = { ...data };
  if (link) {
    for (const name of LINK_FIELDS) delete view[name];
    delete view.links;
    view.link = link.value;
  }
  if (doi) {
    for (const name of DOI_FIELDS) delete view[name];
    view.doi = doi.value;
  }
  return view;
}

/**
 * The abstract field, else the longer of a teaser field and the abstract the page body holds (a
 * journal-club post quotes the abstract under a one-line `description`).
 */
function readAbstract(field: (name: string) => unknown, body: string): string | undefined {
  const abstract = proseValue(firstPresent(ABSTRACT_FIELDS.map(field)));
  if (abstract) return abstract;
  const teaser = proseValue(firstPresent(TEASER_FIELDS.map(field)));
  const fromBody = body.trim() ? abstractFromBody(body) : undefined;
  return (fromBody && fromBody.length > teaser.length ? fromBody : teaser) || undefined;
}

/** `Title: Subtitle`, unless the title already ends with the subtitle or with its own punctuation. */
function withSubtitle(title: string, subtitle: string): string {
  if (!title || !subtitle || title.toLowerCase().includes(subtitle.toLowerCase())) return title;
  return /[:?!.]$/.test(title) ? `${title} ${subtitle}` : `${title}: ${subtitle}`;
}

function yamlProblem(error: unknown): Issue {
  const mark = (error as { mark?: { line?: number } }).mark;
  const reasonText =
    (error as { reason?: string }).reason ?? (error instanceof Error ? error.message.split('\n')[0] : String(error));
  // gray-matter hands js-yaml the text from the end of the opening `---` line on, so js-yaml's
  // line 0 is the rest of file line 1 and its line n is file line n + 1.
  const line = typeof mark?.line === 'number' ? mark.line + 1 : 1;
  return { line, reason: `YAML syntax error: ${reasonText}`, severity: 'error' };
}

function tomlProblem(error: unknown): Issue {
  // gray-matter hands smol-toml the text from the end of the opening `+++` line on: its line 1 is
  // the rest of file line 1, so its line n is file line n.
  const line = error instanceof TomlError ? error.line : 1;
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/^Invalid TOML document:\s*/, '')
    .split('\n')[0];
  return { line, reason: `TOML syntax error: ${message}`, severity: 'error' };
}
