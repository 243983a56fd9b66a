import type { ParsedEntry } from './entry.ts';
import type { ParseIssue, ParseOutcome, ParsedRecord } from './problem.ts';
import { risToCsl } from './export-records.ts';
import { entryFromCsl } from './csl-entry.ts';
import { MAX_RECORD_LINES, MAX_RECORDS_PER_FILE, overRecordLimit } from './limits.ts';

/**
 * A `.ris` file as Zotero, Mendeley, EndNote or a database exports it: records from `TY  -` to
 * `ER  -`. The file is cut at those lines here, so that each record reaches citation-js alone
 * and keeps its own line; lines between one record's `ER` and the next `TY` belong to neither.
 */

const TAG_LINE = /^[A-Z][A-Z0-9] {1,2}-(?: |$)/;
const RECORD_OPEN = /^TY {1,2}-(?: |$)/;
const RECORD_CLOSE = /^ER {1,2}-(?: |$)/;

interface RawRecord {
  readonly lines: string[];
  readonly line: number;
  /** Lines it spans; past MAX_RECORD_LINES they are counted, not kept. */
  spans: number;
}

export function looksLikeRis(text: string): boolean {
  return /^\uFEFF?\s*TY {1,2}- /m.test(text.slice(0, 4096));
}

export function parseRis(text: string): ParseOutcome<ParsedEntry> {
  const { records, strays } = splitRecords(text);
  const problems: ParseIssue[] = strays.map((line) => ({
    line,
    reason: 'tagged lines outside a TY … ER record are ignored',
    severity: 'warning',
  }));
  const entries: ParsedRecord<ParsedEntry>[] = [];
  for (const [index, record] of records.entries()) {
    const ref = tagValue(record.lines, 'ID');
    const at = { line: record.line, ref };
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
        reason: `record runs ${record.spans} lines without an ER line, over the ${MAX_RECORD_LINES}-line limit; skipped`,
        severity: 'error',
      });
      continue;
    }
    let items: unknown[];
    try {
      // Two spaces before the dash, as the library expects; some tools write one.
      items = risToCsl(record.lines.map((line) => line.replace(/^([A-Z][A-Z0-9]) -/, '$1  -')).join('\n'));
    } catch (error) {
      problems.push({
        ...at,
        reason: `cannot read this record: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}; skipped`,
        severity: 'error',
      });
      continue;
    }
    const outcome = entryFromCsl(items[0]);
    problems.push(...outcome.problems.map((problem) => ({ ...at, ...problem })));
    if (outcome.entry) entries.push({ entry: outcome.entry, ...at });
  }
  if (!records.length)
    problems.push({
      line: 1,
      reason: 'no RIS records: expected records starting with a "TY  - " line',
      severity: 'error',
    });
  return { entries, problems };
}

function splitRecords(text: string): { records: RawRecord[]; strays: number[] } {
  const records: RawRecord[] = [];
  const strays: number[] = [];
  let current: RawRecord | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trimStart();
    if (RECORD_OPEN.test(line)) {
      current = { lines: [line], line: index + 1, spans: 1 };
      records.push(current);
    } else if (current) {
      if (++current.spans <= MAX_RECORD_LINES) current.lines.push(raw);
      if (RECORD_CLOSE.test(line)) current = undefined;
    } else if (TAG_LINE.test(line)) {
      strays.push(index + 1);
    }
  });
  // One warning per run of stray lines, at its first line.
  return { records, strays: strays.filter((line, i) => i === 0 || strays[i - 1] !== line - 1) };
}

function tagValue(lines: readonly string[], tag: string): string | undefined {
  const prefix = new RegExp(`^\\s*${tag} {1,2}- ?`);
  const line = lines.find((candidate) => prefix.test(candidate));
  return line?.replace(prefix, '').trim() || undefined;
}
