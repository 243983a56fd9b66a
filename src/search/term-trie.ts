/**
 * A character trie over a sorted term list, in flat arrays, for typo look-ups: a walk keeps
 * one row of the edit-distance table per depth and leaves a branch as soon as every cell of
 * its row is over the limit, so a query visits a few thousand nodes of a 300 000-term
 * vocabulary instead of every term.
 */
export class TermTrie {
  private constructor(
    private readonly firstChild: Int32Array,
    private readonly nextSibling: Int32Array,
    private readonly char: Uint16Array,
    /** The term ending at each node, or -1. */
    private readonly term: Int32Array,
  ) {}

  /** Builds from terms in ascending UTF-16 order; term numbers are their positions. */
  static fromSorted(terms: readonly string[]): TermTrie {
    let capacity = 1;
    for (let i = 0; i < terms.length; i++) capacity += (terms[i] as string).length - commonPrefix(terms[i - 1] ?? '', terms[i] as string);
    const firstChild = new Int32Array(capacity).fill(-1);
    const nextSibling = new Int32Array(capacity).fill(-1);
    const lastChild = new Int32Array(capacity).fill(-1);
    const char = new Uint16Array(capacity);
    const term = new Int32Array(capacity).fill(-1);
    let nodes = 1;
    const path: number[] = [0];
    let previous = '';
    terms.forEach((text, id) => {
      const shared = commonPrefix(previous, text);
      path.length = shared + 1;
      for (let depth = shared; depth < text.length; depth++) {
        const parent = path[depth] as number;
        const node = nodes++;
        char[node] = text.charCodeAt(depth);
        if (lastChild[parent] === -1) firstChild[parent] = node;
        else nextSibling[lastChild[parent] as number] = node;
        lastChild[parent] = node;
        path.push(node);
      }
      term[path[text.length] as number] = id;
      previous = text;
    });
    return new TermTrie(firstChild, nextSibling, char, term);
  }

  /** Calls `onMatch` for every term within `maxDistance` edits (Levenshtein) of `query`. */
  withinDistance(query: string, maxDistance: number, onMatch: (term: number, distance: number) => void): void {
    const width = query.length + 1;
    const codes = Uint16Array.from({ length: query.length }, (_, i) => query.charCodeAt(i));
    const rows: Int32Array[] = [Int32Array.from({ length: width }, (_, j) => j)];
    const walk = (node: number, depth: number): void => {
      const above = rows[depth] as Int32Array;
      const row = rows[depth + 1] ?? (rows[depth + 1] = new Int32Array(width));
      for (let child = this.firstChild[node] as number; child !== -1; child = this.nextSibling[child] as number) {
        const code = this.char[child] as number;
        row[0] = depth + 1;
        let smallest = depth + 1;
        for (let j = 1; j < width; j++) {
          const substitution = (above[j - 1] as number) + (codes[j - 1] === code ? 0 : 1);
          const deletion = (above[j] as number) + 1;
          const insertion = (row[j - 1] as number) + 1;
          const cell = substitution < deletion ? (substitution < insertion ? substitution : insertion) : deletion < insertion ? deletion : insertion;
          row[j] = cell;
          if (cell < smallest) smallest = cell;
        }
        if (smallest > maxDistance) continue;
        const distance = row[width - 1] as number;
        const found = this.term[child] as number;
        if (found >= 0 && distance <= maxDistance) onMatch(found, distance);
        walk(child, depth + 1);
      }
    };
    walk(0, 0);
  }
}

function commonPrefix(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
