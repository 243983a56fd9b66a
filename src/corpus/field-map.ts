import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import type { Problem } from './problem.ts';

/**
 * `paperbot.yml` at a corpus folder's root: where a site keeps each entry field in its front
 * matter, for sites that name their fields freely (the journal in `title`, the paper's title in
 * `en: {subtitle}`). Plain data, so it crosses to a parsing thread as it is.
 */

export const FIELD_MAP_FILE = 'paperbot.yml';

/** The entry fields a map can place; `venue` is the entry's journal. */
export const MAPPED_FIELDS = [
  'title',
  'authors',
  'abstract',
  'summary',
  'venue',
  'date',
  'year',
  'link',
  'doi',
  'kind',
] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

/** Per entry field, the front-matter paths read in order: the first that holds a value wins. */
export type FieldPaths = Partial<Record<MappedField, readonly string[]>>;

export interface FieldMapOverride {
  /** Globs relative to the folder root (`_publications/**`), or folders (`content/publication`). */
  readonly match: readonly string[];
  readonly fields: FieldPaths;
}

export interface FieldMap {
  readonly fields: FieldPaths;
  /** Later overrides win over earlier ones and over `fields`, field by field. */
  readonly overrides: readonly FieldMapOverride[];
  /** A digest of the file's text: a changed map means every page is read again. */
  readonly digest: string;
}

export type FieldMapLoad =
  | { readonly ok: true; readonly map?: FieldMap }
  | { readonly ok: false; readonly problems: readonly Problem[] };

const PATHS_MESSAGE = 'expected a path or a list of paths (such as title or "{lang}.subtitle")';
/** `title`, `en.subtitle`, `{lang}.description`, `params.authors`, `links.0.url`. */
const PATH_PATTERN = /^(?:[\w-]+|\{lang\})(?:\.(?:[\w-]+|\{lang\}))*$/;

const pathText = z.string({ error: PATHS_MESSAGE }).regex(PATH_PATTERN, { error: PATHS_MESSAGE });
const paths = z.union([pathText.transform((one) => [one]), z.array(pathText, { error: PATHS_MESSAGE }).min(1)], {
  error: PATHS_MESSAGE,
});
const fieldsSchema = z.strictObject(
  Object.fromEntries(MAPPED_FIELDS.map((field) => [field, paths.optional()])) as Record<
    MappedField,
    z.ZodOptional<typeof paths>
  >,
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown entry field "${issue.keys.join('", "')}"; expected ${MAPPED_FIELDS.join(', ')}`
        : 'expected a mapping of entry fields to paths',
  },
);
const GLOB_MESSAGE = 'expected a glob or a folder relative to the corpus folder, or a list of them';
const glob = z
  .string({ error: GLOB_MESSAGE })
  .min(1, { error: GLOB_MESSAGE })
  .refine((text) => !text.startsWith('/') && !text.split('/').includes('..'), { error: GLOB_MESSAGE });
const schema = z.strictObject(
  {
    fields: fieldsSchema.optional(),
    overrides: z
      .array(
        z.strictObject(
          {
            match: z.union([glob.transform((one) => [one]), z.array(glob).min(1)], { error: GLOB_MESSAGE }),
            fields: fieldsSchema,
          },
          { error: 'expected { match: <glob>, fields: {…} }' },
        ),
        { error: 'expected a list of { match: <glob>, fields: {…} }' },
      )
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown setting "${issue.keys.join('", "')}"; expected fields or overrides`
        : 'expected a mapping with fields: and overrides:',
  },
);

