import type { Entry } from '../corpus/entry.ts';
import { foldForMatching } from '../corpus/text.ts';
import { TermTable } from './term-table.ts';
import { ChunkedNumbers, NumberBuffer } from './typed-arrays.ts';

/**
 * What the yes/no part of a query (kind:, year:, author:, "phrase") needs of every entry, as
 * flat arrays: the entry's text and author names as sequences of folded words, so a filter
 * never re-folds an abstract while a user waits.
 */
export interface FilterImage {
  /** 0 paper, 1 dataset. */
  readonly kinds: Uint8Array;
  /** UNKNOWN_YEAR when the entry has none. */
  readonly years: Uint16Array;
  /** Folded words, sorted; word 0 is the empty string, which separates author names. */
  readonly words: readonly string[];
  /** Document d's text words are `textWords[textOffsets[d] .. textOffsets[d+1])`. */
  readonly textOffsets: Uint32Array;
  readonly textWords: Uint32Array;
  readonly authorOffsets: Uint32Array;
  readonly authorWords: Uint32Array;
}

export const UNKNOWN_YEAR = 0xffff;
export const NAME_SEPARATOR = 0;

export function kindCode(entry: Entry): number {
  return entry.kind === 'dataset' ? 1 : 0;
}

export function yearCode(entry: Entry): number {
  return entry.year !== undefined && entry.year >= 0 && entry.year < UNKNOWN_YEAR ? entry.year : UNKNOWN_YEAR;
}

/** The folded words a phrase filter reads, in the order the filter joins the fields. */
export function foldedTextWords(entry: Entry): string[] {
  return [entry.title, entry.summary ?? '', entry.abstract ?? '', entry.journal ?? ''].flatMap(splitFolded);
}

/** Each author's folded words, names separated by null (the separator word). */
export function foldedAuthorWords(entry: Entry): (string | null)[] {
  return entry.authors.flatMap((name, i) => [...(i > 0 ? [null] : []), ...splitFolded(name)]);
}

/** `foldForMatching(text).split(' ')` without its empty word: the words a filter compares. */
export function splitFolded(text: string): string[] {
  const words: string[] = [];
  scanFolded(text, (start, end) => words.push(text.slice(start, end).toLowerCase()), (word) => words.push(word));
  return words;
}

/**
 * Visits the words splitFolded gives, without making strings for plain ones: a run of ASCII
 * letters and digits comes as its range of `text` (lower-case it to get the word), anything
 * else as the folded word. Entities and tags need the whole-text clean-up; plain text is
 * folded run by run, which gives the same words.
 */
function scanFolded(text: string, onAsciiWord: (start: number, end: number) => void, onWord: (word: string) => void): void {
  if (text.includes('&') || text.includes('<')) {
    for (const word of foldedWords(text)) onWord(word);
    return;
  }
  let start = -1;
  let simple = true;
  const flush = (end: number): void => {
    if (start < 0) return;
    if (simple) onAsciiWord(start, end);
    else for (const word of foldedWords(text.slice(start, end).replace(DELETED, ''))) onWord(word);
    start = -1;
    simple = true;
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128 && ASCII_WORD[code] === 0) {
      if (ASCII_DELETED[code] === 1) {
        if (start >= 0) simple = false;
        continue;
      }
      flush(i);
      continue;
    }
    if (start < 0) start = i;
    if (code >= 128) simple = false;
  }
  flush(text.length);
}

function foldedWords(text: string): string[] {
  const folded = foldForMatching(text);
  return folded ? folded.split(' ') : [];
}

/** What cleanText deletes outright (it joins the letters around them). */
const DELETED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const ASCII_DELETED = Uint8Array.from({ length: 128 }, (_, code) => (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(String.fromCharCode(code)) ? 1 : 0));
/** ASCII letters and digits: the only ASCII characters a folded word holds. */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, code) => (/[\p{L}\p{N}]/u.test(String.fromCharCode(code)) ? 1 : 0));

/** Collects entries in document order, then numbers the words in sorted order. */
export class FilterImageBuilder {
  private readonly table = new TermTable();
  private readonly kinds = new NumberBuffer(new Uint8Array(1 << 12));
  private readonly years = new NumberBuffer(new Uint16Array(1 << 12));
  private readonly textOffsets = new NumberBuffer(new Uint32Array(1 << 12));
  private readonly textWords = new ChunkedNumbers((size) => new Uint32Array(size));
  private readonly authorOffsets = new NumberBuffer(new Uint32Array(1 << 12));
  private readonly authorWords = new ChunkedNumbers((size) => new Uint32Array(size));

  constructor() {
    if (this.table.idOf('') !== NAME_SEPARATOR) throw new Error('the name separator must be word 0');
    this.textOffsets.push(0);
    this.authorOffsets.push(0);
  }

  add(entry: Entry): void {
    this.kinds.push(kindCode(entry));
    this.years.push(yearCode(entry));
    for (const text of [entry.title, entry.summary ?? '', entry.abstract ?? '', entry.journal ?? '']) this.addWords(text, this.textWords);
    this.textOffsets.push(this.textWords.length);
    entry.authors.forEach((name, i) => {
      if (i > 0) this.authorWords.push(NAME_SEPARATOR);
      this.addWords(name, this.authorWords);
    });
    this.authorOffsets.push(this.authorWords.length);
  }

  finish(): FilterImage {
    const words = this.table.words;
    const order = Array.from(words.keys()).sort((a, b) => ((words[a] as string) < (words[b] as string) ? -1 : 1));
    const rank = new Uint32Array(order.length);
    order.forEach((id, position) => (rank[id] = position));
    const renumber = (ids: Uint32Array): Uint32Array => {
      for (let i = 0; i < ids.length; i++) ids[i] = rank[ids[i] as number] as number;
      return ids;
    };
    return {
      kinds: this.kinds.finish(),
      years: this.years.finish(),
      words: order.map((id) => words[id] as string),
      textOffsets: this.textOffsets.finish(),
      textWords: renumber(this.textWords.finish()),
      authorOffsets: this.authorOffsets.finish(),
      authorWords: renumber(this.authorWords.finish()),
    };
  }

  private addWords(text: string, out: ChunkedNumbers<Uint32Array>): void {
    scanFolded(text, (start, end) => out.push(this.table.idOfRange(text, start, end)), (word) => out.push(this.table.idOf(word)));
  }
}
