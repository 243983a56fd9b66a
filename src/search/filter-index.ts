import type { Entry } from '../corpus/entry.ts';
import type { ParsedQuery } from './query.ts';
import { AuthorPostings } from './author-postings.ts';
import { PairSignatures } from './pair-signatures.ts';
import { lowerBound, prefixEnd } from './sorted-terms.ts';
import { ensureCapacity } from './typed-arrays.ts';
import {
  FilterImageBuilder, NAME_SEPARATOR, UNKNOWN_YEAR, foldedAuthorWords, foldedTextWords, kindCode, splitFolded, yearCode, type FilterImage,
} from './filter-image.ts';

/** A folded phrase compiled against the word list: whole words, then a prefix for the last one. */
interface Needle {
  readonly whole: Int32Array;
  /** A whole word is in no document at all. */
  readonly impossible: boolean;
  /** The last word, matched as a prefix. */
  readonly last: string;
  readonly lastStart: number;
  readonly lastEnd: number;
  readonly lastAdded: ReadonlySet<number>;
}

/**
 * The yes/no part of a query, answered per document number. Same meaning as `entryFilter`
 * (filters.ts): an author or phrase matches at the start of a folded word, its last word as
 * a prefix; but it reads pre-folded word numbers instead of folding text on every search.
 */
export class FilterIndex {
  private image!: FilterImage;
  private kinds: Uint8Array = new Uint8Array(0);
  private years: Uint16Array = new Uint16Array(0);
  /** Words met since the image (numbered after its words), and their numbers. */
  private addedWords: string[] = [];
  private readonly addedIds = new Map<string, number>();
  private readonly recentText = new Map<number, Uint32Array>();
  private readonly recentAuthors = new Map<number, Uint32Array>();
  private documents = 0;
  /** Built on the first author: filter, for the image's documents. */
  private authorPostings: AuthorPostings | undefined;
  /** Built on the first phrase, for the image's documents. */
  private signatures: PairSignatures | undefined;

  private constructor(image: FilterImage) {
    this.adopt(image);
  }

  static fromImage(image: FilterImage): FilterIndex {
    return new FilterIndex(image);
  }

  static build(entries: Iterable<Entry>): FilterIndex {
    const builder = new FilterImageBuilder();
    for (const entry of entries) builder.add(entry);
    return new FilterIndex(builder.finish());
  }

  /** Records a document; numbers must come in the order the inverted index hands them out. */
  add(doc: number, entry: Entry): void {
    if (doc !== this.documents) throw new Error(`filter index expected document ${this.documents}, got ${doc}`);
    this.documents++;
    this.kinds = ensureCapacity(this.kinds, this.documents);
    this.years = ensureCapacity(this.years, this.documents);
    this.kinds[doc] = kindCode(entry);
    this.years[doc] = yearCode(entry);
    this.recentText.set(doc, Uint32Array.from(foldedTextWords(entry), (word) => this.idOf(word)));
    this.recentAuthors.set(doc, Uint32Array.from(foldedAuthorWords(entry), (word) => (word === null ? NAME_SEPARATOR : this.idOf(word))));
  }

  year(doc: number): number | undefined {
    const year = this.years[doc];
    return year === undefined || year === UNKNOWN_YEAR ? undefined : year;
  }

