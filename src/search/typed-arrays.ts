/** Growable typed arrays: the index keeps numbers in flat arrays, not in millions of small objects. */

type NumberArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/** The same kind of array with room for at least `needed` items, contents kept. */
export function ensureCapacity<T extends NumberArray>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const Constructor = array.constructor as new (length: number) => T;
  const grown = new Constructor(Math.max(needed, Math.ceil(array.length * 1.5) + 16));
  grown.set(array);
  return grown;
}

/** Appends numbers to a typed array, growing it by half each time it fills. */
export class NumberBuffer<T extends NumberArray> {
  private data: T;
  length = 0;

  constructor(initial: T) {
    this.data = initial;
  }

  push(value: number): void {
    if (this.length === this.data.length) this.data = ensureCapacity(this.data, this.length + 1);
    this.data[this.length++] = value;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  get(index: number): number {
    return this.data[index] as number;
  }

  /** A copy of exactly the filled part, so the spare room can be freed. */
  finish(): T {
    return this.data.slice(0, this.length) as T;
  }
}

const CHUNK_BITS = 20;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

/**
 * Appends numbers into fixed-size chunks, so collecting tens of millions of postings never
 * copies (or briefly doubles) what was collected so far, as a growing single array would.
 */
export class ChunkedNumbers<T extends NumberArray> {
  private chunks: T[] = [];
  length = 0;

  constructor(private readonly make: (size: number) => T) {}

  push(value: number): void {
    const at = this.length & CHUNK_MASK;
    if (at === 0) this.chunks.push(this.make(CHUNK_SIZE));
    (this.chunks[this.chunks.length - 1] as T)[at] = value;
    this.length++;
  }

  get(index: number): number {
    return (this.chunks[index >>> CHUNK_BITS] as T)[index & CHUNK_MASK] as number;
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  /** The filled part of chunk `i`; numbers `i * CHUNK_SIZE` onwards. */
  chunk(i: number): T {
    const start = i * CHUNK_SIZE;
    return (this.chunks[i] as T).subarray(0, Math.min(CHUNK_SIZE, this.length - start)) as T;
  }

  /** Lets chunk `i` go once it has been consumed. */
  release(i: number): void {
    this.chunks[i] = this.make(0);
  }

  /** One array of exactly the collected numbers; chunks are let go as they are copied. */
  finish(): T {
    const out = this.make(this.length);
    this.chunks.forEach((chunk, i) => {
      const start = i * CHUNK_SIZE;
      out.set(chunk.subarray(0, Math.min(CHUNK_SIZE, this.length - start)), start);
      this.chunks[i] = this.make(0);
    });
    this.chunks = [];
    return out;
  }
}
