import { NAME_SEPARATOR } from './filter-image.ts';

/**
 * For each folded author word, the image documents whose author names hold it: `author:Zhao`
 * then checks the few hundred documents that can match instead of every document's names.
 */
export class AuthorPostings {
  private constructor(
    private readonly offsets: Uint32Array,
    private readonly docs: Uint32Array,
  ) {}

  /** From every document's author words (`words[documentOffsets[d] .. documentOffsets[d+1])`). */
  static build(words: Uint32Array, documentOffsets: Uint32Array, vocabulary: number): AuthorPostings {
    const offsets = new Uint32Array(vocabulary + 1);
    for (let i = 0; i < words.length; i++) {
      if (words[i] === NAME_SEPARATOR) continue;
      const slot = (words[i] as number) + 1;
      offsets[slot] = (offsets[slot] as number) + 1;
    }
    for (let word = 0; word < vocabulary; word++) offsets[word + 1] = (offsets[word + 1] as number) + (offsets[word] as number);
    const cursor = offsets.slice(0, vocabulary);
    const docs = new Uint32Array(words.length);
    for (let doc = 0; doc + 1 < documentOffsets.length; doc++) {
      for (let at = documentOffsets[doc] as number; at < (documentOffsets[doc + 1] as number); at++) {
        const word = words[at] as number;
        if (word === NAME_SEPARATOR) continue;
        docs[cursor[word] as number] = doc;
        cursor[word] = (cursor[word] as number) + 1;
      }
    }
    return new AuthorPostings(offsets, docs);
  }

  /** Sets `marks[doc] = 1` for every document holding a word numbered from `from` to `to` (exclusive). */
  markWords(from: number, to: number, marks: Uint8Array): void {
    const end = this.offsets[Math.min(to, this.offsets.length - 1)] as number;
    for (let at = this.offsets[Math.min(from, this.offsets.length - 1)] as number; at < end; at++) marks[this.docs[at] as number] = 1;
  }
}
