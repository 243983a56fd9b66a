/** Levenshtein distance between `a` and `b` when it is at most `max`; undefined when it is more. */
export function editDistanceWithin(a: string, b: string, max: number): number | undefined {
  if (Math.abs(a.length - b.length) > max) return undefined;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      const cell = Math.min((previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1), (previous[j] as number) + 1, (current[j - 1] as number) + 1);
      current.push(cell);
      if (cell < smallest) smallest = cell;
    }
    if (smallest > max) return undefined;
    previous = current;
  }
  const distance = previous[b.length] as number;
  return distance <= max ? distance : undefined;
}
