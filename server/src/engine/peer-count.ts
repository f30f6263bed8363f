// How many distinct workloads a set of peers matches, counted on the workload index without
// listing (and keeping) every match: lenses need the number for every policy of a file.
import type { PeerAnalysis, Snapshot } from './snapshot';
import type { Workload } from './types';

/** The number of distinct workloads that at least one of the peers matches. */
export function countMatched(s: Snapshot, peers: readonly PeerAnalysis[]): number {
  const pods = peers.filter((p) => p.peer.kind === 'pods');
  const blocks = peers.filter((p) => p.peer.kind === 'ipBlock');
  let n = 0;
  for (const ns of new Set(pods.flatMap((p) => p.namespaces))) {
    const here = pods.filter((p) => p.namespaces.includes(ns));
    // A peer without podSelector takes every pod of its namespaces.
    if (here.some((p) => p.peer.kind === 'pods' && !p.peer.podSelector)) n += s.index.inNamespace(ns).length;
    else if (here.length === 1) { const sel = here[0]!.peer; if (sel.kind === 'pods' && sel.podSelector) n += s.index.select(ns, sel.podSelector).length; }
    else {
      // Each selector narrows through the label index; the union is small next to the namespace.
      const seen = new Set<Workload>();
      for (const p of here) if (p.peer.kind === 'pods' && p.peer.podSelector) for (const w of s.index.select(ns, p.peer.podSelector)) seen.add(w);
      n += seen.size;
    }
  }
  // Pods matched by an ipBlock (known pod IPs) and by no selector peer.
  if (blocks.length > 0) for (const w of s.index.withIps()) if (blocks.some((p) => p.matches(w)) && !pods.some((p) => p.matches(w))) n++;
  return n;
}
