/**
 * Prefix and typo look-ups over a sorted array of terms. A sorted array is a trie laid
 * flat: the terms sharing a prefix are one contiguous run, so a walk can share work between
 * neighbours and skip a whole run with one binary search. Order is plain UTF-16 order (`<`).
 */

/** Index of the first term not less than `value`. */
export function lowerBound(sorted: readonly string[], value: string, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** End of the run of terms that start with `prefix`, searching from `from`, which is in the run or at its end. */
export function prefixEnd(sorted: readonly string[], prefix: string, from: number): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string).startsWith(prefix)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The run `[start, end)` of terms that start with `prefix`. */
export function prefixRange(sorted: readonly string[], prefix: string): [number, number] {
  const start = lowerBound(sorted, prefix);
  return [start, prefixEnd(sorted, prefix, start)];
}

/**
 * Calls `onMatch` for every term within `maxDistance` edits (Levenshtein) of `query`.
 * Rows of the edit-distance table are kept per depth and reused for the prefix a term shares
 * with the one before it; once every cell of a row exceeds the limit, no term with that
 * prefix can match, and the walk jumps past the whole run.
 */
export function fuzzyScan(sorted: readonly string[], query: string, maxDistance: number, onMatch: (index: number, distance: number) => void): void {
  const width = query.length + 1;
  const rows: Int32Array[] = [Int32Array.from({ length: width }, (_, j) => j)];
  let previous = '';
  let validDepth = 0;
  let index = 0;
  while (index < sorted.length) {
    const term = sorted[index] as string;
    let depth = 0;
    const shared = Math.min(validDepth, term.length, previous.length);
    while (depth < shared && term.charCodeAt(depth) === previous.charCodeAt(depth)) depth++;
    let prunedAt = -1;
    for (; depth < term.length; depth++) {
      const above = rows[depth] as Int32Array;
      const row = rows[depth + 1] ?? (rows[depth + 1] = new Int32Array(width));
      const char = term.charCodeAt(depth);
      row[0] = depth + 1;
      let smallest = row[0];
      for (let j = 1; j < width; j++) {
        const substitution = (above[j - 1] as number) + (query.charCodeAt(j - 1) === char ? 0 : 1);
        const deletion = (above[j] as number) + 1;
        const insertion = (row[j - 1] as number) + 1;
        const cell = substitution < deletion ? (substitution < insertion ? substitution : insertion) : deletion < insertion ? deletion : insertion;
        row[j] = cell;
        if (cell < smallest) smallest = cell;
      }
      if (smallest > maxDistance) {
        prunedAt = depth + 1;
        break;
      }
    }
    previous = term;
    if (prunedAt >= 0) {
      validDepth = prunedAt;
      index = prefixEnd(sorted, term.slice(0, prunedAt), index + 1);
      continue;
    }
    validDepth = term.length;
    const distance = (rows[term.length] as Int32Array)[width - 1] as number;
    if (distance <= maxDistance) onMatch(index, distance);
    index++;
  }
}
