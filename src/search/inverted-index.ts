import type { Entry } from '../corpus/entry.ts';
import { FIELD_COUNT, type AnalysedEntry } from './fields.ts';
import { MAX_FIELD_LENGTH, MAX_FREQUENCY, PostingsImageBuilder, type PostingsImage } from './postings-image.ts';
import { ensureCapacity } from './typed-arrays.ts';
import { Vocabulary, type TermMatch } from './vocabulary.ts';

/** Postings of one (term, field) added since the image was built, by ascending document. */
export interface RecentList {
  readonly docs: number[];
  readonly frequencies: number[];
}

/** Recent postings beyond this share of the image trigger a compaction. */
const RECENT_SHARE_LIMIT = 0.05;
const RECENT_POSTINGS_FLOOR = 200_000;
const DEAD_SHARE_LIMIT = 0.2;

/**
 * Terms -> documents, per field. Built in bulk as a flat image; entries added later go to
 * small per-term lists and removed ones are only marked dead, so one change costs
 * milliseconds; a compaction folds both back into a fresh image now and then.
 */
export class InvertedIndex {
  private keys: (string | undefined)[] = [];
  private readonly docByKey = new Map<string, number>();
  private live: Uint8Array = new Uint8Array(0);
  private lengths: Uint16Array = new Uint16Array(0);
  private readonly lengthTotals = new Float64Array(FIELD_COUNT);
  private liveCount = 0;
  private deadCount = 0;

  private vocabulary = new Vocabulary([], new Uint32Array(0));

  private offsets: Uint32Array = new Uint32Array(1);
  private docs: Uint32Array = new Uint32Array(0);
  private frequencies: Uint8Array = new Uint8Array(0);
  private readonly recent = new Map<number, RecentList>();
  private recentPostings = 0;

  /** Changes whenever a term is added, so term expansions can be cached. */
  vocabularyVersion = 0;

  private constructor(image: PostingsImage) {
    this.adopt(image);
  }

  static fromImage(image: PostingsImage): InvertedIndex {
    return new InvertedIndex(image);
  }

  static build(entries: Iterable<Entry>): InvertedIndex {
    const builder = new PostingsImageBuilder();
    for (const entry of entries) builder.add(entry);
    return new InvertedIndex(builder.finish());
  }

  get documentCount(): number {
    return this.liveCount;
  }

  /** Document numbers run from 0 to this (exclusive); dead ones are skipped by isLive. */
  get documentSlots(): number {
    return this.keys.length;
  }

  isLive(doc: number): boolean {
    return this.live[doc] === 1;
  }

  keyOf(doc: number): string | undefined {
    return this.live[doc] === 1 ? this.keys[doc] : undefined;
  }

  docOf(key: string): number | undefined {
    return this.docByKey.get(key);
  }

  averageLength(field: number): number {
    return this.liveCount ? (this.lengthTotals[field] as number) / this.liveCount : 0;
  }

  /** Per-document field lengths at `doc*F+field`, for the scoring loop. */
  get fieldLengths(): Uint16Array {
    return this.lengths;
  }

  get liveFlags(): Uint8Array {
    return this.live;
  }

  get listOffsets(): Uint32Array {
    return this.offsets;
  }

  get postingDocs(): Uint32Array {
    return this.docs;
  }

  get postingFrequencies(): Uint8Array {
    return this.frequencies;
  }

  /** Terms below this number have lists in the image arrays. */
  get imageTermCount(): number {
    return this.vocabulary.imageCount;
  }

  termId(text: string): number | undefined {
    return this.vocabulary.id(text);
  }

  termText(id: number): string {
    return this.vocabulary.text(id);
  }

  recentList(term: number, field: number): RecentList | undefined {
    return this.recent.get(term * FIELD_COUNT + field);
  }

  /** Documents holding the term in the field (dead ones included until the next compaction). */
  documentFrequency(term: number, field: number): number {
    const slot = term * FIELD_COUNT + field;
    const base = term < this.vocabulary.imageCount ? (this.offsets[slot + 1] as number) - (this.offsets[slot] as number) : 0;
    return base + (this.recent.get(slot)?.docs.length ?? 0);
  }

  /** Postings of the term over all fields: how common it is, for choosing expansions. */
  postingCount(term: number): number {
    return this.vocabulary.count(term);
  }

