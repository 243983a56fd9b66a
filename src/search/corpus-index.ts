import type { Entry } from '../corpus/entry.ts';
import { analyseEntry, queryTerms } from './fields.ts';
import { FilterIndex } from './filter-index.ts';
import type { FilterImage } from './filter-image.ts';
import { InvertedIndex } from './inverted-index.ts';
import type { PostingsImage } from './postings-image.ts';
import { isFilterOnly, type ParsedQuery } from './query.ts';
import { Ranker, type PlannedTerm, type RankRequest } from './ranking.ts';
import { parseReference } from './references.ts';
import { TopScores } from './top-scores.ts';

export interface Hit {
  readonly entry: Entry;
  readonly score: number;
  /** Index terms that matched (after prefix and typo expansion), for highlighting. */
  readonly terms: readonly string[];
}

export interface SearchPage {
  readonly hits: readonly Hit[];
  readonly total: number;
}

/** The index as flat arrays, for the snapshot. */
export interface IndexImage {
  readonly postings: PostingsImage;
  readonly filters: FilterImage;
}

/** Words shorter than this are matched exactly: a typo allowance on `MSC` would match half the corpus. */
const MIN_FUZZY_LENGTH = 5;
const FUZZINESS = 0.2;
const MAX_FUZZY_EDITS = 2;
/** A prefix of one letter expands to thousands of terms and says little. */
const MIN_PREFIX_LENGTH = 2;
const SIMILAR_QUERY_TERMS = 24;

const typoAllowance = (term: string): number => (term.length >= MIN_FUZZY_LENGTH ? Math.min(MAX_FUZZY_EDITS, Math.round(term.length * FUZZINESS)) : 0);
const lastWordPrefix: RankRequest['prefix'] = (term, index, terms) => index === terms.length - 1 && term.length >= MIN_PREFIX_LENGTH;
const everyWordPrefix: RankRequest['prefix'] = (term) => term.length >= MIN_PREFIX_LENGTH;
const exactOnly = (): number => 0;

