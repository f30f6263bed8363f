// Document symbols (policies with their rules, workloads) and references from a selector
// label to the workloads or namespaces that carry it.
import { isScalar } from 'yaml';
import { pathAt } from '../path-at';
import type { ManifestObject } from '../parse-manifests';
import type { Snapshot } from '../snapshot';
import type { Direction, Span } from '../types';
import { rulePhrase } from './phrases';

/** A symbol of a document. */
export interface SymbolInfo {
  name: string;
  detail: string;
  kind: 'policy' | 'rule' | 'workload';
  span: Span;
  selection: Span;
  children: SymbolInfo[];
}

/** The symbols of one file: its policies (rules as children) and workloads. */
export function documentSymbols(s: Snapshot, file: string): SymbolInfo[] {
  const out: SymbolInfo[] = [];
  for (const p of s.policies) {
    if (p.file !== file) continue;
    const children = (['ingress', 'egress'] as Direction[]).flatMap((dir) => p[dir].map((r): SymbolInfo => ({
      name: `${dir}[${r.index}]`, detail: rulePhrase(p, r), kind: 'rule', span: r.span, selection: r.span, children: [],
    })));
    out.push({ name: `${p.namespace}/${p.name}`, detail: 'NetworkPolicy', kind: 'policy', span: p.span, selection: p.nameSpan ?? p.span, children });
  }
  for (const w of s.workloads) {
    if (w.file !== file) continue;
    out.push({ name: `${w.namespace}/${w.name}`, detail: w.kind, kind: 'workload', span: w.span, selection: w.span, children: [] });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** A place in a file. */
export interface FileSpan {
  file: string;
  span: Span;
}

/**
 * From a label key or value inside a selector to what carries it: workloads (their labels) for
 * pod selectors, Namespace objects for namespace selectors. Empty elsewhere.
 */
export function labelReferences(s: Snapshot, objects: readonly ManifestObject[], offset: number): FileSpan[] {
  const at = pathAt(objects, offset);
  if (!at || at.path[0] !== 'spec') return [];
  const policy = s.policies.find((p) => p.file === at.object.file && p.span.start === at.object.span.start);
  if (!policy) return [];
  const path = at.path;
  const mi = path.indexOf('matchLabels');
  const ei = path.indexOf('matchExpressions');
  let key: string | undefined;
  let value: string | undefined;
  if (mi >= 0 && typeof path[mi + 1] === 'string') {
    key = path[mi + 1] as string;
    if (!at.onKey && isScalar(at.node)) value = String(at.node.value);
    else {
      const v = at.pair?.value;
      if (isScalar(v)) value = String(v.value);
    }
  } else if (ei >= 0) {
    key = exprKey(at);
  }
  if (key === undefined) return [];
  const selIndex = mi >= 0 ? mi : ei;
  const selKind = path[selIndex - 1];
  const has = (labels: ReadonlyMap<string, string>) => labels.has(key!) && (value === undefined || labels.get(key!) === value);
  if (selKind === 'namespaceSelector') {
    return [...s.namespaces.values()].filter((n) => n.declared && has(n.labels)).map((n) => ({ file: n.declared!.file, span: n.declared!.span }));
  }
  let namespaces = [policy.namespace];
  if (path[1] === 'ingress' || path[1] === 'egress') {
    const pa = s.analyze(policy)[path[1]][path[2] as number]?.peers?.[path[4] as number];
    if (pa) namespaces = pa.namespaces;
  }
  return namespaces.flatMap((ns) => s.index.inNamespace(ns)).filter((w) => has(w.labels)).map((w) => ({ file: w.file, span: w.labelsSpan ?? w.span }));
}

/** The `key:` of the matchExpressions item under the cursor. */
function exprKey(at: NonNullable<ReturnType<typeof pathAt>>): string | undefined {
  const i = at.path.indexOf('matchExpressions');
  const idx = at.path[i + 1];
  if (typeof idx !== 'number') return undefined;
  // Walk the object's nodes along the path to the item and read its key.
  const src = at.object.src;
  let node: unknown = at.object.node;
  for (const p of at.path.slice(0, i + 2)) {
    node = typeof p === 'number' ? src.items(node)[p] : src.get(node, p)?.value;
    if (!node) return undefined;
  }
  return src.getString(node, 'key');
}
