/**
 * How much work one corpus file, and one record in it, may cost. A file or record over a limit is
 * reported as a problem (`paperbot check` names it) and costs only itself; docs/corpus.md
 * ("Limits") lists them for users.
 */

/** Characters the `@string` macros one BibTeX record uses may expand to. */
export const MAX_MACRO_EXPANSION_CHARS = 100_000;

/** Authors kept per record; the rest are dropped with a warning (consortium papers stay under it). */
export const MAX_AUTHORS_PER_RECORD = 5_000;

/** Lines one RIS or PubMed record may span; a record without its end line would otherwise take the rest of the file. */
export const MAX_RECORD_LINES = 50_000;

/** Records read from one file; the rest are reported and not read. */
export const MAX_RECORDS_PER_FILE = 500_000;

/** The problem for the first record past MAX_RECORDS_PER_FILE, which ends the file's reading. */
export function overRecordLimit(count: number, noun: 'records' | 'items'): string {
  return `the file holds ${count} ${noun}, over the ${MAX_RECORDS_PER_FILE} limit; this one and every later one are not read`;
}

/** Nesting of arrays and objects within one CSL-JSON item; a real item nests a few levels. */
export const MAX_NESTING_DEPTH = 64;

/** How long one file may take to parse before its parser thread is stopped and the file skipped. */
export const PARSE_TIME_LIMIT_MS = 120_000;

/** Heap of one parser thread: a file that needs more is skipped, and the bot keeps its own memory. */
export const PARSER_HEAP_MB = 1_024;

/** Parser threads at once: the bot's own thread keeps the rest of the machine. */
export const PARSER_THREADS = 2;