/** The corpus as the search engine sees it, plus the lookups commands need: refs, filters, similar. */
export class CorpusIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly byAccession = new Map<string, string>();
  private readonly inverted: InvertedIndex;
  private readonly filters: FilterIndex;
  private readonly ranker: Ranker;

  /**
   * Indexes `entries`, or adopts `image` (a snapshot) for them: then entries the image lacks
   * are added and documents without an entry dropped, so the two always agree.
   */
  constructor(entries: Iterable<Entry> = [], image?: IndexImage) {
    for (const entry of entries) this.remember(entry);
    if (image) {
      if (image.postings.keys.length !== image.filters.kinds.length) throw new Error('index image is inconsistent: postings and filters disagree on the number of documents');
      this.inverted = InvertedIndex.fromImage(image.postings);
      this.filters = FilterIndex.fromImage(image.filters);
      for (const key of image.postings.keys) if (!this.entries.has(key)) this.inverted.remove(key);
    } else {
      this.inverted = InvertedIndex.build(this.entries.values());
      this.filters = FilterIndex.build(this.entries.values());
    }
    this.ranker = new Ranker(this.inverted);
    if (image) for (const entry of this.entries.values()) if (this.inverted.docOf(entry.key) === undefined) this.indexEntry(entry);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  all(): IterableIterator<Entry> {
    return this.entries.values();
  }

  upsert(entry: Entry): void {
    if (this.entries.has(entry.key)) this.remove(entry.key);
    this.remember(entry);
    this.indexEntry(entry);
  }

  remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (entry.accession && this.byAccession.get(entry.accession) === key) this.byAccession.delete(entry.accession);
    this.inverted.remove(key);
  }

  /** The index as flat arrays (compacted first), for the snapshot. */
  toImage(): IndexImage {
    if (!this.inverted.isCompact) this.compact();
    return { postings: this.inverted.toImage(), filters: this.filters.toImage() };
  }

  search(query: ParsedQuery, page: { offset: number; limit: number }): SearchPage {
    const accept = this.acceptor(query);
    if (isFilterOnly(query)) return this.newestFirst(accept, page);
    const request: RankRequest = {
      text: [...query.words, ...query.phrases].join(' '),
      prefix: lastWordPrefix,
      maxEdits: typoAllowance,
      combineWith: 'AND',
      accept,
      offset: page.offset,
      limit: page.limit,
    };
    let ranked = this.ranker.rank(request);
    if (!ranked.total && query.words.length + query.phrases.length >= 2) {
      // Nothing has every word: rank by any of them rather than answer with nothing.
      ranked = this.ranker.rank({ ...request, combineWith: 'OR' }, ranked.plan);
    }
    return { total: ranked.total, hits: this.hits(ranked.docs, ranked.scores, ranked.plan) };
  }

  /** Finds the one entry a user named by key, accession, DOI, link or words. */
  resolve(input: string): Entry | undefined {
    const reference = parseReference(input);
    if (reference.kind === 'keys') {
      for (const key of reference.keys) {
        const entry = this.entries.get(key);
        if (entry) return entry;
      }
      const viaAccession = reference.accession ? this.byAccession.get(reference.accession) : undefined;
      return viaAccession ? this.entries.get(viaAccession) : undefined;
    }
    const words = reference.text.trim();
    if (!words) return undefined;
    const request: RankRequest = { text: words, prefix: lastWordPrefix, maxEdits: typoAllowance, combineWith: 'AND', offset: 0, limit: 1 };
    const strict = this.ranker.rank(request);
    const best = strict.docs[0] ?? this.ranker.rank({ ...request, combineWith: 'OR' }, strict.plan).docs[0];
    return best === undefined ? undefined : this.entryOf(best);
  }

  /** Entries most like this one by their words, never the entry itself. */
  similarTo(entry: Entry, limit: number): Hit[] {
    const text = [entry.title, entry.title, entry.summary ?? '', entry.abstract ?? ''].join(' ');
    const terms = distinctiveTerms(text, SIMILAR_QUERY_TERMS);
    if (!terms.length) return [];
    const self = this.inverted.docOf(entry.key);
    const ranked = this.ranker.rank({
      text: terms.join(' '), prefix: () => false, maxEdits: exactOnly, combineWith: 'OR', accept: (doc) => doc !== self, offset: 0, limit,
    });
    return this.hits(ranked.docs, ranked.scores, ranked.plan);
  }

  /** Titles for an autocomplete box: best matches for what is typed, newest entries when nothing is. */
  suggest(partial: string, limit: number): Entry[] {
    const text = partial.trim();
    if (!text) {
      return [...this.entries.values()].sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || a.title.localeCompare(b.title)).slice(0, limit);
    }
    const direct = parseReference(text).kind === 'keys' ? this.resolve(text) : undefined;
    const ranked = this.ranker.rank({ text, prefix: everyWordPrefix, maxEdits: typoAllowance, combineWith: 'AND', offset: 0, limit });
    const found = ranked.docs.flatMap((doc) => this.entryOf(doc) ?? []);
    return [...new Set([...(direct ? [direct] : []), ...found])].slice(0, limit);
  }

  /**
   * Which of the given entries the query finds, the way a search does before it relaxes to
   * any-word matching: what decides whether a new entry is announced to a subscription.
   */
  matchingKeys(query: ParsedQuery, keys: Iterable<string>): Set<string> {
    const wanted = new Set<number>();
    for (const key of keys) {
      const doc = this.inverted.docOf(key);
      if (doc !== undefined) wanted.add(doc);
    }
    if (!wanted.size) return new Set();
    const passes = this.acceptor(query);
    const accept = (doc: number): boolean => wanted.has(doc) && passes(doc);
    const docs = isFilterOnly(query)
      ? [...wanted].filter(accept)
      : this.ranker.rank({
        text: [...query.words, ...query.phrases].join(' '), prefix: lastWordPrefix, maxEdits: typoAllowance, combineWith: 'AND', accept, offset: 0, limit: wanted.size,
      }).docs;
    return new Set(docs.flatMap((doc) => this.inverted.keyOf(doc) ?? []));
  }

  private hits(docs: readonly number[], scores: readonly number[], plan: readonly PlannedTerm[]): Hit[] {
    return docs.flatMap((doc, i) => {
      const entry = this.entryOf(doc);
      return entry ? [{ entry, score: scores[i] as number, terms: this.ranker.matchedTerms(doc, plan) }] : [];
    });
  }

  /** Filters alone: every entry that passes, newest first. */
  private newestFirst(accept: (doc: number) => boolean, page: { offset: number; limit: number }): SearchPage {
    const top = new TopScores(page.offset + page.limit);
    let total = 0;
    for (let doc = 0; doc < this.inverted.documentSlots; doc++) {
      if (!this.inverted.isLive(doc) || !accept(doc)) continue;
      total++;
      top.offer(doc, this.filters.year(doc) ?? 0);
    }
    const hits = top.sorted().slice(page.offset).flatMap(({ doc, score }) => {
      const entry = this.entryOf(doc);
      return entry ? [{ entry, score, terms: [] }] : [];
    });
    return { total, hits };
  }

  private acceptor(query: ParsedQuery): (doc: number) => boolean {
    const filter = this.filters.compile(query);
    const excluded = this.excludedDocs(query.excluded);
    if (!excluded) return filter ?? (() => true);
    return (doc) => excluded[doc] !== 1 && (!filter || filter(doc));
  }

  /** Documents holding any term of an excluded word (exact terms: `-covid` does not drop `covidien`). */
  private excludedDocs(words: readonly string[]): Uint8Array | undefined {
    if (!words.length) return undefined;
    const marks = new Uint8Array(this.inverted.documentSlots);
    for (const word of words) {
      for (const term of queryTerms(word)) {
        const id = this.inverted.termId(term);
        if (id !== undefined) this.inverted.visitAllPostings(id, (doc) => (marks[doc] = 1));
      }
    }
    return marks;
  }

  private entryOf(doc: number): Entry | undefined {
    const key = this.inverted.keyOf(doc);
    return key === undefined ? undefined : this.entries.get(key);
  }

  private indexEntry(entry: Entry): void {
    const doc = this.inverted.add(analyseEntry(entry));
    this.filters.add(doc, entry);
    if (this.inverted.needsCompaction()) this.compact();
  }

  private compact(): void {
    this.filters.compact(this.inverted.compact());
  }

  private remember(entry: Entry): void {
    this.entries.set(entry.key, entry);
    if (entry.accession) this.byAccession.set(entry.accession, entry.key);
  }
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
