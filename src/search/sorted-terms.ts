/**
 * Prefix look-ups over a sorted array of terms: the terms sharing a prefix are one contiguous
 * run, found with two binary searches. Order is plain UTF-16 order (`<`).
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
