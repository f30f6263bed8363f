// Fixes for a selector that matches nothing: a label value one or two edits from an existing one
// (a typo), and a namespaceSelector for a lone podSelector whose pods live in another namespace.
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { writesJson } from '../json-style';
import type { ManifestObject } from '../parse-manifests';
import type { YamlTree } from '../refactor/indent-style';
import { appendBlockKey, appendFlowPair, blockKeyLines, flowText, isFlow, scalarContentSpan } from '../yaml-edits';
import type { Fix, LabelSelector, Peer, Policy } from '../types';
import { closest } from './closest-name';
import { objectOf, styleOf, type CheckContext } from './context';

const NS_NAME = 'kubernetes.io/metadata.name';
/** At most this many namespaces are offered for a namespaceSelector. */
const MAX_NAMESPACES = 3;

/**
 * The map node of the policy's tree at `start`: a map starting there (a peer), or with `pair`,
 * the map value of a pair whose key starts there (a selector's span runs from its key).
 */
function mapAt(obj: ManifestObject, start: number, pair = false): Node | undefined {
  const stack: unknown[] = [obj.node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isPair(n)) {
      if (pair && isMap(n.value) && obj.src.span(n.key as Node).start === start) return n.value;
      stack.push(n.value);
      continue;
    }
    if (!isMap(n) && !isSeq(n)) continue;
    if (!pair && isMap(n) && obj.src.span(n).start === start) return n;
    for (const item of n.items) stack.push(item);
  }
  return undefined;
}

/**
 * For each `matchLabels` value that no workload of `namespaces` carries under its key, the
 * nearest value that does, when the selector then matches a workload there.
 */
export function labelTypoFixes(ctx: CheckContext, policy: Policy, sel: LabelSelector | undefined, namespaces: readonly string[]): Fix[] {
  const obj = objectOf(ctx, policy);
  if (!obj || !sel || sel.invalid) return [];
  const selector = mapAt(obj, sel.span.start, true);
  const labels = selector && isMap(selector) ? selector.get('matchLabels', true) : undefined;
  if (!isMap(labels)) return [];
  const out: Fix[] = [];
  for (const pair of labels.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const node = pair.value;
    if (key === undefined || !isScalar(node) || typeof node.value !== 'string') continue;
    const values = new Set<string>();
    for (const ns of namespaces) for (const v of ctx.s.index.valuesOf(ns, key)) values.add(v);
    if (values.has(node.value)) continue;
    const near = closest(node.value, values);
    if (near === undefined) continue;
    const fixed: LabelSelector = { ...sel, matchLabels: sel.matchLabels.map(([k, v]) => [k, k === key ? near : v]) };
    let matched = 0;
    for (const ns of namespaces) matched += ctx.s.index.select(ns, fixed).length;
    if (matched === 0) continue;
    const title = `Change \`${node.value}\` to \`${near}\` (${key}=${near} matches ${matched} workload${matched === 1 ? '' : 's'})`;
    out.push({ title, preferred: true, edits: [{ file: policy.file, span: scalarContentSpan(obj.src, node), newText: near }] });
  }
  return out;
}

/**
 * For a peer with only a podSelector, matching nothing in the policy's namespace: the namespaces
 * where workloads match it, each as a fix adding `namespaceSelector` with that namespace's name
 * (a podSelector alone only ever looks in the policy's own namespace).
 */
export function namespaceSelectorFixes(ctx: CheckContext, policy: Policy, peer: Peer): Fix[] {
  const obj = objectOf(ctx, policy);
  if (!obj || !ctx.text || peer.kind !== 'pods' || peer.namespaceSelector || !peer.podSelector || peer.podSelector.invalid) return [];
  const sel = peer.podSelector;
  // Per namespace through the index's posting lists: a keystroke re-checks many peers, and a
  // scan of every workload per peer cost seconds at 10,000 workloads.
  const namespaces: string[] = [];
  for (const ns of ctx.s.index.namespaces()) {
    if (ns !== policy.namespace && ctx.s.index.any(ns, sel)) namespaces.push(ns);
    if (namespaces.length > MAX_NAMESPACES) return [];
  }
  if (namespaces.length === 0) return [];
  const map = mapAt(obj, peer.span.start);
  if (!map) return [];
  const out: Fix[] = [];
  for (const ns of namespaces.sort()) {
    const value: YamlTree = { map: [['matchLabels', { map: [[NS_NAME, ns]] }]] };
    const json = writesJson(policy.file, obj);
    const edit = isFlow(map)
      ? appendFlowPair(obj.src, ctx.text, map, `${flowText('namespaceSelector', json)}: ${flowText(value, json)}`)
      : appendBlockKey(obj.src, ctx.text, map, blockKeyLines('namespaceSelector', value, styleOf(ctx)));
    if (edit) out.push({ title: `Add a namespaceSelector for \`${ns}\` (the pods this podSelector matches run there)`, edits: [edit] });
  }
  return out;
}
