import type { InvertedIndex } from './inverted-index.ts';

/** One index term a query term stands for, and how much a match on it counts. */
export interface Expansion {
  readonly id: number;
  readonly weight: number;
}

/**
 * A short prefix can stand for thousands of terms (`co`: covid, cohort, control, …); only the
 * most common completions are searched. Scoring each one costs a pass over its postings, and
 * the rare tail adds time, not answers a user would page to.
 */
export const MAX_PREFIX_EXPANSIONS = 48;
/** Typo matches for one word, nearest first; a long word has few neighbours anyway. */
export const MAX_FUZZY_EXPANSIONS = 24;

/** Typo allowance for a word that is itself in the index. */
const KNOWN_WORD_EDITS = 1;
/** Weights MiniSearch gives prefix and typo matches, so ranking feels the same as before. */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
const CACHE_SIZE = 5_000;

/**
 * Query term -> the index terms it matches: itself, its completions when it is typed as a
 * prefix, its near neighbours when typos are allowed. Answers are cached until a change to the
 * index adds a term.
 */
export class TermExpander {
  private readonly cache = new Map<string, readonly Expansion[]>();
  private cachedVersion = -1;

  constructor(private readonly index: InvertedIndex) {}

  expand(text: string, prefix: boolean, maxEdits: number): readonly Expansion[] {
    if (this.cachedVersion !== this.index.vocabularyVersion) {
      this.cache.clear();
      this.cachedVersion = this.index.vocabularyVersion;
    }
    const key = `${prefix ? 'p' : '-'}${maxEdits}${text}`;
    let found = this.cache.get(key);
    if (!found) {
      found = this.compute(text, prefix, maxEdits);
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, found);
    }
    return found;
  }

  private compute(text: string, prefix: boolean, maxEdits: number): Expansion[] {
    const expansions: Expansion[] = [];
    const exact = this.index.termId(text);
    if (exact !== undefined) expansions.push({ id: exact, weight: 1 });
    const taken = new Set<number>(exact === undefined ? [] : [exact]);
    if (prefix) {
      for (const id of this.index.withPrefix(text, MAX_PREFIX_EXPANSIONS)) {
        if (taken.has(id)) continue;
        taken.add(id);
        const length = this.index.termText(id).length;
        expansions.push({ id, weight: (PREFIX_WEIGHT * length) / (length + 0.3 * (length - text.length)) });
      }
    }
    if (maxEdits > 0) {
      // A word the index knows is probably spelled right: its one-edit neighbours (plurals,
      // spelling variants) still count, but the wider two-edit walk is kept for unknown words.
      const edits = exact !== undefined ? Math.min(maxEdits, KNOWN_WORD_EDITS) : maxEdits;
      for (const match of this.index.withinDistance(text, edits, MAX_FUZZY_EXPANSIONS)) {
        const term = this.index.termText(match.id);
        // A completion counts as a prefix match, as in MiniSearch, even when the prefix list was cut short.
        if (taken.has(match.id) || match.distance === 0 || (prefix && term.startsWith(text))) continue;
        taken.add(match.id);
        expansions.push({ id: match.id, weight: (FUZZY_WEIGHT * term.length) / (term.length + match.distance) });
      }
    }
    return expansions;
  }
}
