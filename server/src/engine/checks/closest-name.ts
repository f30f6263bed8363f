// The nearest name to a misspelt one (a named port, a namespace), by edit distance: a typo is one
// or two edits away. Pure string work.

/** The name among `names` at most `maxEdits` (default two) edits away from `name` (not itself), if any. */
export function closest(name: string, names: Iterable<string>, maxEdits = 2): string | undefined {
  let best: string | undefined;
  let bestD = maxEdits + 1;
  for (const other of names) {
    if (other === name) continue;
    const d = distance(name, other, bestD);
    if (d < bestD) { bestD = d; best = other; }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `max`) once it reaches `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) >= max) return max;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]!);
    }
    if (rowMin >= max) return max;
    prev = cur;
  }
  return Math.min(prev[b.length]!, max);
}