  contains(doc: number, term: number): boolean {
    for (let field = 0; field < FIELD_COUNT; field++) {
      const slot = term * FIELD_COUNT + field;
      if (term < this.vocabulary.imageCount && binarySearch(this.docs, this.offsets[slot] as number, this.offsets[slot + 1] as number, doc)) return true;
      if (this.recent.get(slot)?.docs.includes(doc)) return true;
    }
    return false;
  }

  /** Every document holding the term in any field (dead ones included: callers check liveness). */
  visitAllPostings(term: number, visit: (doc: number) => void): void {
    for (let field = 0; field < FIELD_COUNT; field++) this.visitPostings(term, field, visit);
  }

  /** The `limit` most common terms that start with `prefix` (the prefix itself included if it is a term). */
  withPrefix(prefix: string, limit: number): number[] {
    return this.vocabulary.withPrefix(prefix, limit);
  }

  /** Terms within `maxDistance` edits, nearest and then most common first, at most `limit`. */
  withinDistance(text: string, maxDistance: number, limit: number): TermMatch[] {
    return this.vocabulary.withinDistance(text, maxDistance, limit);
  }

  add(entry: AnalysedEntry): number {
    this.remove(entry.key);
    const doc = this.keys.length;
    this.keys.push(entry.key);
    this.docByKey.set(entry.key, doc);
    this.live = ensureCapacity(this.live, doc + 1);
    this.live[doc] = 1;
    this.liveCount++;
    this.lengths = ensureCapacity(this.lengths, (doc + 1) * FIELD_COUNT);
    for (let field = 0; field < FIELD_COUNT; field++) {
      const length = Math.min(MAX_FIELD_LENGTH, entry.lengths[field] ?? 0);
      this.lengths[doc * FIELD_COUNT + field] = length;
      this.lengthTotals[field] = (this.lengthTotals[field] as number) + length;
      for (const [text, frequency] of entry.terms[field] ?? []) {
        const term = this.vocabulary.id(text) ?? this.addTerm(text);
        const slot = term * FIELD_COUNT + field;
        let list = this.recent.get(slot);
        if (!list) this.recent.set(slot, (list = { docs: [], frequencies: [] }));
        list.docs.push(doc);
        list.frequencies.push(Math.min(MAX_FREQUENCY, frequency));
        this.vocabulary.countPosting(term);
        this.recentPostings++;
      }
    }
    return doc;
  }

  /** Marks the entry's document dead; returns its number, or undefined when the key is unknown. */
  remove(key: string): number | undefined {
    const doc = this.docByKey.get(key);
    if (doc === undefined) return undefined;
    this.docByKey.delete(key);
    this.live[doc] = 0;
    this.liveCount--;
    this.deadCount++;
    for (let field = 0; field < FIELD_COUNT; field++) {
      this.lengthTotals[field] = (this.lengthTotals[field] as number) - (this.lengths[doc * FIELD_COUNT + field] as number);
    }
    return doc;
  }

  needsCompaction(): boolean {
    return this.recentPostings > Math.max(RECENT_POSTINGS_FLOOR, this.docs.length * RECENT_SHARE_LIMIT) || this.deadCount > this.keys.length * DEAD_SHARE_LIMIT;
  }

  get isCompact(): boolean {
    return this.recentPostings === 0 && this.deadCount === 0 && this.vocabulary.addedCount === 0;
  }

