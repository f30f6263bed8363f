// Minimal text edits on YAML the user wrote: append a list item or a map key in the same
// indentation style, touching nothing else. Block style only; flow style gets no edit.
import { isMap, isSeq, type Node, type Pair } from 'yaml';
import type { NodeSource } from '../yaml-nodes';
import type { Span, TextEdit } from '../types';

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  if (i < 0) return text.length;
  return i > 0 && text[i - 1] === '\r' ? i - 1 : i;
}

/** The file's newline: CRLF when the text uses it. */
export function newline(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Whether a collection is written in block style (not `{}`/`[]`). */
export function isBlock(node: Node | null | undefined): boolean {
  return (isMap(node) || isSeq(node)) && !(node as { flow?: boolean }).flow;
}

/**
 * Appends `lines` (already indented relative to the item's dash column, first line without the
 * dash) as a new item at the end of a block sequence.
 */
export function appendSeqItem(src: NodeSource, text: string, seq: Node, itemLines: string[]): TextEdit | undefined {
  if (!isSeq(seq) || !isBlock(seq) || seq.items.length === 0) return undefined;
  const first = src.span(seq.items[0] as Node);
  const dashCol = (() => {
    const ls = lineStart(text, first.start);
    const before = text.slice(ls, first.start);
    const m = /^(\s*)-\s+$/.exec(before);
    return m ? m[1]!.length : -1;
  })();
  if (dashCol < 0) return undefined;
  const last = src.span(seq.items[seq.items.length - 1] as Node);
  const at = lineEnd(text, last.end);
  const nl = newline(text);
  const pad = ' '.repeat(dashCol);
  const body = itemLines.map((l, i) => (i === 0 ? `${pad}- ${l}` : `${pad}  ${l}`)).join(nl);
  return { file: src.file, span: { start: at, end: at }, newText: `${nl}${body}` };
}

/** Appends `key:` with value lines (indented relative to the key) at the end of a block map. */
export function appendMapKey(src: NodeSource, text: string, map: Node, key: string, valueLines: string[]): TextEdit | undefined {
  if (!isMap(map) || !isBlock(map) || map.items.length === 0) return undefined;
  const firstKey = src.span((map.items[0] as Pair).key as Node);
  const col = firstKey.start - lineStart(text, firstKey.start);
  const lastPair = map.items[map.items.length - 1] as Pair;
  const at = lineEnd(text, src.pairSpan(lastPair).end);
  const nl = newline(text);
  const pad = ' '.repeat(col);
  return { file: src.file, span: { start: at, end: at }, newText: `${nl}${pad}${key}:${valueLines.map((l) => `${nl}${pad}${l}`).join('')}` };
}

/** The indentation unit the file uses under keys (2 by default). */
export function indentUnit(text: string): number {
  const m = /\n( +)\S/.exec(text);
  return m ? Math.min(m[1]!.length, 4) || 2 : 2;
}

/** Whether a span is the only content on its lines (safe to delete or re-indent lines). */
export function ownsLines(text: string, span: Span): boolean {
  const ls = lineStart(text, span.start);
  return /^\s*(-\s+)?$/.test(text.slice(ls, span.start)) && /^\s*(#.*)?$/.test(text.slice(span.end, lineEnd(text, span.end)));
}

export { lineStart, lineEnd };
