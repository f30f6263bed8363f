// A file that opens with `{` and holds several JSON objects (`{...}{...}`, one per line): kubectl's
// YAML-or-JSON decoder reads it as a JSON stream; YAML does not. Depends only on `yaml`.
import { isMap, isPair, isSeq, type Document } from 'yaml';
import { quotedEnd } from './quoted-scalar';

/**
 * The spans of the JSON objects of a text that is a stream of two or more of them, with only JSON
 * whitespace around and between; undefined otherwise. Each must be valid JSON, as kubectl's JSON
 * decoder requires (a YAML flow map such as `{a: 1}` stays a syntax error). kubectl takes this
 * path only when the file starts with `{`: a `---` section after the first starts with `---`.
 */
export function jsonObjectSpans(text: string): { start: number; end: number }[] | undefined {
  const spans: { start: number; end: number }[] = [];
  for (let i = skipSpace(text, 0); i < text.length; i = skipSpace(text, i)) {
    if (text[i] !== '{') return undefined;
    const end = closingBrace(text, i);
    if (end < 0) return undefined;
    spans.push({ start: i, end: end + 1 });
    i = end + 1;
  }
  if (spans.length < 2) return undefined;
  for (const s of spans) {
    try {
      JSON.parse(text.slice(s.start, s.end));
    } catch {
      return undefined;
    }
  }
  return spans;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

/** The offset of the `}` closing the object that opens at `i` (JSON strings skipped), or -1. */
function closingBrace(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const ch = text[j];
    if (ch === '"') j = quotedEnd(text, j);
    else if (ch === '{' || ch === '[') depth++;
    else if ((ch === '}' || ch === ']') && --depth === 0) return ch === '}' ? j : -1;
  }
  return -1;
}

/**
 * Parses each object of a JSON stream alone and moves its document to where the object sits in
 * the text, so spans are exact; undefined when the text is not such a stream.
 */
export function parseJsonStream(text: string, parse: (text: string) => Document.Parsed[]): Document.Parsed[] | undefined {
  const spans = jsonObjectSpans(text);
  if (!spans) return undefined;
  const docs: Document.Parsed[] = [];
  for (const s of spans) {
    for (const doc of parse(text.slice(s.start, s.end))) {
      shiftDocument(doc, s.start);
      docs.push(doc);
    }
  }
  return docs;
}

/** Adds `delta` to every range of a document: its own, its nodes' and its errors'. */
function shiftDocument(doc: Document.Parsed, delta: number): void {
  const move = (r: number[] | null | undefined) => { if (r) for (let k = 0; k < r.length; k++) r[k] = r[k]! + delta; };
  move(doc.range);
  for (const e of [...doc.errors, ...doc.warnings]) move(e.pos);
  // JSON has no aliases: every node is reached once.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.pop() as { range?: number[] | null } | null;
    if (!n) continue;
    move(n.range);
    if (isMap(n)) for (const item of n.items) { if (isPair(item)) stack.push(item.key, item.value); }
    else if (isSeq(n)) for (const it of n.items) stack.push(it);
  }
}
