// Moves every span inside plain engine data by a delta: facts of an unchanged `---` section are
// reused when text before it grew or shrank, instead of re-reading the section.

/** Adds `delta` to every `{start, end}` span reachable from `value` (plain objects and arrays). */
export function shiftSpans(value: unknown, delta: number): void {
  if (delta === 0) return;
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) { for (const x of v) stack.push(x); continue; }
    if (v instanceof Map || v instanceof Set) continue;
    const o = v as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number' && Object.keys(o).length === 2) {
      o.start += delta;
      o.end += delta;
      continue;
    }
    for (const k in o) stack.push(o[k]);
  }
}
