// Find references from a label in a selector to what carries it: the workloads' labels for pod
// selectors (in the namespaces the selector looks at), the Namespace manifests for namespaceSelectors.
import { isScalar, type Node } from 'yaml';
import { pathAt } from '../path-at';
import type { ManifestObject } from '../parse-manifests';
import type { Snapshot } from '../snapshot';
import type { Span } from '../types';
import { modelOf } from './hover';

/** A place in a file. */
export interface FileSpan {
  file: string;
  span: Span;
}

/** A selector label under the cursor (its own place) and the manifests that carry it. */
export interface LabelReferences {
  declaration: FileSpan;
  references: FileSpan[];
}

/**
 * The references of the selector label at an offset, or undefined off a selector label. In
 * matchLabels the label is key=value. In matchExpressions, on one of `values` it is key=that value;
 * elsewhere in the item, an `In` means any of its values, other operators the key with any value.
 */
export function labelReferences(s: Snapshot, objects: readonly ManifestObject[], offset: number): LabelReferences | undefined {
  const at = pathAt(objects, offset);
  if (!at || at.path[0] !== 'spec') return undefined;
  const policy = modelOf(s, at.object);
  if (!policy || !('podSelector' in policy)) return undefined;
  const path = at.path;
  const i = path.findIndex((p) => p === 'matchLabels' || p === 'matchExpressions');
  if (i < 2) return undefined;
  const selKind = path[i - 1];
  if (selKind !== 'podSelector' && selKind !== 'namespaceSelector') return undefined;
  const src = at.object.src;
  let node: Node | null = at.object.node;
  for (const p of path.slice(0, i + 2)) {
    node = typeof p === 'number' ? src.items(node)[p] ?? null : src.get(node, p)?.value ?? null;
  }
  let has: (labels: ReadonlyMap<string, string>) => boolean;
  let span: Span;
  if (path[i] === 'matchLabels') {
    const key = path[i + 1];
    if (typeof key !== 'string' || !at.pair) return undefined;
    const value = isScalar(node) && node.value !== null ? String(node.value) : '';
    has = (l) => l.get(key) === value;
    span = src.pairSpan(at.pair);
  } else {
    if (typeof path[i + 1] !== 'number' || !node) return undefined;
    const key = src.getString(node, 'key');
    if (key === undefined) return undefined;
    const values = src.items(src.get(node, 'values')?.value ?? null).map((v) => (isScalar(v) ? String(v.value) : ''));
    const vi = path[i + 2] === 'values' ? path[i + 3] : undefined;
    if (typeof vi === 'number' && values[vi] !== undefined) has = (l) => l.get(key) === values[vi];
    else if (src.getString(node, 'operator') === 'In') has = (l) => values.includes(l.get(key) as string);
    else has = (l) => l.has(key);
    span = typeof vi === 'number' ? at.span : src.span(node);
  }
  const declaration = { file: at.object.file, span };
  if (selKind === 'namespaceSelector') {
    const references = [...s.namespaces.values()].filter((n) => n.declared && has(n.labels)).map((n) => ({ file: n.declared!.file, span: n.declared!.span }));
    return { declaration, references };
  }
  // spec.podSelector looks in the policy's namespace; a peer's podSelector where the peer reaches.
  let namespaces = [policy.namespace];
  if (path[1] === 'ingress' || path[1] === 'egress') {
    const rule = s.analyze(policy)[path[1]].find((ra) => contains(ra.rule.span, offset));
    const pa = rule?.peers?.find((x) => contains(x.peer.span, offset));
    if (pa) namespaces = pa.namespaces;
  }
  const references = namespaces.flatMap((ns) => s.index.inNamespace(ns)).filter((w) => has(w.labels)).map((w) =>
    ({ file: w.file, span: w.labelsSpan ?? w.span }));
  return { declaration, references };
}

function contains(s: Span, offset: number): boolean {
  return offset >= s.start && offset <= s.end;
}
