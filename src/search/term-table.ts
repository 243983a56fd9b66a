/**
 * Numbers for words, looked up straight from a range of the text being indexed (ASCII,
 * lower-cased on the fly): a word already known costs a hash and a comparison, no new string.
 * Bulk indexing meets tens of millions of words and a few hundred thousand distinct ones, so
 * this keeps it from creating (and the collector from chasing) a string per word.
 */
export class TermTable {
  readonly words: string[] = [];
  private hashes = new Int32Array(1 << 16);
  /** Word number + 1 per slot; 0 marks an empty slot. */
  private slots = new Int32Array(1 << 16);

  get size(): number {
    return this.words.length;
  }

  /** The number of `text[start, end)` lower-cased; the range must be ASCII. Adds the word when new. */
  idOfRange(text: string, start: number, end: number): number {
    let hash = FNV_OFFSET;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ lower(text.charCodeAt(i)), FNV_PRIME);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const found = this.slots[slot] as number;
      if (found === 0) return this.insert(text.slice(start, end).toLowerCase(), hash, slot);
      if (this.hashes[slot] === hash && sameLowered(this.words[found - 1] as string, text, start, end)) return found - 1;
    }
  }

  /** The number of `word` as it is; adds it when new. */
  idOf(word: string): number {
    const hash = hashOf(word);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const found = this.slots[slot] as number;
      if (found === 0) return this.insert(word, hash, slot);
      if (this.hashes[slot] === hash && this.words[found - 1] === word) return found - 1;
    }
  }

  private insert(word: string, hash: number, slot: number): number {
    const id = this.words.length;
    this.words.push(word);
    this.hashes[slot] = hash;
    this.slots[slot] = id + 1;
    if (this.words.length * 2 > this.slots.length) this.grow();
    return id;
  }

  private grow(): void {
    const hashes = this.hashes;
    const slots = this.slots;
    this.hashes = new Int32Array(slots.length * 2);
    this.slots = new Int32Array(slots.length * 2);
    const mask = this.slots.length - 1;
    for (let old = 0; old < slots.length; old++) {
      if (slots[old] === 0) continue;
      let slot = (hashes[old] as number) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.hashes[slot] = hashes[old] as number;
      this.slots[slot] = slots[old] as number;
    }
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function hashOf(word: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), FNV_PRIME);
  return hash;
}

function lower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function sameLowered(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== lower(text.charCodeAt(start + i))) return false;
  return true;
}
