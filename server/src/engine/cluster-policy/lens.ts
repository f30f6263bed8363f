// The workload lens when cluster policies exist: reach through every tier, and how many
// policies of each tier and NetworkPolicies select the workload.
import type { Reach } from '../describe/reach';
import type { Snapshot } from '../snapshot';
import type { Workload } from '../types';
import { tieredReachableFrom, tieredReaches } from './reach';

/** "reachable from 3 workloads · reaches 9 workloads + any address · Admin tier: 2 policies · ...". */
export function tieredWorkloadLens(s: Snapshot, w: Workload, reachPhrase: (r: Reach) => string): string {
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  const iso = s.isolation(w);
  const np = iso.ingress.length === 0 && iso.egress.length === 0 ? 'no NetworkPolicy'
    : `NetworkPolicies: ingress ${iso.ingress.length}, egress ${iso.egress.length}`;
  return [
    `reachable from ${reachPhrase(tieredReachableFrom(s, w))}`, `reaches ${reachPhrase(tieredReaches(s, w))}`,
    `Admin tier: ${n(s.tiers.policiesFor(w, 'Admin').length, 'policy', 'policies')}`, np,
    `Baseline tier: ${n(s.tiers.policiesFor(w, 'Baseline').length, 'policy', 'policies')}`,
  ].join(' · ');
}
