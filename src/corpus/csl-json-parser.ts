import type { ParsedEntry } from './entry.ts';
import type { ParseIssue, ParseOutcome, ParsedRecord } from './problem.ts';
import { cleanCsl } from './export-records.ts';
import { entryFromCsl, type CslRecordOutcome } from './csl-entry.ts';
import { splitAuthorList } from './authors.ts';
import { MAX_NESTING_DEPTH, MAX_RECORDS_PER_FILE, overRecordLimit } from './limits.ts';

/**
 * CSL-JSON as Zotero, Better BibTeX, Mendeley or pandoc-citeproc write it: an array of items
 * (or one item). citation-js corrects each item's field types; the mapping to an entry is the
 * one every export format shares.
 */

/**
 * CSL-JSON: a JSON array or object whose opening holds a text `title` or `type` and another CSL
 * field. Other JSON in a site's folder (`package.json`, `_data/*.json`) is not an entry file.
 */
export function looksLikeCslJson(text: string): boolean {
  const head = text.slice(0, 8192);
  return (
    /^\uFEFF?\s*[[{]/.test(head) &&
    /"(?:title|type)"\s*:\s*"/.test(head) &&
    /"(?:id|author|issued|container-title|DOI|URL|citation-key)"\s*:/.test(head)
  );
}

export function parseCslJson(text: string): ParseOutcome<ParsedEntry> {
  const source = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    return {
      entries: [],
      problems: [
        {
          line: jsonErrorLine(error, source),
          reason: `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
          severity: 'error',
        },
      ],
    };
  }
  const items = Array.isArray(data) ? data : [data];
  const lines = Array.isArray(data) ? elementLines(source) : [1];
  if (!items.length)
    return { entries: [], problems: [{ line: 1, reason: 'CSL-JSON array holds no items', severity: 'error' }] };
  const entries: ParsedRecord<ParsedEntry>[] = [];
  const problems: ParseIssue[] = [];
  for (const [index, item] of items.entries()) {
    const at = { line: lines[index], ref: referenceOf(item, index) };
    if (index >= MAX_RECORDS_PER_FILE) {
      problems.push({
        ...at,
        reason: overRecordLimit(items.length, 'items'),
        severity: 'error',
      });
      break;
    }
    const outcome = readItem(item);
    // What is read is let go: a large export would otherwise be held twice over in the parser thread's heap.
    items[index] = undefined;
    problems.push(...outcome.problems.map((problem) => ({ ...at, ...problem })));
    if (outcome.entry) entries.push({ entry: outcome.entry, ...at });
  }
  return { entries, problems };
}

/** One item; a malformed one (nested past any real item, or one the library throws on) costs only itself. */
function readItem(item: unknown): CslRecordOutcome {
  if (nestedDeeperThan(item, MAX_NESTING_DEPTH))
    return {
      problems: [{ reason: `item is nested over ${MAX_NESTING_DEPTH} levels deep; skipped`, severity: 'error' }],
    };
  try {
    return entryFromCsl(isItem(item) ? withOwnFields(item, cleanCsl([withNameLists(item)])[0]) : item);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { problems: [{ reason: `cannot read this item: ${reason}; skipped`, severity: 'error' }] };
  }
}

/** Whether arrays and objects nest deeper than `limit`, found without recursion (a hostile item nests deeper than the stack). */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { node, depth } = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}

function isItem(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** CSL wants `author: [names]`; a hand-written file may give one string, which the library then parses. */
function withNameLists(item: Record<string, unknown>): Record<string, unknown> {
  const fixed = { ...item };
  for (const role of ['author', 'editor'] as const) {
    const names = fixed[role];
    if (typeof names === 'string') fixed[role] = splitAuthorList(names);
  }
  return fixed;
}

/** citation-js drops keys outside CSL; paperbot's own (`paperbot-summary`) are carried past it. */
function withOwnFields(item: Record<string, unknown>, cleaned: unknown): unknown {
  const own = Object.entries(item).filter(([key]) => key.startsWith('paperbot-'));
  return own.length && isItem(cleaned) ? { ...cleaned, ...Object.fromEntries(own) } : cleaned;
}

/** The item's `id` (a citation key or a Zotero URI) names it; else its place in the array. */
function referenceOf(item: unknown, index: number): string {
  const id = isItem(item) ? (item['citation-key'] ?? item.id) : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : `item ${index + 1}`;
}

/** The line where each element of the top-level array starts, found in one pass over the text. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectingElement = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n') {
      line++;
      continue;
    }
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (expectingElement && depth === 1 && !/\s/.test(char ?? '')) {
      lines.push(line);
      expectingElement = false;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth++;
      if (depth === 1) expectingElement = true;
    } else if (char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 1) expectingElement = true;
  }
  return lines;
}

/** V8 names the offset (`at position 123`); the line is what a user can find. */
function jsonErrorLine(error: unknown, text: string): number | undefined {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (position === undefined) return undefined;
  return text.slice(0, Number(position)).split('\n').length;
}
