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
