// External address ranges a workload may reach or be reached from when cluster policies exist:
// the address space is cut at every CIDR and node address any tier names, and each piece decided once.
import { egressAllowed, ingressAllowed } from '../connectivity';
import { blockRanges, familyMax, type IpRange } from '../ip';
import { PortSet } from '../port-set';
import type { Snapshot } from '../snapshot';
import type { Direction, Workload } from '../types';
import type { ClusterRule } from './types';

/** Like flow-matrix's `externalRanges`, through every tier: disjoint ranges with what each allows. */
export function tieredExternalRanges(s: Snapshot, w: Workload, direction: Direction, families: (4 | 6)[]): { range: IpRange; allowed: PortSet }[] {
  const out: { range: IpRange; allowed: PortSet }[] = [];
  for (const family of families) {
    const cuts = cutPoints(s, w, direction, family);
    const points = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i < points.length; i++) {
      const first = points[i]!;
      const last = i + 1 < points.length ? points[i + 1]! - 1n : familyMax(family);
      const ip = { family, value: first };
      // Everything inside one piece is decided alike: decide it by its first address.
      const allowed = direction === 'egress' ? egressAllowed(s, { workload: w }, { ip }) : ingressAllowed(s, { ip }, { workload: w });
      if (allowed.isEmpty()) continue;
      const prev = out[out.length - 1];
      if (prev && prev.range.family === family && prev.range.last + 1n === first && prev.allowed.equals(allowed)) prev.range = { ...prev.range, last };
      else out.push({ range: { family, first, last }, allowed });
    }
  }
  return out;
}

/** Where the decision may change: the starts and ends of every block and address a policy of `w` names. */
function cutPoints(s: Snapshot, w: Workload, direction: Direction, family: 4 | 6): Set<bigint> {
  const cuts = new Set<bigint>([0n]);
  const max = familyMax(family);
  const add = (first: bigint, last: bigint) => {
    cuts.add(first);
    if (last < max) cuts.add(last + 1n);
  };
  for (const a of s.isolation(w)[direction]) {
    for (const ra of a[direction]) for (const p of ra.rule.peers ?? []) {
      if (p.kind === 'ipBlock' && !p.invalid && p.cidr && p.cidr.family === family) for (const r of blockRanges(p.cidr, p.except)) add(r.first, r.last);
    }
  }
  for (const tier of ['Admin', 'Baseline'] as const) {
    for (const policy of s.tiers.policiesFor(w, tier)) for (const rule of policy[direction]) for (const p of rule.peers) {
      if (p.kind === 'networks') for (const c of p.cidrs) if (c.family === family) add(c.first, c.last);
      if (p.kind === 'nodes') for (const n of s.nodes) for (const ip of n.addresses) if (ip.family === family) add(ip.value, ip.value);
    }
  }
  return cuts;
}

/** Whether some cluster policy names an IPv6 network or node address. */
export function clusterUsesV6(s: Snapshot): boolean {
  const v6 = (r: ClusterRule) => r.peers.some((peer) => peer.kind === 'networks' && peer.cidrs.some((c) => c.family === 6));
  return s.clusterPolicies.some((p) => p.ingress.some(v6) || p.egress.some(v6));
}
