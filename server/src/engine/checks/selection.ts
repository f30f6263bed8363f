// Selectors that match nothing, and hostNetwork workloads a policy selects or matches.
import { isEmptySelector } from '../label-selector';
import { count } from '../describe/phrases';
import type { Direction, Finding } from '../types';
import { finding, type CheckContext } from './context';

/** policy-selects-nothing, peer-matches-nothing, namespace-selector-matches-nothing, host-network-selected. */
export function selectionChecks(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const p of ctx.policies) {
    const a = ctx.s.analyze(p);
    if (a.selected.length === 0 && !p.podSelector.invalid) {
      out.push(finding(ctx, 'policy-selects-nothing', 'warning', p.podSelector.span,
        `This podSelector matches no workload in namespace ${p.namespace}${p.namespaceExplicit ? '' : ' (the default namespace: metadata.namespace is not set)'}, so the policy has no effect here. Check the labels, or the namespace.`));
    }
    const host = a.selected.filter((w) => w.hostNetwork);
    if (host.length) {
      out.push(finding(ctx, 'host-network-selected', 'warning', p.podSelector.span,
        `Selects ${host.map((w) => `${w.namespace}/${w.name}`).join(', ')}, which use${host.length === 1 ? 's' : ''} hostNetwork: most CNIs do not enforce NetworkPolicies on host-network pods.`));
    }
    for (const dir of ['ingress', 'egress'] as Direction[]) {
      for (const ra of a[dir]) {
        for (const pa of ra.peers ?? []) {
          const peer = pa.peer;
          if (peer.kind !== 'pods') continue;
          if (peer.namespaceSelector && !peer.namespaceSelector.invalid && pa.namespaces.length === 0) {
            out.push(finding(ctx, 'namespace-selector-matches-nothing', 'warning', peer.namespaceSelector.span,
              `This namespaceSelector matches no namespace in the workspace. Every namespace carries kubernetes.io/metadata.name=<name>; ${isEmptySelector(peer.namespaceSelector) ? '' : 'check the labels of your Namespace manifests.'}`.trim()));
            continue;
          }
          // Existence only: never list every matched workload of every peer on each keystroke.
          const matchesSome = pa.namespaces.some((ns) => (peer.podSelector ? ctx.s.index.any(ns, peer.podSelector) : ctx.s.index.inNamespace(ns).length > 0));
          if (!matchesSome && !(peer.podSelector?.invalid)) {
            out.push(finding(ctx, 'peer-matches-nothing', 'warning', peer.podSelector?.span ?? peer.span,
              `This peer matches no workload (looked in ${count(pa.namespaces.length, 'namespace')}: ${pa.namespaces.slice(0, 5).join(', ')}${pa.namespaces.length > 5 ? ', …' : ''}).`));
          }
          const hostPeers = ctx.s.index.withHostNetwork().filter((w) => pa.matches(w));
          if (hostPeers.length) {
            out.push(finding(ctx, 'host-network-selected', 'warning', peer.span,
              `Matches ${hostPeers.map((w) => `${w.namespace}/${w.name}`).join(', ')}, on the host network: traffic from or to it carries the node's IP, so pod selectors usually do not apply to it.`));
          }
        }
      }
    }
  }
  return out;
}
