import path from 'node:path';
import type { ParsedEntry, SourceFormat } from './entry.ts';
import type { ParseOutcome } from './problem.ts';
import { otherFrontMatterLanguage } from './front-matter-parser.ts';
import { DEFAULT_PARSE_OPTIONS, ENTRY_EXTENSIONS, formatsForExtension, type ParseOptions } from './formats.ts';

export type FileVerdict =
  | { readonly kind: 'ignored' }
  | ({ readonly kind: 'parsed'; readonly format?: SourceFormat } & ParseOutcome<ParsedEntry>);

/** Markdown files that document a corpus folder rather than being entries in it (Hugo's `_index.md` lists a section). */
const DOCUMENT_NAMES = /^(readme|changelog|license|licence|contributing|code_of_conduct|_index)(\.[a-z]+)?$/i;

/** Whether a path can hold an entry at all; everything else in the folder is passed over silently. */
export function isCandidatePath(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/);
  if (parts.some((part) => part.startsWith('.'))) return false;
  const base = parts.at(-1) ?? '';
  return ENTRY_EXTENSIONS.has(path.extname(base).toLowerCase()) && !DOCUMENT_NAMES.test(base);
}

/** Picks the parser by content among the formats that read this extension (a `.txt` may hold front matter). */
export function parseEntryFile(
  relativePath: string,
  bytes: Buffer,
  options: ParseOptions = DEFAULT_PARSE_OPTIONS,
): FileVerdict {
  if (!isCandidatePath(relativePath)) return { kind: 'ignored' };
  if (bytes.length === 0) return failed(1, 'empty file');
  const text = decodeUtf8(bytes);
  if (text === undefined) return failed(firstNonTextLine(bytes), 'not a text file (binary or not UTF-8)');
  if (!text.trim()) return failed(1, 'file holds only whitespace');
  const extension = path.extname(relativePath).toLowerCase();
  const candidates = formatsForExtension(extension);
  const format = candidates.find((candidate) => candidate.recognises(text, relativePath));
  if (format) {
    try {
      return { kind: 'parsed', format: format.name, ...format.parse(text, relativePath, options) };
    } catch (error) {
      // A parser library that throws on odd input must not take the load down with it.
      return failed(
        1,
        `could not be read as ${format.label}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
    }
  }
  return unrecognised(
    text,
    extension,
    candidates.map((candidate) => candidate.label),
  );
}

function unrecognised(text: string, extension: string, labels: string[]): FileVerdict {
  const language = otherFrontMatterLanguage(text);
  if (language) {
    return failed(
      1,
      `front matter in "${language.slice(0, 20)}" is refused: only YAML and TOML front matter are read, and code in an entry is never run`,
    );
  }
  if (extension === '.txt') {
    const cutAbstract = /^ABSTRACT:/m.exec(text);
    if (cutAbstract) {
      const line = text.slice(0, cutAbstract.index).split('\n').length;
      return failed(
        line,
        'BioStudies page cut short: ABSTRACT: is not followed by SUBMITTER:, PROVIDER: or REPOSITORIES: lines',
      );
    }
    return failed(
      1,
      'not a recognised entry: expected YAML front matter (---) or a BioStudies page with ABSTRACT:/PROVIDER: lines',
    );
  }
  if (extension === '.md' || extension === '.markdown')
    return failed(1, 'no front matter: expected the file to start with a --- (YAML) or +++ (TOML) line');
  // JSON that is not CSL-JSON is a site's data or configuration, passed over like any other file.
  if (extension === '.json') return { kind: 'ignored' };
  return failed(1, `not a recognised entry file: expected ${labels.join(' or ')}`);
}

function failed(line: number | undefined, reason: string): FileVerdict {
  return { kind: 'parsed', entries: [], problems: [{ line, reason, severity: 'error' }] };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The line holding the first NUL byte or invalid UTF-8 sequence, so `check` can point at it. */
function firstNonTextLine(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  while (start <= bytes.length) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline;
    if (decodeUtf8(bytes.subarray(start, end)) === undefined) return line;
    if (newline < 0) break;
    line++;
    start = newline + 1;
  }
  return 1;
}

function decodeUtf8(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
