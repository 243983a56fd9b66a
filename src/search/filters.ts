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
    tests.push((entry) => entry.authors.some((name) => startsAtWord(foldForMatching(name), wanted)));
  }
  for (const phrase of query.phrases) {
    const wanted = foldForMatching(phrase);
    if (!wanted) continue;
    tests.push((entry) => startsAtWord(foldForMatching(searchableText(entry)), wanted));
  }
  if (!tests.length) return undefined;
  return (entry) => tests.every((test) => test(entry));
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
