// host-network-selected: a policy that selects, or a peer that matches, a hostNetwork pod.
// Such a pod shares its node's network namespace: most CNIs do not enforce policies on it,
// and its traffic carries the node's IP, which pod selectors do not match.
import type { Finding, Workload } from '../types';
import { DIRECTIONS, finding, listWorkloads, type Check } from './context';
import { peerReach } from './peer-reach';

/** The workloads' manifests, as related spans (a few). */
function related(ws: readonly Workload[]): Finding['related'] {
  return ws.slice(0, 5).map((w) => ({ file: w.file, span: w.span, message: `${w.kind} ${w.namespace}/${w.name} has hostNetwork: true` }));
}

/** A selected or matched workload on the host network. */
export const hostNetworkSelected: Check = {
  id: 'host-network-selected',
  severity: 'warning',
  summary: 'A selected or matched workload uses hostNetwork, which most CNIs do not police.',
  example: 'hostNetwork: true',
  run(ctx) {
    const out: Finding[] = [];
    // Few workloads use the host network: test those against the selectors, not the reverse.
    if (ctx.s.index.withHostNetwork().length === 0) return out;
    for (const p of ctx.policies) {
      const a = ctx.s.analyze(p);
      const host = a.selected.filter((w) => w.hostNetwork);
      if (host.length > 0) {
        out.push(finding(ctx, this, p.podSelector.span,
          `This policy selects ${listWorkloads(host)}, on the host network (hostNetwork: true): most CNIs do not enforce NetworkPolicies on host-network ` +
            `pods, so this policy likely does not protect ${host.length === 1 ? 'it' : 'them'}.`,
          { related: related(host) }));
      }
      for (const dir of DIRECTIONS) {
        for (const ra of a[dir]) {
          for (const pa of ra.peers ?? []) {
            const hostPeers = peerReach(ctx.s, pa).hostNetwork;
            if (hostPeers.length === 0) continue;
            out.push(finding(ctx, this, pa.peer.span,
              `This peer matches ${listWorkloads(hostPeers)}, on the host network: ${dir === 'ingress' ? 'its traffic arrives' : 'traffic to it goes'} with ` +
                `the node's IP, which pod selectors do not match. Allow the nodes' addresses with an ipBlock instead.`,
              { related: related(hostPeers) }));
          }
        }
      }
    }
    return out;
  },
};
