// Minimal text edits on YAML the user wrote: append a list item or a map key, remove a list item,
// in the file's own style, touching nothing else. Returns undefined when no safe edit exists.
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { NodeSource } from './yaml-nodes';
import type { Span, TextEdit } from './types';
import { writeYaml, type IndentStyle, type YamlTree } from './refactor/indent-style';

/** The offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset where the line holding `offset` ends (before CR LF). */
export function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  if (i < 0) return text.length;
  return i > 0 && text[i - 1] === '\r' ? i - 1 : i;
}

/** The file's newline, judged by its first line break (a scan of a large file per fix would cost). */
export function newline(text: string): '\n' | '\r\n' {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** Whether a node is a flow collection (`{}`/`[]`). */
export function isFlow(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && !!(node as { flow?: boolean }).flow;
}

/** Lines moved right by `n` spaces (left when negative; only spaces are removed). */
export function shiftLines(lines: string[], n: number): string[] {
  if (n >= 0) return lines.map((l) => (l ? ' '.repeat(n) + l : l));
  return lines.map((l) => l.replace(new RegExp(`^ {0,${-n}}`), ''));
}

/** The block lines of one sequence item (its dash at column 0) written in a style. */
export function blockItemLines(item: YamlTree, style: IndentStyle): string[] {
  const lines = writeYaml({ map: [['x', { seq: [item] }]] }, style).slice(1);
  return shiftLines(lines, style.indentSequences ? -style.unit : 0);
}

/** The block lines of one `key:` entry (the key at column 0) written in a style. */
export function blockKeyLines(key: string, value: YamlTree, style: IndentStyle): string[] {
  return writeYaml({ map: [[key, value]] }, style);
}

/** A tree as one line of flow YAML; with `json`, keys and non-numeric scalars are quoted. */
export function flowText(tree: YamlTree, json: boolean): string {
  if (typeof tree === 'string') return json && !/^-?\d+$/.test(tree) ? JSON.stringify(tree) : tree;
  if ('seq' in tree) return `[${tree.seq.map((t) => flowText(t, json)).join(', ')}]`;
  return `{${tree.map.map(([k, v]) => `${json ? JSON.stringify(k) : k}: ${flowText(v, json)}`).join(', ')}}`;
}

/** The column of a block sequence's dashes, or -1 when its first item does not start `- ` on its own line. */
export function dashColumn(src: NodeSource, text: string, seq: Node): number {
  if (!isSeq(seq) || isFlow(seq) || seq.items.length === 0) return -1;
  const first = src.span(seq.items[0] as Node);
  const before = text.slice(lineStart(text, first.start), first.start);
  const m = /^( *)-[ ]+$/.exec(before);
  return m ? m[1]!.length : -1;
}

/** Appends an item (lines with the dash at column 0) at the end of a block sequence. */
export function appendBlockItem(src: NodeSource, text: string, seq: Node, itemLines: string[]): TextEdit | undefined {
  const col = dashColumn(src, text, seq);
  if (col < 0 || !isSeq(seq)) return undefined;
  const last = src.span(seq.items[seq.items.length - 1] as Node);
  const at = lineEnd(text, last.end);
  const nl = newline(text);
  return { file: src.file, span: { start: at, end: at }, newText: nl + shiftLines(itemLines, col).join(nl) };
}

/** Appends an item (flow text) to a flow sequence: after its last item, or into `[]`. */
export function appendFlowItem(src: NodeSource, text: string, seq: Node, itemText: string): TextEdit | undefined {
  if (!isSeq(seq) || !isFlow(seq)) return undefined;
  const span = src.span(seq);
  if (text[span.end - 1] !== ']') return undefined;
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (!last) return { file: src.file, span: { start: span.end - 1, end: span.end - 1 }, newText: itemText };
  const at = src.span(last).end;
  return { file: src.file, span: { start: at, end: at }, newText: `, ${itemText}` };
}

/** Appends `key: value` (lines with the key at column 0) at the end of a block map. */
export function appendBlockKey(src: NodeSource, text: string, map: Node, keyLines: string[]): TextEdit | undefined {
  if (!isMap(map) || isFlow(map) || map.items.length === 0) return undefined;
  const firstKey = src.span((map.items[0] as Pair).key as Node);
  const col = firstKey.start - lineStart(text, firstKey.start);
  if (text.slice(lineStart(text, firstKey.start), firstKey.start).trim() !== '' && !/^ *- +$/.test(text.slice(lineStart(text, firstKey.start), firstKey.start)))
    return undefined;
  const lastPair = map.items[map.items.length - 1] as Pair;
  const at = lineEnd(text, src.pairSpan(lastPair).end);
  const nl = newline(text);
  return { file: src.file, span: { start: at, end: at }, newText: nl + shiftLines(keyLines, col).join(nl) };
}

/** Appends a pair (flow text `key: value`) to a flow map: after its last pair, or into `{}`. */
export function appendFlowPair(src: NodeSource, text: string, map: Node, pairText: string): TextEdit | undefined {
  if (!isMap(map) || !isFlow(map)) return undefined;
  const span = src.span(map);
  if (text[span.end - 1] !== '}') return undefined;
  const last = map.items[map.items.length - 1] as Pair | undefined;
  if (!last) return { file: src.file, span: { start: span.end - 1, end: span.end - 1 }, newText: pairText };
  const at = src.pairSpan(last).end;
  return { file: src.file, span: { start: at, end: at }, newText: `, ${pairText}` };
}

/** Whether a flow collection's scalars are written double-quoted (JSON style), judged by its first one. */
export function quotesScalars(node: Node): boolean {
  const first = isSeq(node) ? node.items[0] : isMap(node) ? (node.items[0] as Pair | undefined)?.key : undefined;
  return isScalar(first) && (first as { type?: string }).type === 'QUOTE_DOUBLE';
}

/**
 * Removes item `index` of the sequence that is `pair`'s value. In a flow list: the item and one
 * comma next to it (`[a, b]` -> `[a]`; the only item leaves `[]`, JSON stays JSON). In a block
 * list: the item's line, or the whole `key:` entry when it was the only item, since a key left
 * without items would read as null. Undefined when a comment or other text would go with it.
 */
export function removeSeqItem(src: NodeSource, text: string, pair: Pair, index: number): TextEdit | undefined {
  const seq = pair.value;
  if (!isSeq(seq)) return undefined;
  const items = seq.items as Node[];
  const node = items[index];
  // An anchored node may be used elsewhere through an alias: removing it would change that place too.
  if (!node || !node.range || seq.anchor || (node as { anchor?: string }).anchor) return undefined;
  const item = src.span(node);
  const edit = (start: number, end: number): TextEdit => ({ file: src.file, span: { start, end }, newText: '' });
  if (isFlow(seq)) {
    const s = src.span(seq);
    if (text[s.start] !== '[' || text[s.end - 1] !== ']') return undefined;
    const separated = (a: number, b: number) => /^\s*,\s*$/.test(text.slice(a, b));
    if (items.length === 1) {
      if (text.slice(s.start + 1, item.start).trim() !== '' || !/^\s*,?\s*$/.test(text.slice(item.end, s.end - 1))) return undefined;
      return edit(s.start + 1, s.end - 1);
    }
    if (index < items.length - 1) {
      const next = src.span(items[index + 1]);
      return separated(item.end, next.start) ? edit(item.start, next.start) : undefined;
    }
    const prev = src.span(items[index - 1]);
    return separated(prev.end, item.start) ? edit(prev.end, item.end) : undefined;
  }
  if (!/^[ \t]*-[ \t]+$/.test(text.slice(lineStart(text, item.start), item.start))) return undefined;
  if (!/^[ \t]*(#.*)?$/.test(text.slice(item.end, lineEnd(text, item.end)))) return undefined;
  // The only item: the whole entry goes, from the key's line (which it must own).
  const key = src.span(pair.key as Node);
  const from = items.length === 1 ? lineStart(text, key.start) : lineStart(text, item.start);
  if (items.length === 1 && (text.slice(from, key.start).trim() !== '' || !/^\s*:\s*-[ \t]+$/.test(text.slice(key.end, item.start).replace(/#.*$/gm, ''))))
    return undefined;
  const nl = text.indexOf('\n', item.end);
  if (nl >= 0) return edit(from, nl + 1);
  // The last line of a file without a final newline: the line break before it goes instead.
  const back = from > 0 && text[from - 2] === '\r' ? 2 : 1;
  return edit(Math.max(0, from - back), text.length);
}

/** The span of a scalar's content: inside its quotes when quoted, so a replacement keeps the quote style. */
export function scalarContentSpan(src: NodeSource, node: Node): Span {
  const span = src.span(node);
  const type = isScalar(node) ? (node as { type?: string }).type : undefined;
  if ((type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') && span.end - span.start >= 2) return { start: span.start + 1, end: span.end - 1 };
  return span;
}
