import type { ParsedEntry } from './entry.ts';
import type { ParseIssue, ParseOutcome, ParsedRecord } from './problem.ts';
import { bibtexToCsl } from './export-records.ts';
import { entryFromCsl } from './csl-entry.ts';
import { MAX_MACRO_EXPANSION_CHARS, MAX_RECORDS_PER_FILE } from './limits.ts';
import { crossrefOf, lendFields, type ReadRecord, withPlainUrl } from './bibtex-lending.ts';

/**
 * A `.bib` file as Zotero, Mendeley, JabRef or a hand-kept list writes it. citation-js reads
 * each record on its own, so one unbalanced brace costs that record and not the rest of the
 * file; the `@string` macros a record uses are handed to it with it.
 */

/** `@article{` or `@string(` at the start of a line: where BibTeX tools begin a record. */
const RECORD_START = /^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*[{(]/gm;
const CITATION_KEY = /^[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]\s*([^,\s{}()]*)/;
/** A macro used as a value: `journal = nat,` or `# nat`. */
const MACRO_USE = /(?:=|#)\s*([A-Za-z_][\w:+-]*)/g;
const STRING_NAME = /^[ \t]*@[ \t]*string[ \t]*[{(]\s*([A-Za-z_][\w:+-]*)/i;

interface RawRecord {
  readonly type: string;
  readonly text: string;
  readonly line: number;
}

interface StringMacro {
  readonly text: string;
  readonly uses: readonly string[];
  readonly order: number;
  /** Characters it expands to, with the macros it uses expanded (bounded by MAX_MACRO_EXPANSION_CHARS). */
  readonly expanded: number;
}

export function looksLikeBibtex(text: string): boolean {
  RECORD_START.lastIndex = 0;
  return RECORD_START.test(text);
}

export function parseBibtex(text: string): ParseOutcome<ParsedEntry> {
  const records = splitRecords(text);
  const entries: ParsedRecord<ParsedEntry>[] = [];
  const problems: ParseIssue[] = [];
  const macros = new Map<string, StringMacro>();
  const keyLines = new Map<string, number>();
  const readRecords: (ReadRecord & { readonly at: { line: number; ref?: string } })[] = [];
  let dataRecords = 0;
  for (const record of records) {
    if (record.type === 'comment' || record.type === 'preamble') continue;
    if (record.type === 'string') {
      const name = STRING_NAME.exec(record.text)?.[1]?.toLowerCase();
      const uses = macroUses(record.text.replace(STRING_NAME, ''));
      const cycle = name ? macroCycle(name, uses, macros) : undefined;
      const unreadable = name
        ? cycle
          ? `it refers to itself: ${cycle.join(' → ')}`
          : stringError(record.text, record.line)
        : 'it has no name';
      if (name && !unreadable)
        macros.set(name, {
          text: record.text,
          uses,
          order: macros.size,
          expanded: expandedSize(record.text.length, uses, macros),
        });
      else
        problems.push({
          line: record.line,
          ref: name ? `@string ${name}` : undefined,
          reason: `cannot read this @string (${unreadable}); records that use it read it as empty`,
          severity: 'warning',
        });
      continue;
    }
    dataRecords++;
    const key = CITATION_KEY.exec(record.text)?.[1] || undefined;
    const at = { line: record.line, ref: key };
    if (dataRecords > MAX_RECORDS_PER_FILE) {
      problems.push({
        ...at,
        reason: `the file holds over ${MAX_RECORDS_PER_FILE} records; this one and every later one are not read`,
        severity: 'error',
      });
      break;
    }
    const expanded = expandedSize(record.text.length, macroUses(record.text), macros);
    if (expanded > MAX_MACRO_EXPANSION_CHARS) {
      problems.push({
        ...at,
        reason: `the @string macros this record uses expand to over ${MAX_MACRO_EXPANSION_CHARS} characters; skipped`,
        severity: 'error',
      });
      continue;
    }
    if (key) {
      const earlier = keyLines.get(key);
      if (earlier !== undefined)
        problems.push({
          ...at,
          reason: `citation key is also used at line ${earlier}; both records are read`,
          severity: 'warning',
        });
      else keyLines.set(key, record.line);
    }
    const prelude = preludeFor(record.text, macros);
    const read = readRecord(prelude, record);
    if ('error' in read) {
      problems.push({ ...at, reason: `cannot read this record: ${read.error}; skipped`, severity: 'error' });
      continue;
    }
    if (read.dollarsAsText)
      problems.push({
        ...at,
        reason: 'a field has an unmatched $ (TeX math); read with every $ as a dollar sign',
        severity: 'warning',
      });
    const items = read.items;
    const item = items[0];
    if (!item) {
      problems.push({ ...at, reason: 'cannot read this record: no fields found; skipped', severity: 'error' });
      continue;
    }
    readRecords.push({
      item: withPlainUrl(item as Record<string, unknown>),
      type: record.type,
      key,
      crossref: crossrefOf(record.text),
      at,
    });
  }
  // Read after every record is: a crossref may name a volume further down the file.
  for (const { item, at } of lendFields(readRecords)) {
    const outcome = entryFromCsl(item, { tex: true });
    problems.push(...outcome.problems.map((problem) => ({ ...at, ...problem })));
    if (outcome.entry) entries.push({ entry: outcome.entry, ...at });
  }
  if (!dataRecords) {
    problems.push({
      line: 1,
      reason: 'no BibTeX records: expected entries like @article{key, title = {…}, …}',
      severity: 'error',
    });
  }
  return { entries, problems };
}

function splitRecords(text: string): RawRecord[] {
  const starts: { index: number; type: string }[] = [];
  RECORD_START.lastIndex = 0;
  for (let match = RECORD_START.exec(text); match; match = RECORD_START.exec(text)) {
    starts.push({ index: match.index, type: (match[1] ?? '').toLowerCase() });
  }
  let line = 1;
  let counted = 0;
  return starts.map((start, i) => {
    line += countNewlines(text, counted, start.index);
    counted = start.index;
    const end = starts[i + 1]?.index ?? text.length;
    // The text between the leading spaces and `@` belongs to the record; what precedes it is comment.
    const leading = /^[ \t]*/.exec(text.slice(start.index, end))?.[0].length ?? 0;
    return { type: start.type, text: text.slice(start.index + leading, end), line };
  });
}

/**
 * One record through citation-js. A lone `$` makes the rest of its field TeX math that never
 * ends; such a record is read again with its dollar signs as text rather than lost.
 */
function readRecord(
  prelude: string,
  record: RawRecord,
): { items: unknown[]; dollarsAsText: boolean } | { error: string } {
  const preludeLines = prelude ? prelude.split('\n').length : 0;
  const withPrelude = (text: string): string => (prelude ? `${prelude}\n${text}` : text);
  try {
    return { items: bibtexToCsl(withPrelude(record.text)), dollarsAsText: false };
  } catch (error) {
    const reason = describeSyntaxError(error, record.line, preludeLines);
    if (!reason.startsWith(UNBALANCED_FIELD) || !record.text.includes('$')) return { error: reason };
    try {
      return { items: bibtexToCsl(withPrelude(record.text.replace(/(?<!\\)\$/g, '\\$'))), dollarsAsText: true };
    } catch {
      return { error: reason };
    }
  }
}

/** Why a `@string` record cannot be read, read alone so that a broken one is reported once, at its line. */
function stringError(text: string, line: number): string | undefined {
  try {
    bibtexToCsl(text);
    return undefined;
  } catch (error) {
    return describeSyntaxError(error, line, 0);
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function macroUses(text: string): string[] {
  return [...text.matchAll(MACRO_USE)].map((match) => (match[1] ?? '').toLowerCase());
}

/** Characters a text of `own` characters expands to with the macros it uses; what is not defined adds nothing. */
function expandedSize(own: number, uses: readonly string[], macros: ReadonlyMap<string, StringMacro>): number {
  let size = own;
  for (const use of uses) size += macros.get(use)?.expanded ?? 0;
  return size;
}

/**
 * The chain by which a new `@string` reaches itself through the ones already defined
 * (`a → b → a`), if it does: BibTeX cannot expand it, and the library would read it as empty unsaid.
 */
function macroCycle(
  name: string,
  uses: readonly string[],
  macros: ReadonlyMap<string, StringMacro>,
): string[] | undefined {
  const seen = new Set<string>();
  const search = (current: string, path: string[]): string[] | undefined => {
    if (current === name) return path;
    if (seen.has(current)) return undefined;
    seen.add(current);
    for (const next of macros.get(current)?.uses ?? []) {
      const found = search(next, [...path, next]);
      if (found) return found;
    }
    return undefined;
  };
  for (const use of uses) {
    const found = search(use, [name, use]);
    if (found) return found;
  }
  return undefined;
}

/** The `@string` definitions a record uses, and the ones they use, in the order the file defines them. */
function preludeFor(recordText: string, macros: ReadonlyMap<string, StringMacro>): string {
  if (!macros.size) return '';
  const needed = new Map<string, StringMacro>();
  const visit = (name: string): void => {
    const macro = macros.get(name);
    if (!macro || needed.has(name)) return;
    needed.set(name, macro);
    macro.uses.forEach(visit);
  };
  macroUses(recordText).forEach(visit);
  return [...needed.values()]
    .sort((a, b) => a.order - b.order)
    .map((macro) => macro.text.trimEnd())
    .join('\n');
}

const UNBALANCED_FIELD = "a field's TeX is unbalanced";

const TOKEN_NAMES: Readonly<Record<string, string>> = {
  comma: '","',
  rbrace: '"}"',
  lbrace: '"{"',
  equals: '"="',
  identifier: 'a field name',
  label: 'a citation key',
  text: 'text',
  quote: 'a closing quote',
};

/**
 * citation-js says `expected "comma", got "rbrace" at line 3 col 2: …`. Lines count from the text
 * it was given: the record's own in the record grammar (`Main->…`), a field value's otherwise.
 */
function describeSyntaxError(error: unknown, recordLine: number, preludeLines: number): string {
  const message = error instanceof Error ? error.message : String(error);
  const parsed = /expected "(\w+)", got (?:"(\w+)"|EOF) at line (\d+) col \d+/.exec(message);
  if (!parsed) return message.split('\n')[0]?.slice(0, 160) ?? 'unreadable';
  const expected = TOKEN_NAMES[parsed[1] ?? ''] ?? parsed[1];
  const got = parsed[2] ? (TOKEN_NAMES[parsed[2]] ?? parsed[2]) : 'the end of the record';
  if (!message.includes('(Main->')) return `${UNBALANCED_FIELD} (expected ${expected}, found ${got})`;
  const line = recordLine + Number(parsed[3]) - 1 - preludeLines;
  return `expected ${expected} but found ${got} at line ${line}`;
}
