/**
 * A 1024-bit signature per document of which word pairs its text holds (a word, and the first
 * three letters of the word after it). A phrase can only occur where all its pairs' bits are
 * set, so most documents are turned away after a few bit tests instead of a scan of their
 * whole text: what keeps `"the use"` affordable when 50 000 documents hold both words.
 */
const WORDS_PER_DOCUMENT = 32;
const BIT_SHIFT = 22; // 32 - log2(1024)
/** Letters of the following word that go into a pair: a phrase's last word is matched as a prefix. */
const FOLLOWING_LETTERS = 3;

export class PairSignatures {
  private constructor(
    private readonly bits: Uint32Array,
    private readonly codes: Int32Array,
  ) {}

  /** From each document's folded text words (`textWords[textOffsets[d] .. textOffsets[d+1])`). */
  static build(words: readonly string[], textWords: Uint32Array, textOffsets: Uint32Array): PairSignatures {
    const codes = Int32Array.from(words, startCode);
    const documents = textOffsets.length - 1;
    const bits = new Uint32Array(documents * WORDS_PER_DOCUMENT);
    for (let doc = 0; doc < documents; doc++) {
      const base = doc * WORDS_PER_DOCUMENT;
      const end = textOffsets[doc + 1] as number;
      for (let at = textOffsets[doc] as number; at + 1 < end; at++) {
        const bit = pairBit(textWords[at] as number, codes[textWords[at + 1] as number] as number);
        bits[base + (bit >>> 5)] = (bits[base + (bit >>> 5)] as number) | (1 << (bit & 31));
      }
    }
    return new PairSignatures(bits, codes);
  }

  /**
   * The bits a document needs for a phrase of these whole words (image word numbers) followed by
   * `last` as a prefix; empty when nothing can be tested (one word, or a last word too short).
   */
  needleBits(whole: Int32Array, last: string): number[] {
    const bits: number[] = [];
    for (let j = 0; j + 1 < whole.length; j++) bits.push(pairBit(whole[j] as number, this.codes[whole[j + 1] as number] as number));
    if (whole.length && last.length >= FOLLOWING_LETTERS) bits.push(pairBit(whole[whole.length - 1] as number, startCode(last)));
    return bits;
  }

  /** Whether the image document has every bit (always true for documents added since). */
  mayHold(doc: number, needed: readonly number[]): boolean {
    const base = doc * WORDS_PER_DOCUMENT;
    if (base >= this.bits.length) return true;
    for (const bit of needed) if (((this.bits[base + (bit >>> 5)] as number) & (1 << (bit & 31))) === 0) return false;
    return true;
  }
}

/** A word's first letters (all of a shorter word), with their count, as one number. */
function startCode(word: string): number {
  const letters = Math.min(FOLLOWING_LETTERS, word.length);
  let code = letters;
  for (let i = 0; i < letters; i++) code = code * 256 + (word.charCodeAt(i) & 0xff);
  return code;
}

function pairBit(word: number, followingCode: number): number {
  return (Math.imul(word, 0x9e3779b1) ^ Math.imul(followingCode, 0x85ebca77)) >>> BIT_SHIFT;
}
