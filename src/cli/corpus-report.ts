import type { Corpus } from '../corpus/corpus.ts';
import type { Entry, SourceFormat } from '../corpus/entry.ts';
import { formatLabel } from '../corpus/formats.ts';
import { formatProblem, type Problem } from '../corpus/problem.ts';
import { type SharedTitle, sharedTitles } from './title-report.ts';

/**
 * What `paperbot check` says about a corpus folder: per format, the files read, the entries
 * served and how many of them have each field a reader looks for; every problem; and whether
 * everything the files hold is served. The same data is printed as a table or as JSON for CI.
 */

/** The fields counted per format, in the order the table shows them. */
export const REPORTED_FIELDS = ['title', 'authors', 'year', 'link', 'doi', 'abstract'] as const;
export type ReportedField = (typeof REPORTED_FIELDS)[number];

export interface FormatReport {
  readonly format: SourceFormat;
  readonly label: string;
  /** Files that gave at least one entry in this format. */
  readonly files: number;
  /** Entries served from this format (a paper found in two files counts once). */
  readonly entries: number;
  /** How many of those entries have each field. */
  readonly fields: Readonly<Record<ReportedField, number>>;
}

export interface CorpusReport {
  /** True only when every file gave its entries, no entry clashed or was dropped, and no title is shared by many pages. */
  readonly ok: boolean;
  readonly entries: number;
  readonly failedFiles: number;
  readonly errors: number;
  readonly warnings: number;
  readonly formats: readonly FormatReport[];
  readonly problems: readonly (Problem & { readonly text: string })[];
  /** Folders whose pages share a "title": a venue or category read as the title (see title-report.ts). */
  readonly sharedTitles: readonly SharedTitle[];
}

const HAS: Readonly<Record<ReportedField, (entry: Entry) => boolean>> = {
  title: (entry) => entry.title.length > 0,
  authors: (entry) => entry.authors.length > 0,
  year: (entry) => entry.year !== undefined,
  link: (entry) => Boolean(entry.link),
  doi: (entry) => Boolean(entry.doi),
  abstract: (entry) => Boolean(entry.abstract),
};

export function corpusReport(corpus: Corpus): CorpusReport {
  const problems = corpus.problems();
  const failedFiles = corpus.failedFiles().length;
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const byFormat = new Map<SourceFormat, { files: Set<string>; entries: Entry[] }>();
  for (const record of corpus.fileRecords()) {
    for (const entry of record.entries) {
      const bucket = byFormat.get(entry.source.format) ?? { files: new Set<string>(), entries: [] };
      bucket.files.add(record.path);
      byFormat.set(entry.source.format, bucket);
    }
  }
  for (const entry of corpus.entries()) byFormat.get(entry.source.format)?.entries.push(entry);
  const formats = [...byFormat].map(([format, { files, entries }]) => ({
    format,
    label: formatLabel(format),
    files: files.size,
    entries: entries.length,
    fields: Object.fromEntries(REPORTED_FIELDS.map((field) => [field, entries.filter(HAS[field]).length])) as Record<
      ReportedField,
      number
    >,
  }));
  const shared = sharedTitles(corpus, problems);
  return {
    ok: failedFiles === 0 && errors === 0 && shared.length === 0,
    entries: corpus.size,
    failedFiles,
    errors,
    warnings: problems.length - errors,
    formats,
    // `path:line: warning: reason`, the compiler convention, so CI problem matchers keep the location first.
    problems: problems.map((problem) => ({
      ...problem,
      text: formatProblem(
        problem.severity === 'warning' ? { ...problem, reason: `warning: ${problem.reason}` } : problem,
      ),
    })),
    sharedTitles: shared,
  };
}

/** The report as lines of text: problems, a table per format when there are entries, a summary. */
export function reportLines(report: CorpusReport): string[] {
  const lines = report.problems.map((problem) => problem.text);
  for (const shared of report.sharedTitles) lines.push(...sharedTitleLines(shared));
  if (report.formats.length) {
    const header = ['format', 'files', 'entries', ...REPORTED_FIELDS];
    const rows = report.formats.map((format) => [
      format.label,
      String(format.files),
      String(format.entries),
      ...REPORTED_FIELDS.map((field) => percent(format.fields[field], format.entries)),
    ]);
    const widths = header.map((cell, column) =>
      Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
    );
    const render = (row: readonly string[]): string =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
        .join('  ')
        .trimEnd();
    if (lines.length) lines.push('');
    lines.push(render(header), ...rows.map(render), '');
  }
  lines.push(
    `${count(report.entries, 'entry', 'entries')} loaded, ${count(report.failedFiles, 'file', 'files')} failed, ${count(report.warnings + report.sharedTitles.length, 'warning', 'warnings')}`,
  );
  return lines;
}

/** One warning line naming the shared titles, then the map that would read the real ones. */
function sharedTitleLines(shared: SharedTitle): string[] {
  const named = shared.titles
    .slice(0, 3)
    .map((title) => `"${title.title.slice(0, 60)}" (${title.pages} of ${shared.pages} pages)`)
    .join(', ');
  return [
    `${shared.folder}: warning: one title shared by many pages: ${named}; a venue or category is in the title field, so pages are served under it. Say where the title is in paperbot.yml at the corpus root:`,
    ...shared.suggestion.map((line) => `    ${line}`),
  ];
}

function percent(part: number, whole: number): string {
  return whole ? `${Math.floor((part / whole) * 100)}%` : '–';
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
