// Lens and hover counts ("reachable from N workloads") when cluster policies exist: decided pair
// by pair through the tiers (O(workloads) per lens), since a rule no longer tells the whole verdict.
import { allowedPorts } from '../connectivity';
import { usedFamilies } from '../flow-matrix';
import { familyMax } from '../ip';
import type { Reach } from '../describe/reach';
import type { Snapshot } from '../snapshot';
import type { Workload } from '../types';
import { tieredExternalRanges } from './ranges';

/** The workloads that may open a connection to `w`, through every tier. */
export function tieredReachableFrom(s: Snapshot, w: Workload): Reach {
  const out: Workload[] = [];
  for (const src of s.workloads) if (src !== w && !allowedPorts(s, { workload: src }, { workload: w }).isEmpty()) out.push(src);
  return { workloads: out, ...external(s, w, 'ingress') };
}

/** The workloads `w` may open a connection to, through every tier. */
export function tieredReaches(s: Snapshot, w: Workload): Reach {
  const out: Workload[] = [];
  for (const dst of s.workloads) if (dst !== w && !allowedPorts(s, { workload: w }, { workload: dst }).isEmpty()) out.push(dst);
  return { workloads: out, ...external(s, w, 'egress') };
}

/** `anywhere`: every address of a family is allowed on some port; else the allowed ranges count as blocks. */
function external(s: Snapshot, w: Workload, direction: 'ingress' | 'egress'): { anywhere: boolean; addressBlocks: number } {
  const ranges = tieredExternalRanges(s, w, direction, usedFamilies(s));
  const anywhere = ranges.some((r) => r.range.first === 0n && r.range.last === familyMax(r.range.family));
  return { anywhere, addressBlocks: anywhere ? 0 : ranges.length };
}
