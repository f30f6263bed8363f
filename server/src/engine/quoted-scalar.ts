// Where a YAML quoted scalar ends, read from the text (before or without a parse): `"` escapes
// with a backslash, `'` with a doubled quote. Shared by the nesting guard, the Kubernetes sniff
// and completion in flow collections.

/** The offset of the closing quote of the scalar opening at `i`, or `end` when it never closes. */
export function quotedEnd(text: string, i: number, end = text.length): number {
  const q = text[i]!;
  for (let j = i + 1; j < end; j++) {
    if (q === '"' && text[j] === '\\') { j++; continue; }
    if (text[j] === q) {
      if (q === "'" && text[j + 1] === "'") { j++; continue; }
      return j;
    }
  }
  return end;
}
