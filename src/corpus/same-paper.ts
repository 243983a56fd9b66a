import { createHash } from 'node:crypto';
import type { Entry } from './entry.ts';
import { foldForMatching } from './text.ts';

/**
 * When two records that share a key are one paper. A DOI or accession is the same paper only
 * with a matching title (sites copy DOIs between pages by mistake); a title key (no DOI) is the
 * same paper only when the years and first authors that both give agree ("Editorial",
 * "Keynote", "Preface" recur every year). Records that are not one paper each stay served,
 * under a key of their own.
 */

/**
 * Groups records with one key into papers. The group seen first keeps the plain key, so a page
 * added later with a copied DOI never takes the key (and the notifications) of the one before it.
 */
export function groupSamePaper(entries: readonly Entry[]): Entry[][] {
  const groups: Entry[][] = [];
  for (const entry of [...entries].sort(bySource)) {
    const group = groups.find((members) => members.every((member) => samePaper(member, entry)));
    if (group) group.push(entry);
    else groups.push([entry]);
  }
  return groups;
}

export function samePaper(a: Entry, b: Entry): boolean {
  if (!titlesMatch(a.title, b.title)) return false;
  if (a.key.startsWith('title:')) {
    if (a.year !== undefined && b.year !== undefined && a.year !== b.year) return false;
    const firstA = firstAuthorFamily(a);
    const firstB = firstAuthorFamily(b);
    if (firstA && firstB && firstA !== firstB) return false;
  }
  return true;
}

/**
 * The same title written two ways: equal once folded (case, accents, punctuation, markup), one
 * the other plus a subtitle, or nearly the same words (a typo fixed on one page).
 */
export function titlesMatch(a: string, b: string): boolean {
  const foldedA = foldForMatching(a);
  const foldedB = foldForMatching(b);
  if (foldedA === foldedB) return true;
  const [shorter, longer] = foldedA.length <= foldedB.length ? [foldedA, foldedB] : [foldedB, foldedA];
  if (shorter.length >= 20 && longer.startsWith(`${shorter} `)) return true;
  const wordsA = new Set(foldedA.split(' '));
  const wordsB = new Set(foldedB.split(' '));
  const shared = [...wordsA].filter((word) => wordsB.has(word)).length;
  return wordsA.size >= 4 && shared / (wordsA.size + wordsB.size - shared) >= 0.8;
}

/** The key of a record that shares its DOI (or title key) with a different paper: stable, and tied to what it is. */
export function distinctKey(baseKey: string, entry: Entry): string {
  const identity = [foldForMatching(entry.title), entry.year ?? '', firstAuthorFamily(entry) ?? ''].join('|');
  return `${baseKey}~${createHash('sha256').update(identity).digest('hex').slice(0, 8)}`;
}

/** The key a record was given by its parser, before any distinct-key suffix. */
export function baseKeyOf(key: string): string {
  return key.replace(/~[0-9a-f]{8}$/, '');
}

function firstAuthorFamily(entry: Entry): string | undefined {
  const first = entry.authors[0];
  if (!first) return undefined;
  // `Zhu, Rongjia` and `Zhu R` name the family first; `Rongjia Zhu` names it last.
  const family = first.includes(',')
    ? first.split(',')[0]
    : /\s\p{Lu}{1,3}\.?$/u.test(first)
      ? first.split(' ')[0]
      : first.split(' ').at(-1);
  const folded = foldForMatching(family ?? '');
  return folded || undefined;
}

function bySource(a: Entry, b: Entry): number {
  return (
    a.added.localeCompare(b.added) ||
    a.source.path.localeCompare(b.source.path) ||
    (a.source.line ?? 0) - (b.source.line ?? 0)
  );
}
