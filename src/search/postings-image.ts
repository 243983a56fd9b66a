import type { Entry } from '../corpus/entry.ts';
import { FIELD_COUNT, INDEXED_FIELDS, STOP_WORDS, fieldText, scanTerms } from './fields.ts';
import { TermTable } from './term-table.ts';
import { ChunkedNumbers, NumberBuffer, ensureCapacity } from './typed-arrays.ts';

/**
 * The inverted index as a handful of flat arrays (compressed sparse rows): what is built in
 * bulk, what a compaction produces, and what the snapshot stores byte for byte.
 */
export interface PostingsImage {
  /** Every term, sorted in UTF-16 order; a term's number is its position here. */
  readonly terms: readonly string[];
  /** Postings of term t in field f are `docs[listOffsets[t*F+f] .. listOffsets[t*F+f+1])`, by ascending document. */
  readonly listOffsets: Uint32Array;
  readonly docs: Uint32Array;
  /** Occurrences of the term in that field, capped at 255 (BM25 saturates long before). */
  readonly frequencies: Uint8Array;
  /** Document number -> entry key. */
  readonly keys: readonly string[];
  /** Distinct terms of document d in field f at `d*F+f`, capped at 65535. */
  readonly fieldLengths: Uint16Array;
}

export const MAX_FREQUENCY = 255;
export const MAX_FIELD_LENGTH = 65_535;

/** Collects entries and lays their postings out in one pass (a counting sort by term and field). */
export class PostingsImageBuilder {
  private readonly table = new TermTable();
  private readonly keys: string[] = [];
  private readonly postingTerm = new ChunkedNumbers((size) => new Uint32Array(size));
  /** Document and field together: `doc * 8 + field`. */
  private readonly postingPlace = new ChunkedNumbers((size) => new Uint32Array(size));
  private readonly postingFrequency = new ChunkedNumbers((size) => new Uint8Array(size));
  private readonly lengths = new NumberBuffer(new Uint16Array(1 << 12));
  private listSizes: Uint32Array = new Uint32Array(1 << 12);
  /** Per term: 1 for stop words, which are counted by nobody. */
  private stop: Uint8Array = new Uint8Array(1 << 10);
  /** Occurrences of each term in the field being read, and which terms those are. */
  private counts: Uint32Array = new Uint32Array(1 << 10);
  private readonly touched: number[] = [];

  constructor() {
    for (const word of STOP_WORDS) this.stopWord(this.table.idOf(word));
  }

  add(entry: Entry): void {
    const doc = this.keys.length;
    this.keys.push(entry.key);
    INDEXED_FIELDS.forEach((name, field) => {
      const text = fieldText(entry, name);
      scanTerms(text, (start, end) => this.count(this.table.idOfRange(text, start, end)), (term) => this.count(this.table.idOf(term)));
      this.lengths.push(Math.min(MAX_FIELD_LENGTH, this.touched.length));
      for (const id of this.touched) {
        this.postingTerm.push(id);
        this.postingPlace.push(doc * 8 + field);
        this.postingFrequency.push(Math.min(MAX_FREQUENCY, this.counts[id] as number));
        this.counts[id] = 0;
        const slot = id * FIELD_COUNT + field;
        this.listSizes = ensureCapacity(this.listSizes, slot + 1);
        this.listSizes[slot] = (this.listSizes[slot] as number) + 1;
      }
      this.touched.length = 0;
    });
  }

  finish(): PostingsImage {
    const words = this.table.words;
    const order = Array.from(words.keys())
      .filter((id) => this.stop[id] !== 1)
      .sort((a, b) => ((words[a] as string) < (words[b] as string) ? -1 : 1));
    const rank = new Uint32Array(words.length);
    order.forEach((id, position) => (rank[id] = position));
    const listOffsets = new Uint32Array(order.length * FIELD_COUNT + 1);
    let total = 0;
    order.forEach((id, position) => {
      for (let field = 0; field < FIELD_COUNT; field++) {
        listOffsets[position * FIELD_COUNT + field] = total;
        total += this.listSizes[id * FIELD_COUNT + field] ?? 0;
      }
    });
    listOffsets[order.length * FIELD_COUNT] = total;
    const cursor = listOffsets.slice(0, order.length * FIELD_COUNT);
    const docs = new Uint32Array(total);
    const frequencies = new Uint8Array(total);
    // Straight from the chunks, each let go once placed: the postings are never held twice.
    for (let c = 0; c < this.postingTerm.chunkCount; c++) {
      const termChunk = this.postingTerm.chunk(c);
      const placeChunk = this.postingPlace.chunk(c);
      const frequencyChunk = this.postingFrequency.chunk(c);
      for (let i = 0; i < termChunk.length; i++) {
        const place = placeChunk[i] as number;
        const slot = (rank[termChunk[i] as number] as number) * FIELD_COUNT + (place & 7);
        const at = cursor[slot] as number;
        cursor[slot] = at + 1;
        docs[at] = place >>> 3;
        frequencies[at] = frequencyChunk[i] as number;
      }
      this.postingTerm.release(c);
      this.postingPlace.release(c);
      this.postingFrequency.release(c);
    }
    return { terms: order.map((id) => words[id] as string), listOffsets, docs, frequencies, keys: this.keys, fieldLengths: this.lengths.finish() };
  }

  private count(id: number): void {
    if (id >= this.counts.length) {
      this.counts = ensureCapacity(this.counts, id + 1);
      this.stop = ensureCapacity(this.stop, id + 1);
    }
    if (this.stop[id] === 1) return;
    const seen = this.counts[id] as number;
    if (seen === 0) this.touched.push(id);
    this.counts[id] = seen + 1;
  }

  private stopWord(id: number): void {
    this.stop = ensureCapacity(this.stop, id + 1);
    this.stop[id] = 1;
  }
}
