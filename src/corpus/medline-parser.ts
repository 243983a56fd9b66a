import type { ParsedEntry } from './entry.ts';
import type { ParseIssue, ParseOutcome, ParsedRecord } from './problem.ts';
import { entryFromCsl } from './csl-entry.ts';
import { MAX_RECORD_LINES, MAX_RECORDS_PER_FILE, overRecordLimit } from './limits.ts';

/**
 * PubMed's own export (`.nbib`, "Save as PubMed" `.txt`, `.medline`). citation-js's PubMed plugin
 * only fetches records from NCBI by identifier and reads no file, so this is the one reader of
 * our own: it does no more than cut the tagged lines into fields and name them in CSL, and the
 * mapping to an entry is the one the other exports share.
 *
 * A line is `TAG - value`, the tag padded to four columns; a line starting with spaces continues
 * the field above; each record begins at its `PMID-` line.
 */

const FIELD_LINE = /^([A-Z][A-Z0-9]{0,3}) *- ?(.*)$/;
const CONTINUATION = /^\s+\S/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

type Fields = Map<string, string[]>;

interface RawRecord {
  readonly fields: Fields;
  readonly line: number;
  /** Lines it spans; past MAX_RECORD_LINES they are counted, not kept. */
  spans: number;
}

export function looksLikeMedline(text: string): boolean {
  return /^\uFEFF?\s*PMID- ?\d/m.test(text.slice(0, 4096));
}

export function parseMedline(text: string): ParseOutcome<ParsedEntry> {
  const { records, strays } = splitRecords(text);
  const problems: ParseIssue[] = strays.map((line) => ({
    line,
    reason: 'line is neither a "TAG - value" field nor the continuation of one; ignored',
    severity: 'warning',
  }));
  const entries: ParsedRecord<ParsedEntry>[] = [];
  for (const [index, record] of records.entries()) {
    const pmid = first(record.fields, 'PMID');
    const at = { line: record.line, ref: pmid ? `PMID ${pmid}` : undefined };
    if (index >= MAX_RECORDS_PER_FILE) {
      problems.push({
        ...at,
        reason: overRecordLimit(records.length, 'records'),
        severity: 'error',
      });
      break;
    }
    if (record.spans > MAX_RECORD_LINES) {
      problems.push({
        ...at,
        reason: `record spans ${record.spans} lines, over the ${MAX_RECORD_LINES}-line limit; skipped`,
        severity: 'error',
      });
      continue;
    }
    const outcome = entryFromCsl(toCsl(record.fields));
    problems.push(...outcome.problems.map((problem) => ({ ...at, ...problem })));
    if (outcome.entry) entries.push({ entry: outcome.entry, ...at });
  }
  if (!records.length)
    problems.push({
      line: 1,
      reason: 'no PubMed records: expected records starting with a "PMID- " line',
      severity: 'error',
    });
  return { entries, problems };
}

function splitRecords(text: string): { records: RawRecord[]; strays: number[] } {
  const records: RawRecord[] = [];
  const strays: number[] = [];
  let current: RawRecord | undefined;
  let last: { values: string[]; index: number } | undefined;
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (!line.trim()) return;
      if (current && ++current.spans > MAX_RECORD_LINES && !/^PMID/.test(line)) return;
      const field = FIELD_LINE.exec(line);
      if (field && !CONTINUATION.test(line)) {
        const tag = field[1] ?? '';
        if (tag === 'PMID' || !current) {
          current = { fields: new Map(), line: index + 1, spans: 1 };
          records.push(current);
        }
        const values = current.fields.get(tag) ?? [];
        values.push((field[2] ?? '').trim());
        current.fields.set(tag, values);
        last = { values, index: values.length - 1 };
      } else if (last && CONTINUATION.test(line)) {
        last.values[last.index] = `${last.values[last.index] ?? ''} ${line.trim()}`;
      } else {
        strays.push(index + 1);
      }
    });
  return { records, strays };
}

function first(fields: Fields, tag: string): string | undefined {
  return fields
    .get(tag)
    ?.find((value) => value.trim())
    ?.trim();
}

/** MEDLINE tags named in CSL; a tag read here is listed in docs/corpus.md, "Reference-manager exports". */
function toCsl(fields: Fields): Record<string, unknown> {
  const doi = [...(fields.get('LID') ?? []), ...(fields.get('AID') ?? [])].find((value) => /\[doi\]\s*$/i.test(value));
  const fullNames = fields.get('FAU') ?? [];
  const people = (fullNames.length ? fullNames : (fields.get('AU') ?? [])).map(personName);
  const corporate = (fields.get('CN') ?? []).map((literal) => ({ literal }));
  return {
    type: fields.has('BTI') && !fields.has('TI') ? 'book' : 'article-journal',
    title: first(fields, 'TI') ?? first(fields, 'BTI') ?? first(fields, 'TT') ?? first(fields, 'VTI'),
    abstract: first(fields, 'AB') ?? first(fields, 'OAB'),
    author: [...people, ...corporate],
    editor: (fields.get('FED') ?? fields.get('ED') ?? []).map(personName),
    'container-title': first(fields, 'JT') ?? first(fields, 'CTI'),
    'container-title-short': first(fields, 'TA'),
    issued: publicationDate(first(fields, 'DP') ?? first(fields, 'DEP') ?? ''),
    DOI: doi?.replace(/\s*\[doi\]\s*$/i, ''),
    PMID: first(fields, 'PMID'),
    PMCID: first(fields, 'PMC'),
  };
}

/** `Zhao, Robert Chunhua` (FAU) or `Zhao RC` (AU) as CSL; the display keeps either as written. */
function personName(text: string): Record<string, string> {
  const comma = text.indexOf(',');
  if (comma < 0) return { literal: text.trim() };
  return { family: text.slice(0, comma).trim(), given: text.slice(comma + 1).trim() };
}

/** `DP` reads `2020 Mar 9`, `2020 Mar-Apr`, `2019 Winter` or `2020`; `DEP` reads `20200309`. */
function publicationDate(text: string): Record<string, unknown> | undefined {
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  if (compact) return { 'date-parts': [[Number(compact[1]), Number(compact[2]), Number(compact[3])]] };
  const match = /^(\d{4})(?:\s+([A-Za-z]{3})[a-z]*(?:\s+(\d{1,2}))?)?/.exec(text.trim());
  if (!match) return text.trim() ? { literal: text.trim() } : undefined;
  const month = match[2] ? MONTHS.indexOf(match[2].toLowerCase()) + 1 : 0;
  const parts = [Number(match[1]), ...(month ? [month] : []), ...(month && match[3] ? [Number(match[3])] : [])];
  return { 'date-parts': [parts] };
}
