import path from 'node:path';
import type { Corpus } from '../corpus/corpus.ts';
import type { Problem } from '../corpus/problem.ts';
import { TITLE_MAP_LINE } from '../corpus/title-fields.ts';
import { foldForMatching } from '../corpus/text.ts';

/**
 * A "title" shared by many pages of one folder is a venue or a category in the title field (a
 * site that keeps the journal in `title` and the paper's title elsewhere): every page is served
 * under it and nobody finds a paper by its title. `check` names it and the map lines that fix it.
 */

/** At least this many pages, and this share of the folder's pages, before a shared title is named. */
const MIN_PAGES = 3;
const MIN_SHARE = 0.2;
const PAGE_FORMATS = new Set(['front-matter', 'toml-front-matter']);

export interface SharedTitle {
  /** The folder the pages are in (a page bundle's section for `…/index.md`). */
  readonly folder: string;
  readonly pages: number;
  /** The titles shared, most used first, with how many pages give each. */
  readonly titles: readonly { readonly title: string; readonly pages: number }[];
  /** The paperbot.yml lines that would read the real titles. */
  readonly suggestion: readonly string[];
}

export function sharedTitles(corpus: Corpus, problems: readonly Problem[]): SharedTitle[] {
  const folders = new Map<string, { pages: number; titles: Map<string, { title: string; paths: string[] }> }>();
  for (const record of corpus.eachFileRecord()) {
    const entry = record.entries[0];
    if (!entry || record.entries.length > 1 || !PAGE_FORMATS.has(entry.source.format)) continue;
    const folder = sectionOf(record.path);
    const bucket = folders.get(folder) ?? { pages: 0, titles: new Map() };
    bucket.pages++;
    const key = foldForMatching(entry.title);
    const same = bucket.titles.get(key) ?? { title: entry.title, paths: [] };
    same.paths.push(record.path);
    bucket.titles.set(key, same);
    folders.set(folder, bucket);
  }
  const found: SharedTitle[] = [];
  for (const [folder, { pages, titles }] of folders) {
    const shared = [...titles.values()]
      .filter((same) => same.paths.length >= MIN_PAGES && same.paths.length >= pages * MIN_SHARE)
      .sort((a, b) => b.paths.length - a.paths.length);
    if (!shared.length) continue;
    found.push({
      folder,
      pages,
      titles: shared.map((same) => ({ title: same.title, pages: same.paths.length })),
      suggestion: suggestedMap(
        problems,
        shared.flatMap((same) => same.paths),
      ),
    });
  }
  return found.sort((a, b) => a.folder.localeCompare(b.folder));
}

/** `content/publication/x/index.md` and `index.de.md` belong to `content/publication`; other pages to their folder. */
function sectionOf(file: string): string {
  const folder = path.posix.dirname(file.replace(/\\/g, '/'));
  const bundle = /^index(\.[\w-]+)?\.(md|markdown)$/i.test(path.posix.basename(file));
  const section = bundle ? path.posix.dirname(folder) : folder;
  return section === '.' ? '(corpus root)' : section;
}

/** The map the pages' own warnings point to (the title-like field they hold), else a template to fill in. */
function suggestedMap(problems: readonly Problem[], paths: readonly string[]): string[] {
  const votes = new Map<string, number>();
  const wanted = new Set(paths);
  for (const problem of problems) {
    if (!wanted.has(problem.path)) continue;
    const line = TITLE_MAP_LINE.exec(problem.reason)?.[1];
    if (line) votes.set(line, (votes.get(line) ?? 0) + 1);
  }
  const best = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
  return ['fields:', `  title: ${best ?? '["<where the title is>", title]'}`, '  venue: title'];
}
