// How many distinct workloads a set of peers matches, counted on the workload index without
// listing (and keeping) every match: lenses need the number for every policy of a file.
import type { PeerAnalysis, Snapshot } from './snapshot';
import type { Workload } from './types';

/** Per peer, which of its matches count (a rule's named ports open nothing on some pods). */
export type PeerFilter = ReadonlyMap<PeerAnalysis, (w: Workload) => boolean>;

/**
 * The number of distinct workloads that at least one of the peers matches. With `keep`, a peer
 * listed there counts only the matches its filter keeps; peers without a filter are counted on
 * the index as before, so the common case (numeric ports) never lists a namespace.
 */
export function countMatched(s: Snapshot, peers: readonly PeerAnalysis[], keep?: PeerFilter): number {
  const pods = peers.filter((p) => p.peer.kind === 'pods');
  const blocks = peers.filter((p) => p.peer.kind === 'ipBlock');
  const counts = (p: PeerAnalysis, w: Workload) => p.matches(w) && (keep?.get(p)?.(w) ?? true);
  let n = 0;
  for (const ns of new Set(pods.flatMap((p) => p.namespaces))) {
    const here = pods.filter((p) => p.namespaces.includes(ns));
    const filtered = keep ? here.filter((p) => keep.has(p)) : [];
    const plain = filtered.length ? here.filter((p) => !keep!.has(p)) : here;
    // A peer without podSelector takes every pod of its namespaces.
    if (plain.some((p) => p.peer.kind === 'pods' && !p.peer.podSelector)) { n += s.index.inNamespace(ns).length; continue; }
    if (filtered.length === 0 && here.length === 1) { const sel = here[0]!.peer; if (sel.kind === 'pods' && sel.podSelector)
      n += s.index.select(ns, sel.podSelector).length; continue; }
    // Each selector narrows through the label index; the union is small next to the namespace.
    const seen = new Set<Workload>();
    for (const p of here) {
      if (p.peer.kind !== 'pods') continue;
      const f = keep?.get(p);
      const candidates = p.peer.podSelector ? s.index.select(ns, p.peer.podSelector) : s.index.inNamespace(ns);
      for (const w of candidates) if (!f || f(w)) seen.add(w);
    }
    n += seen.size;
  }
  // Pods matched by an ipBlock (known pod IPs) and counted by no selector peer.
  if (blocks.length > 0) for (const w of s.index.withIps()) if (blocks.some((p) => counts(p, w)) && !pods.some((p) => counts(p, w))) n++;
  return n;
}