/** The field map of a folder root: none when the folder has no paperbot.yml. */
export async function loadFieldMap(root: string): Promise<FieldMapLoad> {
  let text: string;
  try {
    text = await fs.readFile(path.join(root, FIELD_MAP_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true };
    return {
      ok: false,
      problems: [{ path: FIELD_MAP_FILE, reason: `cannot read: ${(error as Error).message}`, severity: 'error' }],
    };
  }
  return parseFieldMap(text);
}

const refuse = (): never => {
  throw new Error('only YAML is read');
};

export function parseFieldMap(text: string): FieldMapLoad {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let data: unknown;
  try {
    // gray-matter's own YAML reader, so the map is read exactly as the pages are.
    data = matter(`---\n${normalised}\n---\n`, { engines: { js: refuse, javascript: refuse, coffee: refuse } }).data;
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message.split('\n')[0];
    return {
      ok: false,
      problems: [
        {
          path: FIELD_MAP_FILE,
          line: typeof mark?.line === 'number' ? mark.line : undefined,
          reason: `YAML syntax error: ${reason}`,
          severity: 'error',
        },
      ],
    };
  }
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.slice(0, 5).map((issue) => {
        // An unknown key is named by the key itself; zod points at the mapping holding it.
        const keys = issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [];
        const at = [...issue.path, ...keys];
        return {
          path: FIELD_MAP_FILE,
          line: lineOfPath(normalised, at),
          reason: at.length ? `${at.join('.')}: ${issue.message}` : issue.message,
          severity: 'error' as const,
        };
      }),
    };
  }
  const { fields = {}, overrides = [] } = parsed.data;
  return {
    ok: true,
    map: {
      fields: compact(fields),
      overrides: overrides.map((o) => ({ ...o, fields: compact(o.fields) })),
      digest: digestOf(text),
    },
  };
}

function compact(fields: Partial<Record<MappedField, string[] | undefined>>): FieldPaths {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The paths each field is read from for one file (`relativePath` with forward slashes). */
export function fieldsFor(map: FieldMap | undefined, relativePath: string): FieldPaths | undefined {
  if (!map) return undefined;
  let fields: FieldPaths = map.fields;
  for (const override of map.overrides)
    if (override.match.some((pattern) => globMatches(pattern, relativePath)))
      fields = { ...fields, ...override.fields };
  return Object.keys(fields).length ? fields : undefined;
}

const compiled = new Map<string, RegExp>();

/** `*` and `?` stay within a folder, `**` crosses folders; a pattern without them matches a file or a folder. */
export function globMatches(pattern: string, relativePath: string): boolean {
  let regex = compiled.get(pattern);
  if (!regex) {
    const trimmed = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
    let source = '';
    for (let i = 0; i < trimmed.length; i++) {
      const char = trimmed[i] ?? '';
      if (char === '*' && trimmed[i + 1] === '*') {
        source += trimmed[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += trimmed[i + 2] === '/' ? 2 : 1;
      } else if (char === '*') source += '[^/]*';
      else if (char === '?') source += '[^/]';
      else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    regex = new RegExp(/[*?]/.test(trimmed) ? `^${source}$` : `^${source}(?:/.*)?$`);
    compiled.set(pattern, regex);
  }
  return regex.test(relativePath.replace(/\\/g, '/'));
}

export function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * The line of a key path in the YAML text, found by indentation: a mapping key's line, or a list
 * item's. Near enough for a message; the line of the last segment found otherwise.
 */
export function lineOfPath(text: string, keys: readonly PropertyKey[]): number | undefined {
  const lines = text.split('\n');
  let from = 0;
  let indent = -1;
  let found: number | undefined;
  for (const key of keys) {
    let index = -1;
    if (typeof key === 'number') {
      let listIndent: number | undefined;
      let seen = -1;
      for (let i = from; i < lines.length; i++) {
        const itemIndent = /^(\s*)- /.exec(lines[i] ?? '')?.[1]?.length;
        if (itemIndent === undefined) continue;
        listIndent ??= itemIndent;
        if (itemIndent === listIndent && ++seen === key) {
          index = i;
          indent = itemIndent;
          break;
        }
      }
    } else {
      const name = String(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const pattern = new RegExp(`^(\\s*(?:- )?)["']?${name}["']?\\s*:`);
      for (let i = from; i < lines.length; i++) {
        const match = pattern.exec(lines[i] ?? '');
        if (match && (match[1] ?? '').length > indent) {
          index = i;
          indent = (match[1] ?? '').length;
          break;
        }
      }
    }
    if (index < 0) break;
    found = index + 1;
    from = typeof key === 'number' ? index : index + 1;
  }
  return found;
}
