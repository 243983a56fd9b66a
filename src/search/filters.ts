import type { Entry } from '../corpus/entry.ts';
import { foldForMatching } from '../corpus/text.ts';
import type { ParsedQuery } from './query.ts';

/** The part of a query that is a yes/no test on each entry rather than a ranked match. */
export function entryFilter(query: ParsedQuery): ((entry: Entry) => boolean) | undefined {
  const tests: ((entry: Entry) => boolean)[] = [];
  if (query.kind) tests.push((entry) => entry.kind === query.kind);
  const years = query.years;
  if (years) tests.push((entry) => entry.year !== undefined && entry.year >= years.from && entry.year <= years.to);
  for (const author of query.authors) {
    const wanted = foldForMatching(author);
    if (!wanted) continue;
    tests.push((entry) => foldedOf(entry).authors.some((name) => startsAtWord(name, wanted)));
  }
  for (const phrase of query.phrases) {
    const wanted = foldForMatching(phrase);
    if (!wanted) continue;
    tests.push((entry) => startsAtWord(foldedOf(entry).text, wanted));
  }
  if (!tests.length) return undefined;
  return (entry) => tests.every((test) => test(entry));
}

interface FoldedEntry {
  readonly authors: readonly string[];
  readonly text: string;
}

/**
 * An entry's author names and text, folded once: a filter checks every match of a query, and
 * folding a whole abstract again for each costs more than the search. Entries are immutable
 * (a change replaces the object), so the cache never goes stale; it goes with the entry.
 */
const folded = new WeakMap<Entry, FoldedEntry>();

function foldedOf(entry: Entry): FoldedEntry {
  let known = folded.get(entry);
  if (!known) {
    known = { authors: entry.authors.map(foldForMatching), text: foldForMatching(searchableText(entry)) };
    folded.set(entry, known);
  }
  return known;
}

function searchableText(entry: Entry): string {
  return [entry.title, entry.summary ?? '', entry.abstract ?? '', entry.journal ?? ''].join(' \n ');
}

/** `zhao` matches `zhao robert chunhua` and `li zhao`, not `nozhao`. */
function startsAtWord(haystack: string, needle: string): boolean {
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return false;
    if (at === 0 || haystack[at - 1] === ' ') return true;
    from = at + 1;
  }
}
