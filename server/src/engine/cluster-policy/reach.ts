// Lens and hover counts ("reachable from N workloads") when cluster policies exist, decided pair by
// pair through the tiers. Workloads alike in all a verdict reads are decided once, per snapshot.
import { allowedPorts } from '../connectivity';
import { usedFamilies } from '../flow-matrix';
import { familyMax } from '../ip';
import type { Reach } from '../describe/reach';
import type { Snapshot } from '../snapshot';
import type { Workload } from '../types';
import { tieredExternalRanges } from './ranges';

const keys = new WeakMap<Workload, string>();
const memo = new WeakMap<Snapshot, Map<string, Reach>>();

/**
 * What a verdict reads of a workload: namespace, labels, host network, pod IPs and (as a
 * destination, for named ports) container ports. Never its name: peers and subjects select by
 * these alone, so two workloads with one key get one verdict towards any third.
 */
function classKey(w: Workload): string {
  let k = keys.get(w);
  if (k === undefined) {
    const labels = [...w.labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const ips = w.podIps.map((p) => p.map((ip) => `${ip.family}:${ip.value}`).join(',')).join(';');
    k = JSON.stringify([w.namespace, labels, w.hostNetwork, ips, w.ports.map((p) => [p.name ?? '', p.port, p.protocol])]);
    keys.set(w, k);
  }
  return k;
}

/** The other workloads on the far side of an allowed connection, one verdict per class of them. */
function reach(s: Snapshot, w: Workload, direction: 'ingress' | 'egress'): Reach {
  let cache = memo.get(s);
  if (!cache) memo.set(s, (cache = new Map()));
  const id = `${direction}\0${w.id}\0${classKey(w)}`;
  const hit = cache.get(id);
  if (hit) return hit;
  const verdicts = new Map<string, boolean>();
  const out: Workload[] = [];
  for (const other of s.workloads) {
    if (other === w) continue;
    const k = classKey(other);
    let ok = verdicts.get(k);
    if (ok === undefined) {
      const ports = direction === 'ingress' ? allowedPorts(s, { workload: other }, { workload: w }) : allowedPorts(s, { workload: w }, { workload: other });
      verdicts.set(k, (ok = !ports.isEmpty()));
    }
    if (ok) out.push(other);
  }
  const r = { workloads: out, ...external(s, w, direction) };
  cache.set(id, r);
  return r;
}

/** The workloads that may open a connection to `w`, through every tier. */
export function tieredReachableFrom(s: Snapshot, w: Workload): Reach {
  return reach(s, w, 'ingress');
}

/** The workloads `w` may open a connection to, through every tier. */
export function tieredReaches(s: Snapshot, w: Workload): Reach {
  return reach(s, w, 'egress');
}

/** `anywhere`: every address of a family is allowed on some port; else the allowed ranges count as blocks. */
function external(s: Snapshot, w: Workload, direction: 'ingress' | 'egress'): { anywhere: boolean; addressBlocks: number } {
  const ranges = tieredExternalRanges(s, w, direction, usedFamilies(s));
  const anywhere = ranges.some((r) => r.range.first === 0n && r.range.last === familyMax(r.range.family));
  return { anywhere, addressBlocks: anywhere ? 0 : ranges.length };
}
