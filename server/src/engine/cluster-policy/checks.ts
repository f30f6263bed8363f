// Workspace checks on cluster policies: two of one tier sharing a priority (the API leaves the
// order to the implementation), two sharing a name, and peers the engine cannot decide offline.
import type { CheckInfo } from '../check-catalog';
import type { Snapshot } from '../snapshot';
import type { Finding } from '../types';
import type { ClusterPolicy } from './types';

/** The semantic checks of cluster policies, for the catalog and the README table. */
export const CLUSTER_SEMANTIC_CHECKS: CheckInfo[] = [
  {
    id: 'cluster-policy-same-priority', severity: 'warning', example: 'two Admin policies with priority: 10',
    summary: 'Two cluster policies of one tier share a priority: the order between them is up to the implementation (read here by name).',
  },
  {
    id: 'peer-undecidable-offline', severity: 'information', example: 'to: [{domainNames: [example.com]}]',
    summary: 'A domainNames peer (or a nodes peer without Nodes in the workspace) cannot be decided from manifests; it matches nothing here.',
  },
];

const PREFIX = { ClusterNetworkPolicy: 'cnp', AdminNetworkPolicy: 'anp', BaselineAdminNetworkPolicy: 'banp' } as const;

/** The findings of the cluster policies of one file, in document order. */
export function clusterFindings(s: Snapshot, file: string): Finding[] {
  const out: Finding[] = [];
  for (const p of s.clusterPolicies) {
    if (p.file !== file) continue;
    samePriority(s, p, out);
    sameName(s, p, out);
    for (const rule of [...p.ingress, ...p.egress]) {
      for (const peer of rule.peers) {
        if (peer.kind === 'domainNames') {
          out.push({ id: 'peer-undecidable-offline', severity: 'information', file, span: peer.span,
            message: 'Domain names are resolved by the network plugin at run time: manifests cannot tell which addresses they reach. '
              + 'Flows and explain treat this peer as matching nothing.' });
        } else if (peer.kind === 'nodes' && s.nodes.length === 0) {
          out.push({ id: 'peer-undecidable-offline', severity: 'information', file, span: peer.span,
            message: 'No Node is in the workspace, so the addresses this nodes peer matches are unknown: it matches nothing here. '
              + 'Add the Nodes (kubectl get nodes -o yaml) to decide it.' });
        }
      }
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Cluster-scoped objects of one kind are one per name: applying both, the later replaces the earlier. */
function sameName(s: Snapshot, p: ClusterPolicy, out: Finding[]): void {
  const twins = s.clusterPolicies.filter((q) => q !== p && q.origin === p.origin && q.name === p.name && p.name !== '');
  if (twins.length === 0) return;
  out.push({
    id: 'duplicate-policy-name', severity: 'warning', file: p.file, span: p.nameSpan ?? p.span,
    message: `Another ${p.origin} is also named "${p.name}": the kind is cluster-scoped, one object per name, `
      + 'so applying both, the later replaces the earlier. Rename one of them.',
    related: twins.map((q) => ({ file: q.file, span: q.nameSpan ?? q.span, message: `the other ${p.origin} named "${p.name}"` })),
  });
}

function samePriority(s: Snapshot, p: ClusterPolicy, out: Finding[]): void {
  if (p.priority === undefined) return;
  const twins = s.clusterPolicies.filter((q) => q !== p && q.tier === p.tier && q.priority === p.priority);
  if (twins.length === 0) return;
  const names = twins.map((q) => `${PREFIX[q.origin]}/${q.name}`);
  out.push({
    id: 'cluster-policy-same-priority', severity: 'warning', file: p.file, span: p.prioritySpan ?? p.nameSpan ?? p.span,
    message: `${names.join(', ')} ${twins.length === 1 ? 'has' : 'have'} the same priority ${p.priority} in the ${p.tier} tier: `
      + 'which one applies first to a connection both match is up to the network plugin. NetworkPolicy Lens reads them in name order; '
      + 'give each a distinct priority.',
    related: twins.map((q) => ({ file: q.file, span: q.prioritySpan ?? q.nameSpan ?? q.span, message: `${names[twins.indexOf(q)]}, priority ${q.priority}` })),
  });
}
