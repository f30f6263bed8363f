// deprecated-admin-network-policy: a v1alpha1 AdminNetworkPolicy or BaselineAdminNetworkPolicy,
// with a fix rewriting it as a ClusterNetworkPolicy v1alpha2 in place (minimal offset edits).
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import { isFlow, lineStart, newline, scalarContentSpan } from '../yaml-edits';
import { isNullNode, type NodeSource } from '../yaml-nodes';
import type { ManifestObject } from '../parse-manifests';
import type { Finding, TextEdit } from '../types';
import type { ClusterPolicyOrigin } from './types';

/** The warning on a v1alpha1 object's kind, with the rewrite as its fix when the text is known. */
export function deprecationFinding(obj: ManifestObject, origin: ClusterPolicyOrigin, text?: string): Finding {
  const src = obj.src;
  const kindNode = src.get(obj.node, 'kind')?.value ?? obj.node;
  const tier = origin === 'BaselineAdminNetworkPolicy' ? 'Baseline' : 'Admin';
  const edits = text === undefined ? undefined : rewrite(obj, tier, text);
  return {
    id: 'deprecated-admin-network-policy', severity: 'warning', file: obj.file, span: src.span(kindNode),
    message: `${origin} (v1alpha1) is replaced by ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2, tier ${tier}); `
      + 'network-policy-api v0.2.0 ships only the new CRD. It is read here as a ClusterNetworkPolicy: Allow as Accept, ports as protocols.',
    ...(edits ? { fixes: [{ title: `Rewrite as a ClusterNetworkPolicy (tier ${tier})`, preferred: true, edits }] } : {}),
  };
}

/** The edits of the rewrite, or undefined when some part cannot be rewritten safely. */
function rewrite(obj: ManifestObject, tier: 'Admin' | 'Baseline', text: string): TextEdit[] | undefined {
  const src = obj.src;
  const edits: TextEdit[] = [];
  const replace = (node: Node | null | undefined, newText: string) => {
    if (node) edits.push({ file: obj.file, span: scalarContentSpan(src, node), newText });
  };
  replace(src.get(obj.node, 'apiVersion')?.value, 'policy.networking.k8s.io/v1alpha2');
  replace(src.get(obj.node, 'kind')?.value, 'ClusterNetworkPolicy');
  const spec = src.get(obj.node, 'spec')?.value;
  if (!isMap(spec) || spec.items.length === 0) return undefined;
  // `tier` (and for the Baseline singleton a priority, after any Baseline ClusterNetworkPolicy) before the first key.
  const first = src.span((spec.items[0] as Pair).key as Node).start;
  const keys = tier === 'Baseline' ? ['tier: Baseline', 'priority: 1000'] : ['tier: Admin'];
  const indent = text.slice(lineStart(text, first), first);
  const at = { start: first, end: first };
  if (isFlow(spec)) edits.push({ file: obj.file, span: at, newText: keys.map((k) => `${k}, `).join('') });
  else if (/^ *$/.test(indent)) edits.push({ file: obj.file, span: at, newText: keys.map((k) => `${k}${newline(text)}${indent}`).join('') });
  else return undefined;
  for (const dir of ['ingress', 'egress']) {
    for (const rule of src.items(src.get(spec, dir)?.value ?? null)) {
      const action = src.get(rule, 'action')?.value;
      if (isScalar(action) && action.value === 'Allow') replace(action, 'Accept');
      const ports = src.get(rule, 'ports');
      if (!ports) continue;
      edits.push({ file: obj.file, span: src.span(ports.pair.key as Node), newText: 'protocols' });
      for (const item of src.items(ports.value)) {
        const t = protocolText(src, item);
        if (t === undefined) return undefined;
        edits.push({ file: obj.file, span: src.span(item), newText: t });
      }
    }
  }
  return edits.sort((a, b) => a.span.start - b.span.start);
}

/** One v1alpha1 ports item as a v1alpha2 protocols item, in flow style. */
function protocolText(src: NodeSource, item: Node): string | undefined {
  if (!isMap(item)) return undefined;
  const set = src.entries(item).filter((e) => !isNullNode(e.value));
  if (set.length !== 1) return undefined;
  const { key, value } = set[0]!;
  if (key === 'namedPort') return isScalar(value) ? `{destinationNamedPort: ${String(value.value)}}` : undefined;
  const protocol = (src.getString(value, 'protocol') ?? 'TCP').toLowerCase();
  if (!['tcp', 'udp', 'sctp'].includes(protocol)) return undefined;
  if (key === 'portNumber') {
    const port = src.getString(value, 'port');
    return port === undefined ? undefined : `{${protocol}: {destinationPort: {number: ${port}}}}`;
  }
  if (key === 'portRange') {
    const start = src.getString(value, 'start'), end = src.getString(value, 'end');
    return start === undefined || end === undefined ? undefined : `{${protocol}: {destinationPort: {range: {start: ${start}, end: ${end}}}}}`;
  }
  return undefined;
}
