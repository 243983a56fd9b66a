import type { ParsedEntry, SourceFormat } from './entry.ts';
import type { ParseOutcome } from './problem.ts';
import type { SiteAuthors } from './site-authors.ts';
import {
  type FrontMatterOptions,
  looksLikeFrontMatter,
  looksLikeTomlFrontMatter,
  parseFrontMatter,
  parseTomlFrontMatter,
} from './front-matter-parser.ts';
import { looksLikeBioStudiesPage, parseBioStudiesPage } from './biostudies-parser.ts';
import { DEFAULT_CONTENT_LANGUAGE } from './languages.ts';
import { unknownTexCommandLines, unknownTexCommandReason } from './tex-text.ts';
import { type FieldMap, fieldsFor } from './field-map.ts';

/** Settings every parser is given. */
export interface ParseOptions {
  /** The content language (`CORPUS_LANGUAGE`): its title and abstract win where a source gives several. */
  readonly language: string;
  /** The folder's paperbot.yml, when it has one: where its pages keep each entry field. */
  readonly fieldMap?: FieldMap;
  /** Author ids a Hugo site names on its author pages (`admin` → the site's author). */
  readonly siteAuthors?: SiteAuthors;
}

export const DEFAULT_PARSE_OPTIONS: ParseOptions = { language: DEFAULT_CONTENT_LANGUAGE };
import { looksLikeBibtex, parseBibtex } from './bibtex-parser.ts';
import { looksLikeRis, parseRis } from './ris-parser.ts';
import { looksLikeCslJson, parseCslJson } from './csl-json-parser.ts';
import { looksLikeMedline, parseMedline } from './medline-parser.ts';

/**
 * One corpus format: which files it reads and how. A file goes to the first format, in list
 * order, that lists its extension and recognises its text; a parser returns every entry the file
 * holds (a reference-manager export holds many), each with its own line or reference.
 */
export interface EntryFormat {
  readonly name: SourceFormat;
  /** How `paperbot check` names the format in its report. */
  readonly label: string;
  /** File name endings (lowercase, with the dot) this format may be read from. */
  readonly extensions: readonly string[];
  /** A reference-manager export: many entries to a file, so a larger file is expected (see corpus.ts). */
  readonly manyEntries?: boolean;
  /** Whether this text is in this format; checked before `parse`. */
  readonly recognises: (text: string, relativePath: string) => boolean;
  readonly parse: (text: string, relativePath: string, options: ParseOptions) => ParseOutcome<ParsedEntry>;
}

const PAGE_EXTENSIONS = ['.md', '.markdown', '.txt'];

export const ENTRY_FORMATS: readonly EntryFormat[] = [
  {
    name: 'front-matter',
    label: 'Front-matter pages (Jekyll, Hugo)',
    extensions: PAGE_EXTENSIONS,
    recognises: (text) => looksLikeFrontMatter(text),
    parse: (text, relativePath, options) => parseFrontMatter(text, pageOptions(options, relativePath)),
  },
  {
    name: 'toml-front-matter',
    label: 'TOML front-matter pages (Hugo)',
    extensions: PAGE_EXTENSIONS,
    recognises: (text) => looksLikeTomlFrontMatter(text),
    parse: (text, relativePath, options) => parseTomlFrontMatter(text, pageOptions(options, relativePath)),
  },
  {
    name: 'biostudies-page',
    label: 'OmicsDI / BioStudies page dumps',
    extensions: PAGE_EXTENSIONS,
    recognises: (text) => looksLikeBioStudiesPage(text),
    parse: (text) => parseBioStudiesPage(text),
  },
  {
    name: 'bibtex',
    label: 'BibTeX / BibLaTeX exports',
    extensions: ['.bib', '.bibtex'],
    manyEntries: true,
    recognises: (text) => looksLikeBibtex(text),
    parse: (text) => withTexWarnings(parseBibtex(text), text),
  },
  {
    name: 'ris',
    label: 'RIS exports',
    extensions: ['.ris'],
    manyEntries: true,
    recognises: (text) => looksLikeRis(text),
    parse: (text) => parseRis(text),
  },
  {
    name: 'csl-json',
    label: 'CSL-JSON exports',
    extensions: ['.json'],
    manyEntries: true,
    recognises: (text) => looksLikeCslJson(text),
    parse: (text) => parseCslJson(text),
  },
  {
    // PubMed's "Save" as PubMed format is a `.txt`; a page in front matter is still read as a page.
    name: 'pubmed',
    label: 'PubMed / MEDLINE exports',
    extensions: ['.nbib', '.medline', '.txt'],
    manyEntries: true,
    recognises: (text) => looksLikeMedline(text),
    parse: (text) => parseMedline(text),
  },
];

function pageOptions(options: ParseOptions, relativePath: string): FrontMatterOptions {
  return {
    language: options.language,
    fields: fieldsFor(options.fieldMap, relativePath),
    siteAuthors: options.siteAuthors,
  };
}

/** An export's unknown TeX commands are dropped as it is read; `check` names each where it first appears. */
function withTexWarnings(outcome: ParseOutcome<ParsedEntry>, text: string): ParseOutcome<ParsedEntry> {
  const unknown = unknownTexCommandLines(text).slice(0, 20);
  if (!unknown.length) return outcome;
  const warnings = unknown.map(({ name, line }) => ({
    line,
    reason: unknownTexCommandReason(name),
    severity: 'warning' as const,
  }));
  return { ...outcome, problems: [...outcome.problems, ...warnings] };
}

/** Every extension some format reads. */
export const ENTRY_EXTENSIONS: ReadonlySet<string> = new Set(ENTRY_FORMATS.flatMap((format) => format.extensions));

export function formatsForExtension(extension: string): EntryFormat[] {
  return ENTRY_FORMATS.filter((format) => format.extensions.includes(extension));
}

/** Whether every format that reads this extension is an export of many entries (`.txt` is also a page). */
export function holdsManyEntries(extension: string): boolean {
  const formats = formatsForExtension(extension);
  return formats.length > 0 && formats.every((format) => format.manyEntries);
}

export function formatLabel(name: SourceFormat): string {
  return ENTRY_FORMATS.find((format) => format.name === name)?.label ?? name;
}
