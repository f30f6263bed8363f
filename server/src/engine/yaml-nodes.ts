// Small typed accessors over `yaml` AST nodes that turn node ranges into absolute spans.
// Depends only on `yaml`. Aliases are resolved against a per-document budget (alias bombs).
import { Document, isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Span } from './types';

/** The most alias dereferences one document may make before extraction gives up. */
export const ALIAS_BUDGET = 1000;

/** Thrown when a document spends its alias budget; the parser reports it as a finding. */
export class AliasLimitError extends Error {}

/** Where a node tree comes from: its file, the offset of its document's text, and the alias budget. */
export class NodeSource {
  private aliasesLeft = ALIAS_BUDGET;
  private readonly merges = new WeakMap<YAMLMap, YAMLMap[]>();
  private anchors?: Map<string, Node[]>;
  /** `text` is the section's text, used to trim trailing blank space off block nodes' ranges. */
  constructor(readonly file: string, public base: number, readonly doc: Document.Parsed, private readonly text?: string) {}

  /**
   * Places the tree at another offset (its section moved in an edited document) and gives it a
   * full alias budget again, as a fresh read would.
   */
  placeAt(base: number): void {
    this.base = base;
    this.aliasesLeft = ALIAS_BUDGET;
  }

  /** The absolute span of a node. */
  span(node: Node | null | undefined, fallback?: Span): Span {
    const r = node?.range;
    if (!r) return fallback ?? { start: this.base, end: this.base };
    let end = r[1];
    if (this.text) while (end > r[0] && /\s/.test(this.text[end - 1]!)) end--;
    return { start: this.base + r[0], end: this.base + end };
  }

  /** A pair's span runs from its key's start to its value's end; a null value anchors on its key. */
  pairSpan(pair: Pair): Span {
    const k = pair.key as Node | null;
    const v = pair.value as Node | null;
    const ks = this.span(k);
    if (!v || !v.range) return ks;
    const vs = this.span(v);
    return { start: ks.start, end: Math.max(ks.end, vs.end) };
  }

  /**
   * The node an alias names: the last node with that anchor before it. The anchors are listed
   * once per document (the yaml library's own resolve walks the whole document per alias, which
   * made a file of 20,000 aliases take half a minute).
   */
  private anchored(alias: Alias): Node | null {
    if (!this.anchors) {
      const anchors = new Map<string, Node[]>();
      const stack: unknown[] = [this.doc.contents];
      while (stack.length > 0) {
        const n = stack.pop();
        if (!n || isAlias(n)) continue;
        const name = (n as { anchor?: string }).anchor;
        if (name) { const list = anchors.get(name); if (list) list.push(n as Node); else anchors.set(name, [n as Node]); }
        if (isMap(n)) for (const item of n.items) { if (isPair(item)) stack.push(item.key, item.value); }
        else if (isSeq(n)) for (const it of n.items) stack.push(it);
      }
      for (const list of anchors.values()) list.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
      this.anchors = anchors;
    }
    const at = alias.range?.[0] ?? Infinity;
    const list = this.anchors.get(alias.source);
    let found: Node | null = null;
    if (list) for (const n of list) { if ((n.range?.[0] ?? 0) < at) found = n; else break; }
    return found;
  }

  /** Follows an alias to the node it names, spending the alias budget. */
  deref(node: unknown): Node | null {
    if (isAlias(node)) {
      if (--this.aliasesLeft < 0) throw new AliasLimitError(`more than ${ALIAS_BUDGET} aliases`);
      return this.anchored(node);
    }
    return (node as Node | null) ?? null;
  }

  /** The value node under `key` of a map, or undefined when the key is missing. */
  get(map: unknown, key: string): { pair: Pair; value: Node | null } | undefined {
    const m = this.deref(map);
    if (!isMap(m)) return undefined;
    for (const item of m.items) {
      if (isPair(item) && !isMergeKey(item) && keyText(item) === key) return { pair: item, value: this.deref(item.value) };
    }
    for (const source of this.mergeSources(m)) {
      const e = this.get(source, key);
      if (e) return e;
    }
    return undefined;
  }

  /**
   * The maps a map merges in with YAML merge keys (`<<: *base`, `<<: [*a, *b]`), first wins.
   * kubectl reads manifests with go-yaml, which applies them: the API server sees the merged map.
   */
  private mergeSources(m: YAMLMap): YAMLMap[] {
    // Resolved once per map, so repeated lookups do not spend the alias budget again.
    let out = this.merges.get(m);
    if (out) return out;
    this.merges.set(m, (out = []));
    for (const item of m.items) {
      if (!isPair(item) || !isMergeKey(item)) continue;
      const v = this.deref(item.value);
      if (isMap(v)) out.push(v);
      else if (isSeq(v)) for (const it of v.items) { const x = this.deref(it); if (isMap(x)) out.push(x); }
    }
    return out;
  }

  /** The map under a key, or undefined when missing or not a map. */
  getMap(map: unknown, key: string): YAMLMap | undefined {
    const v = this.get(map, key)?.value;
    return isMap(v) ? v : undefined;
  }

  /** The sequence under a key, or undefined when missing or not a sequence. */
  getSeq(map: unknown, key: string): YAMLSeq | undefined {
    const v = this.get(map, key)?.value;
    return isSeq(v) ? v : undefined;
  }

  /** A scalar under a key as a string (numbers and booleans converted), else undefined. */
  getString(map: unknown, key: string): string | undefined {
    return scalarString(this.get(map, key)?.value);
  }

  /** The items of a sequence, aliases resolved. */
  items(seq: unknown): Node[] {
    const s = this.deref(seq);
    if (!isSeq(s)) return [];
    const out: Node[] = [];
    for (const it of s.items) {
      const n = this.deref(it);
      if (n) out.push(n);
    }
    return out;
  }

  /** The pairs of a map with scalar keys, values resolved. */
  entries(map: unknown): { key: string; pair: Pair; value: Node | null }[] {
    const m = this.deref(map);
    if (!isMap(m)) return [];
    const out: { key: string; pair: Pair; value: Node | null }[] = [];
    for (const item of m.items) {
      if (!isPair(item) || isMergeKey(item)) continue;
      const key = keyText(item);
      if (key === undefined) continue;
      out.push({ key, pair: item, value: this.deref(item.value) });
    }
    // Merged-in keys that the map does not write itself (its own keys override).
    const sources = this.mergeSources(m);
    if (sources.length > 0) {
      const seen = new Set(out.map((e) => e.key));
      for (const source of sources) for (const e of this.entries(source)) if (!seen.has(e.key)) { seen.add(e.key); out.push(e); }
    }
    return out;
  }
}

/** Whether a pair is a YAML merge key: a plain (unquoted) `<<`. */
function isMergeKey(pair: Pair): boolean {
  const k = pair.key;
  return isScalar(k) && k.value === '<<' && (k as Scalar).type === 'PLAIN';
}

/** The text of a pair's scalar key. */
export function keyText(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return k.value === null ? '' : String(k.value);
  return undefined;
}

/** A scalar's value as a string; null, maps and sequences give undefined. */
export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

/** Whether a node is a scalar holding a YAML null (`~`, `null` or nothing). */
export function isNullNode(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && (node as Scalar).value === null);
}
