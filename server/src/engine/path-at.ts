// The semantic path under an offset (`spec.ingress[0].from[1].namespaceSelector`), so cursor
// features branch on meaning, never on nearby text. Walks iteratively over the yaml tree.
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { ManifestObject } from './parse-manifests';
import type { Span } from './types';

/** Where an offset sits inside a Kubernetes object. */
export interface PathAt {
  object: ManifestObject;
  /** Keys and indexes from the object root to the innermost node containing the offset. */
  path: (string | number)[];
  /** The innermost node (a value), or null when the offset is on a key or an empty value. */
  node: Node | null;
  /** The pair whose key or value holds the offset, if any. */
  pair?: Pair;
  /** True when the offset is on a key (the last path element). */
  onKey: boolean;
  /** The span of the innermost key or node. */
  span: Span;
}

/** The object that contains an offset. */
export function objectAt(objects: readonly ManifestObject[], offset: number): ManifestObject | undefined {
  return objects.find((o) => offset >= o.span.start && offset <= o.span.end);
}

/** The semantic path at an offset, or undefined when it is outside every object. */
export function pathAt(objects: readonly ManifestObject[], offset: number): PathAt | undefined {
  const object = objectAt(objects, offset);
  if (!object) return undefined;
  const src = object.src;
  const path: (string | number)[] = [];
  let node: Node | null = object.node;
  let pair: Pair | undefined;
  let span = object.span;
  for (let depth = 0; depth < 200 && node; depth++) {
    if (isMap(node)) {
      const hit: Pair | undefined = node.items.find((p): p is Pair => isPair(p) && contains(src.pairSpan(p), offset));
      if (!hit) break;
      pair = hit;
      const key = isScalar(hit.key) ? String(hit.key.value) : '';
      path.push(key);
      const ks = src.span(hit.key as Node);
      if (contains(ks, offset) || !hit.value) {
        return { object, path, node: null, pair, onKey: contains(ks, offset), span: ks };
      }
      node = src.deref(hit.value);
      span = src.span(node);
      continue;
    }
    if (isSeq(node)) {
      const items = node.items as Node[];
      const i = items.findIndex((it) => it && contains(src.span(it), offset));
      if (i < 0) break;
      path.push(i);
      node = src.deref(items[i]);
      span = src.span(node);
      pair = undefined;
      continue;
    }
    break;
  }
  return { object, path, node, pair, onKey: false, span };
}

function contains(s: Span, offset: number): boolean {
  return offset >= s.start && offset <= s.end;
}