  /** A test per document for the query's kind, year, author and phrase parts; undefined when it has none. */
  compile(query: ParsedQuery): ((doc: number) => boolean) | undefined {
    const wantedKind = query.kind === undefined ? -1 : query.kind === 'dataset' ? 1 : 0;
    const from = query.years?.from ?? 0;
    const to = query.years?.to ?? UNKNOWN_YEAR;
    const checkYear = query.years !== undefined;
    const authors = query.authors.flatMap((author) => this.needle(author) ?? []);
    const phrases = query.phrases.flatMap((phrase) => this.needle(phrase) ?? []);
    const phraseBits = phrases.map((needle) => this.pairSignatures().needleBits(needle.whole, needle.last));
    const signatures = phrases.length ? this.pairSignatures() : undefined;
    if (wantedKind < 0 && !checkYear && !authors.length && !phrases.length) return undefined;
    const { kinds, years, recentText, recentAuthors } = this;
    const { authorWords, authorOffsets, textWords, textOffsets } = this.image;
    const imageDocuments = this.image.kinds.length;
    const authorCandidates = authors.length ? this.authorCandidates(authors) : undefined;
    // One flat test, cheapest parts first: it runs once per candidate, up to every document.
    return (doc) => {
      if (wantedKind >= 0 && kinds[doc] !== wantedKind) return false;
      if (checkYear) {
        const year = years[doc] as number;
        if (year === UNKNOWN_YEAR || year < from || year > to) return false;
      }
      const fromImage = doc < imageDocuments;
      if (fromImage && authorCandidates !== undefined && authorCandidates[doc] !== 1) return false;
      for (const needle of authors) {
        const recent = fromImage ? undefined : recentAuthors.get(doc);
        if (recent ? !matchesNeedle(recent, 0, recent.length, needle) : !matchesNeedle(authorWords, authorOffsets[doc] as number, authorOffsets[doc + 1] as number, needle)) return false;
      }
      for (let i = 0; i < phrases.length; i++) {
        const needle = phrases[i] as Needle;
        if (fromImage && signatures && !signatures.mayHold(doc, phraseBits[i] as number[])) return false;
        const recent = fromImage ? undefined : recentText.get(doc);
        if (recent ? !matchesNeedle(recent, 0, recent.length, needle) : !matchesNeedle(textWords, textOffsets[doc] as number, textOffsets[doc + 1] as number, needle)) return false;
      }
      return true;
    };
  }

  /** Renumbers documents after the inverted index compacted (-1: dropped) and folds recent ones in. */
  compact(remap: Int32Array): void {
    const words = this.image.words;
    const added = this.addedWords.map((_, i) => words.length + i).sort((a, b) => (this.wordText(a) < this.wordText(b) ? -1 : 1));
    const rank = new Uint32Array(words.length + added.length);
    const merged: string[] = [];
    let next = 0;
    for (let id = 0; id < words.length; id++) {
      while (next < added.length && this.wordText(added[next] as number) < (words[id] as string)) {
        rank[added[next] as number] = merged.length;
        merged.push(this.wordText(added[next++] as number));
      }
      rank[id] = merged.length;
      merged.push(words[id] as string);
    }
    for (; next < added.length; next++) {
      rank[added[next] as number] = merged.length;
      merged.push(this.wordText(added[next] as number));
    }
    const live: number[] = [];
    for (let doc = 0; doc < remap.length; doc++) if ((remap[doc] as number) >= 0) live.push(doc);
    const [textOffsets, textWords] = this.renumbered(live, rank, (doc) => this.wordsOfDocument(doc)[0]);
    const [authorOffsets, authorWords] = this.renumbered(live, rank, (doc) => this.wordsOfDocument(doc)[1]);
    this.adopt({
      kinds: Uint8Array.from(live, (doc) => this.kinds[doc] as number),
      years: Uint16Array.from(live, (doc) => this.years[doc] as number),
      words: merged,
      textOffsets, textWords, authorOffsets, authorWords,
    });
  }

  private renumbered(docs: readonly number[], rank: Uint32Array, wordsOf: (doc: number) => ArrayLike<number>): [Uint32Array, Uint32Array] {
    const offsets = new Uint32Array(docs.length + 1);
    docs.forEach((doc, i) => (offsets[i + 1] = (offsets[i] as number) + wordsOf(doc).length));
    const out = new Uint32Array(offsets[docs.length] as number);
    docs.forEach((doc, i) => {
      const source = wordsOf(doc);
      const base = offsets[i] as number;
      for (let j = 0; j < source.length; j++) out[base + j] = rank[source[j] as number] as number;
    });
    return [offsets, out];
  }

  toImage(): FilterImage {
    if (this.recentText.size) throw new Error('compact the filter index before taking its image');
    return this.image;
  }

  private adopt(image: FilterImage): void {
    this.image = image;
    this.documents = image.kinds.length;
    this.kinds = image.kinds;
    this.years = image.years;
    this.addedWords = [];
    this.addedIds.clear();
    this.recentText.clear();
    this.recentAuthors.clear();
    this.authorPostings = undefined;
    this.signatures = undefined;
  }

