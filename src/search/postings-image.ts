import type { Entry } from '../corpus/entry.ts';
import { FIELD_COUNT, INDEXED_FIELDS, analyseField, fieldText } from './fields.ts';
import { ChunkedNumbers, NumberBuffer } from './typed-arrays.ts';

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

/** Collects analysed entries and lays their postings out in one pass (a counting sort by term and field). */
export class PostingsImageBuilder {
  private readonly termByText = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly keys: string[] = [];
  private readonly postingTerm = new ChunkedNumbers((size) => new Uint32Array(size));
  /** Document and field together: `doc * 8 + field`. */
  private readonly postingPlace = new ChunkedNumbers((size) => new Uint32Array(size));
  private readonly postingFrequency = new ChunkedNumbers((size) => new Uint8Array(size));
  private readonly lengths = new NumberBuffer(new Uint16Array(1 << 12));
  private readonly listSizes = new NumberBuffer(new Uint32Array(1 << 12));
  private readonly counts = new Map<string, number>();

  add(entry: Entry): void {
    const doc = this.keys.length;
    this.keys.push(entry.key);
    INDEXED_FIELDS.forEach((name, field) => {
      this.lengths.push(Math.min(MAX_FIELD_LENGTH, analyseField(fieldText(entry, name), this.counts)));
      for (const [term, frequency] of this.counts) this.addPosting(term, doc, field, frequency);
    });
  }

  private addPosting(term: string, doc: number, field: number, frequency: number): void {
    let id = this.termByText.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.termByText.set(term, id);
      for (let f = 0; f < FIELD_COUNT; f++) this.listSizes.push(0);
    }
    this.postingTerm.push(id);
    this.postingPlace.push(doc * 8 + field);
    this.postingFrequency.push(Math.min(MAX_FREQUENCY, frequency));
    const slot = id * FIELD_COUNT + field;
    this.listSizes.set(slot, this.listSizes.get(slot) + 1);
  }

  finish(): PostingsImage {
    const order = Array.from(this.terms.keys()).sort((a, b) => ((this.terms[a] as string) < (this.terms[b] as string) ? -1 : 1));
    const rank = new Uint32Array(order.length);
    order.forEach((id, position) => (rank[id] = position));
    const listOffsets = new Uint32Array(order.length * FIELD_COUNT + 1);
    let total = 0;
    order.forEach((id, position) => {
      for (let field = 0; field < FIELD_COUNT; field++) {
        listOffsets[position * FIELD_COUNT + field] = total;
        total += this.listSizes.get(id * FIELD_COUNT + field);
      }
    });
    listOffsets[order.length * FIELD_COUNT] = total;
    const cursor = listOffsets.slice(0, order.length * FIELD_COUNT);
    const docs = new Uint32Array(total);
    const frequencies = new Uint8Array(total);
    const postingTerms = this.postingTerm.finish();
    const places = this.postingPlace.finish();
    const postingFrequencies = this.postingFrequency.finish();
    for (let i = 0; i < postingTerms.length; i++) {
      const place = places[i] as number;
      const slot = (rank[postingTerms[i] as number] as number) * FIELD_COUNT + (place & 7);
      const at = cursor[slot] as number;
      cursor[slot] = at + 1;
      docs[at] = place >>> 3;
      frequencies[at] = postingFrequencies[i] as number;
    }
    return { terms: order.map((id) => this.terms[id] as string), listOffsets, docs, frequencies, keys: this.keys, fieldLengths: this.lengths.finish() };
  }
}
