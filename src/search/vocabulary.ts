import { editDistanceWithin } from './edit-distance.ts';
import { lowerBound, prefixEnd } from './sorted-terms.ts';
import { TermTrie } from './term-trie.ts';
import { ensureCapacity } from './typed-arrays.ts';

export interface TermMatch {
  readonly id: number;
  readonly distance: number;
}

/**
 * The index's terms: the image's run, sorted (a term's number is its position), then the
 * terms added since, unsorted and few. Knows how common each term is, which completions and
 * near misses a query word has, and the order a compaction writes them in.
 */
export class Vocabulary {
  private readonly added: string[] = [];
  /** Numbers of the added terms; the image's are found by binary search, with no map to build at start. */
  private readonly addedIds = new Map<string, number>();
  private counts: Uint32Array;
  /** Built on the first typo look-up, for the image's terms; added terms are scanned. */
  private trie: TermTrie | undefined;

  constructor(
    private readonly sorted: readonly string[],
    postingCounts: Uint32Array,
  ) {
    this.counts = postingCounts;
  }

  /** Terms numbered below this are the image's, in sorted order. */
  get imageCount(): number {
    return this.sorted.length;
  }

  get imageTerms(): readonly string[] {
    return this.sorted;
  }

  get addedCount(): number {
    return this.added.length;
  }

  id(text: string): number | undefined {
    const at = lowerBound(this.sorted, text);
    return this.sorted[at] === text ? at : this.addedIds.get(text);
  }

  text(id: number): string {
    return (id < this.sorted.length ? this.sorted[id] : this.added[id - this.sorted.length]) as string;
  }

  /** Postings of the term over all fields: how common it is, for choosing expansions. */
  count(id: number): number {
    return this.counts[id] ?? 0;
  }

  countPosting(id: number): void {
    this.counts[id] = (this.counts[id] as number) + 1;
  }

  add(text: string): number {
    const id = this.sorted.length + this.added.length;
    this.added.push(text);
    this.addedIds.set(text, id);
    this.counts = ensureCapacity(this.counts, id + 1);
    return id;
  }

  /** The `limit` most common terms that start with `prefix` (the prefix itself included if it is a term). */
  withPrefix(prefix: string, limit: number): number[] {
    const start = lowerBound(this.sorted, prefix);
    const end = prefixEnd(this.sorted, prefix, start);
    const chosen = new TopByCount(limit, this.counts);
    for (let id = start; id < end; id++) chosen.offer(id);
    this.added.forEach((text, i) => {
      if (text.startsWith(prefix)) chosen.offer(this.sorted.length + i);
    });
    return chosen.ids();
  }

  /** Terms within `maxDistance` edits, nearest and then most common first, at most `limit`. */
  withinDistance(text: string, maxDistance: number, limit: number): TermMatch[] {
    const found: TermMatch[] = [];
    this.trie ??= TermTrie.fromSorted(this.sorted);
    this.trie.withinDistance(text, maxDistance, (id, distance) => found.push({ id, distance }));
    this.added.forEach((candidate, i) => {
      const distance = editDistanceWithin(text, candidate, maxDistance);
      if (distance !== undefined) found.push({ id: this.sorted.length + i, distance });
    });
    found.sort((a, b) => a.distance - b.distance || this.count(b.id) - this.count(a.id));
    return found.slice(0, limit);
  }

  /** Every term number, ordered by text: the image's run merged with the terms added since. */
  inOrder(): number[] {
    const added = this.added.map((_, i) => this.sorted.length + i).sort((a, b) => (this.text(a) < this.text(b) ? -1 : 1));
    const order: number[] = [];
    let next = 0;
    for (let id = 0; id < this.sorted.length; id++) {
      const text = this.sorted[id] as string;
      while (next < added.length && this.text(added[next] as number) < text) order.push(added[next++] as number);
      order.push(id);
    }
    while (next < added.length) order.push(added[next++] as number);
    return order;
  }
}

/** Keeps the `limit` ids with the highest counts seen so far. */
class TopByCount {
  private readonly chosen: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly counts: Uint32Array,
  ) {}

  offer(id: number): void {
    const count = this.counts[id] ?? 0;
    if (this.chosen.length === this.limit && count <= (this.counts[this.chosen.at(-1) as number] ?? 0)) return;
    let at = this.chosen.length;
    while (at > 0 && (this.counts[this.chosen[at - 1] as number] ?? 0) < count) at--;
    this.chosen.splice(at, 0, id);
    if (this.chosen.length > this.limit) this.chosen.pop();
  }

  ids(): number[] {
    return this.chosen;
  }
}
