// Moves every span inside plain engine data by a delta: facts of an unchanged `---` section are
// reused when text before it grew or shrank, instead of re-reading the section. On the hot path
// of every keystroke in a large file (all later sections move), so it allocates nothing per node.

/**
 * Adds `delta` to every `{start, end}` span reachable from `value` (plain objects and arrays).
 * `value` must be a tree: an object reached twice would move twice (a set of the objects seen
 * would cost a large table per keystroke in a large file).
 */
export function shiftSpans(value: unknown, delta: number): void {
  if (delta === 0) return;
  const stack: object[] = [];
  const push = (v: unknown) => { if (v !== null && typeof v === 'object' && !(v instanceof Map) && !(v instanceof Set)) stack.push(v); };
  push(value);
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (Array.isArray(v)) { for (const x of v) push(x); continue; }
    const o = v as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number' && isSpanOnly(o)) {
      o.start += delta;
      o.end += delta;
      continue;
    }
    for (const k in o) push(o[k]);
  }
}

/** Whether an object has exactly the keys `start` and `end` (counted without allocating). */
function isSpanOnly(o: Record<string, unknown>): boolean {
  let n = 0;
  for (const _ in o) if (++n > 2) return false;
  return n === 2;
}