  private wordsOfDocument(doc: number): [ArrayLike<number>, ArrayLike<number>] {
    const text = this.recentText.get(doc) ?? this.image.textWords.subarray(this.image.textOffsets[doc], this.image.textOffsets[doc + 1]);
    const authors = this.recentAuthors.get(doc) ?? this.image.authorWords.subarray(this.image.authorOffsets[doc], this.image.authorOffsets[doc + 1]);
    return [text, authors];
  }

  private pairSignatures(): PairSignatures {
    this.signatures ??= PairSignatures.build(this.image.words, this.image.textWords, this.image.textOffsets);
    return this.signatures;
  }

  /** Image documents that hold, for every author needle, its first word (or a completion of its only word). */
  private authorCandidates(needles: readonly Needle[]): Uint8Array {
    this.authorPostings ??= AuthorPostings.build(this.image.authorWords, this.image.authorOffsets, this.image.words.length);
    let all: Uint8Array | undefined;
    for (const needle of needles) {
      const marks = new Uint8Array(this.image.kinds.length);
      if (needle.impossible) return marks;
      const first = needle.whole[0];
      if (first === undefined) this.authorPostings.markWords(needle.lastStart, needle.lastEnd, marks);
      else this.authorPostings.markWords(first, first + 1, marks);
      if (all) for (let doc = 0; doc < all.length; doc++) all[doc] = (all[doc] as number) & (marks[doc] as number);
      else all = marks;
    }
    return all ?? new Uint8Array(this.image.kinds.length).fill(1);
  }

  private needle(text: string): Needle | undefined {
    const parts = splitFolded(text);
    const last = parts.pop();
    if (last === undefined) return undefined;
    const whole = Int32Array.from(parts, (word) => this.wordId(word) ?? -1);
    const lastStart = lowerBound(this.image.words, last);
    const lastEnd = prefixEnd(this.image.words, last, lastStart);
    const lastAdded = new Set<number>();
    this.addedWords.forEach((word, i) => {
      if (word.startsWith(last)) lastAdded.add(this.image.words.length + i);
    });
    return { whole, impossible: whole.some((id) => id < 0), last, lastStart, lastEnd, lastAdded };
  }

  private wordText(id: number): string {
    return (id < this.image.words.length ? this.image.words[id] : this.addedWords[id - this.image.words.length]) as string;
  }

  private idOf(word: string): number {
    let id = this.wordId(word);
    if (id === undefined) {
      id = this.image.words.length + this.addedWords.length;
      this.addedWords.push(word);
      this.addedIds.set(word, id);
    }
    return id;
  }

  /** The image's words are sorted, so a binary search finds them without a 200 000-entry map. */
  private wordId(word: string): number | undefined {
    const words = this.image.words;
    const at = lowerBound(words, word);
    return words[at] === word ? at : this.addedIds.get(word);
  }
}

/** Whether the needle's words occur in a row in `words[start..end)`, the last one as a prefix. */
function matchesNeedle(words: Uint32Array, start: number, end: number, needle: Needle): boolean {
  const whole = needle.whole;
  const count = whole.length;
  const lastStart = needle.lastStart;
  const lastEnd = needle.lastEnd;
  // Words added since the image are numbered after it; only they need the set.
  const added = needle.lastAdded.size ? needle.lastAdded : undefined;
  if (count === 0) {
    for (let at = start; at < end; at++) {
      const word = words[at] as number;
      if ((word >= lastStart && word < lastEnd) || (added !== undefined && added.has(word))) return true;
    }
    return false;
  }
  if (needle.impossible) return false;
  const first = whole[0] as number;
  for (let at = start; at + count < end; at++) {
    if (words[at] !== first) continue;
    let same = true;
    for (let j = 1; j < count; j++) {
      if (words[at + j] !== whole[j]) {
        same = false;
        break;
      }
    }
    if (!same) continue;
    const last = words[at + count] as number;
    if ((last >= lastStart && last < lastEnd) || (added !== undefined && added.has(last))) return true;
  }
  return false;
}
