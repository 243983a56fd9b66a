import type { Entry } from '../corpus/entry.ts';

const SIMILAR_QUERY_TERMS = 24;

/** What "similar" searches for: the entry's most telling words, its title counted twice. */
export function similarityTerms(entry: Entry): string[] {
  return distinctiveTerms(
    [entry.title, entry.title, entry.summary ?? '', entry.abstract ?? ''].join(' '),
    SIMILAR_QUERY_TERMS,
  );
}

/** The words of a text that say most about it: frequent in it, long, not stop words. */
function distinctiveTerms(text: string, count: number): string[] {
  const frequency = new Map<string, number>();
  for (const match of text.toLowerCase().matchAll(/[\p{L}][\p{L}\p{N}]{3,}/gu)) {
    frequency.set(match[0], (frequency.get(match[0]) ?? 0) + 1);
  }
  return [...frequency]
    .sort((a, b) => b[1] * Math.log(b[0].length) - a[1] * Math.log(a[0].length) || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([term]) => term);
}