  /**
   * Folds recent postings into a fresh image and drops dead documents. Returns the new number
   * of every old document (-1 for dead ones), so per-document data elsewhere can follow.
   */
  compact(): Int32Array {
    const remap = new Int32Array(this.keys.length).fill(-1);
    const keys: string[] = [];
    const lengths = new Uint16Array(this.liveCount * FIELD_COUNT);
    for (let doc = 0; doc < this.keys.length; doc++) {
      if (this.live[doc] !== 1) continue;
      lengths.set(this.lengths.subarray(doc * FIELD_COUNT, (doc + 1) * FIELD_COUNT), keys.length * FIELD_COUNT);
      remap[doc] = keys.length;
      keys.push(this.keys[doc] as string);
    }
    const order = this.vocabulary.inOrder();
    const sizes = new Uint32Array(order.length * FIELD_COUNT);
    order.forEach((term, position) => {
      for (let field = 0; field < FIELD_COUNT; field++) {
        let size = 0;
        this.visitPostings(term, field, (doc) => {
          if (remap[doc] !== -1) size++;
        });
        sizes[position * FIELD_COUNT + field] = size;
      }
    });
    const terms: string[] = [];
    const kept: number[] = [];
    order.forEach((term, position) => {
      let total = 0;
      for (let field = 0; field < FIELD_COUNT; field++) total += sizes[position * FIELD_COUNT + field] as number;
      if (total > 0) {
        terms.push(this.termText(term));
        kept.push(position);
      }
    });
    const offsets = new Uint32Array(kept.length * FIELD_COUNT + 1);
    let total = 0;
    kept.forEach((position, newTerm) => {
      for (let field = 0; field < FIELD_COUNT; field++) {
        offsets[newTerm * FIELD_COUNT + field] = total;
        total += sizes[position * FIELD_COUNT + field] as number;
      }
    });
    offsets[kept.length * FIELD_COUNT] = total;
    const docs = new Uint32Array(total);
    const frequencies = new Uint8Array(total);
    let at = 0;
    for (const position of kept) {
      const term = order[position] as number;
      for (let field = 0; field < FIELD_COUNT; field++) {
        this.visitPostings(term, field, (doc, frequency) => {
          const renumbered = remap[doc] as number;
          if (renumbered === -1) return;
          docs[at] = renumbered;
          frequencies[at++] = frequency;
        });
      }
    }
    this.adopt({ terms, listOffsets: offsets, docs, frequencies, keys, fieldLengths: lengths });
    return remap;
  }

  /** The index as flat arrays, compacted first so the image holds everything. */
  toImage(): PostingsImage {
    if (!this.isCompact) this.compact();
    return {
      terms: this.vocabulary.imageTerms,
      listOffsets: this.offsets,
      docs: this.docs,
      frequencies: this.frequencies,
      // Copies where later additions would write: a snapshot being saved must not see them.
      keys: this.keys.slice() as string[],
      fieldLengths: this.lengths.slice(0, this.keys.length * FIELD_COUNT),
    };
  }

  private adopt(image: PostingsImage): void {
    this.keys = [...image.keys];
    this.docByKey.clear();
    this.keys.forEach((key, doc) => this.docByKey.set(key as string, doc));
    this.live = new Uint8Array(this.keys.length).fill(1);
    this.liveCount = this.keys.length;
    this.deadCount = 0;
    this.lengths = image.fieldLengths;
    this.lengthTotals.fill(0);
    for (let i = 0; i < this.keys.length * FIELD_COUNT; i++) {
      const field = i % FIELD_COUNT;
      this.lengthTotals[field] = (this.lengthTotals[field] as number) + (this.lengths[i] as number);
    }
    this.offsets = image.listOffsets;
    this.docs = image.docs;
    this.frequencies = image.frequencies;
    const counts = new Uint32Array(image.terms.length);
    for (let term = 0; term < image.terms.length; term++) {
      counts[term] = (this.offsets[(term + 1) * FIELD_COUNT] as number) - (this.offsets[term * FIELD_COUNT] as number);
    }
    this.vocabulary = new Vocabulary(image.terms, counts);
    this.recent.clear();
    this.recentPostings = 0;
    this.vocabularyVersion++;
  }

  private visitPostings(term: number, field: number, visit: (doc: number, frequency: number) => void): void {
    const slot = term * FIELD_COUNT + field;
    if (term < this.vocabulary.imageCount) {
      for (let at = this.offsets[slot] as number; at < (this.offsets[slot + 1] as number); at++) visit(this.docs[at] as number, this.frequencies[at] as number);
    }
    const list = this.recent.get(slot);
    if (list) for (let i = 0; i < list.docs.length; i++) visit(list.docs[i] as number, list.frequencies[i] as number);
  }

  private addTerm(text: string): number {
    this.vocabularyVersion++;
    return this.vocabulary.add(text);
  }
}

function binarySearch(array: Uint32Array, start: number, end: number, value: number): boolean {
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = array[mid] as number;
    if (at === value) return true;
    if (at < value) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
