// The full allowed connectivity: workload to workload, and workloads to and from external
// address ranges split wherever the allowed ports change. Backs `netpol-lens flows`.
import { allowedPorts, rulePorts } from './connectivity';
import { blockRanges, familyMax, formatRange, type IpRange } from './ip';
import { PortSet, type PortSetJson } from './port-set';
import { clusterUsesV6, tieredExternalRanges } from './cluster-policy/ranges';
import type { PolicyAnalysis, Snapshot } from './snapshot';
import type { Direction, Workload } from './types';

/** One allowed connection. `to`/`from` are a workload or an external range. */
export interface Flow {
  from: FlowPeer;
  to: FlowPeer;
  allowed: PortSet;
}

/** A flow's endpoint. */
export type FlowPeer = { workload: Workload } | { range: IpRange };

/** The stable JSON of `netpol-lens flows --format json`. */
export interface FlowsJson {
  workloads: { namespace: string; name: string; kind: string }[];
  flows: { from: FlowPeerJson; to: FlowPeerJson; allowed: PortSetJson }[];
}
type FlowPeerJson = { workload: string; kind: string } | { ipRange: string };

/** Which workloads to report: all, or those matching a namespace and/or name filter. */
export interface FlowFilter {
  namespace?: string;
  workload?: string;
  /** Only these workloads (e.g. those a policy selects). */
  only?: ReadonlySet<Workload>;
}

/** Whether a workload passes a filter (`--workload` takes `name` or `ns/name`). */
export function matchesFilter(w: Workload, filter: FlowFilter): boolean {
  if (filter.only && !filter.only.has(w)) return false;
  if (filter.namespace && w.namespace !== filter.namespace) return false;
  return !filter.workload || w.name === filter.workload || `${w.namespace}/${w.name}` === filter.workload;
}

/** Every allowed connection among workloads and external ranges, sorted (see `flowStream`). */
export function computeFlows(s: Snapshot, filter: FlowFilter = {}): Flow[] {
  return Array.from(flowStream(s, filter));
}

/**
 * Every allowed connection, produced one at a time in the order of `compareFlows`, so a caller
 * can write millions of pairs in bounded memory. Only the external ranges (a few per
 * workload) are gathered up front; workload pairs are computed as they are consumed.
 */
export function* flowStream(s: Snapshot, filter: FlowFilter = {}): Generator<Flow> {
  const keep = (w: Workload) => matchesFilter(w, filter);
  const families = usedFamilies(s);
  const sorted = sortedWorkloads(s);
  // Workloads that share a key (one name defined in several files) are one run: their pairs
  // interleave by destination, as a stable sort of all pairs would order them.
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j]!.key === sorted[i]!.key) j++;
    const run = sorted.slice(i, j);
    for (const { w: to } of sorted) {
      for (const { w: from } of run) {
        if (from === to || !(keep(from) || keep(to))) continue;
        const allowed = allowedPorts(s, { workload: from }, { workload: to });
        if (!allowed.isEmpty()) yield { from: { workload: from }, to: { workload: to }, allowed };
      }
    }
    const egress: Flow[] = [];
    for (const { w: from } of run) {
      if (keep(from)) for (const r of externalRanges(s, from, 'egress', families))
        egress.push({ from: { workload: from }, to: { range: r.range }, allowed: r.allowed });
    }
    yield* egress.sort(compareFlows);
    i = j;
  }
  const ingress: Flow[] = [];
  for (const { w: to } of sorted) {
    if (keep(to)) for (const r of externalRanges(s, to, 'ingress', families))
      ingress.push({ from: { range: r.range }, to: { workload: to }, allowed: r.allowed });
  }
  yield* ingress.sort(compareFlows);
}

/** The snapshot's workloads with their sort keys, in key order (stable for equal keys). */
function sortedWorkloads(s: Snapshot): { w: Workload; key: string }[] {
  return s.workloads.map((w) => ({ w, key: peerKey({ workload: w }) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** IPv4 always; IPv6 when some policy names an IPv6 block. */
export function usedFamilies(s: Snapshot): (4 | 6)[] {
  const v6 = s.policies.some((p) => [...p.ingress, ...p.egress].some((r) => r.peers?.some((peer) => peer.kind === 'ipBlock' && peer.cidr?.family === 6)));
  return v6 || clusterUsesV6(s) ? [4, 6] : [4];
}

/**
 * The external ranges a workload may reach (egress) or be reached from (ingress), with
 * ports. Only this workload's policies apply: the other side is outside the cluster.
 */
export function externalRanges(s: Snapshot, w: Workload, direction: Direction, families: (4 | 6)[]): { range: IpRange; allowed: PortSet }[] {
  if (!s.tiers.empty) return tieredExternalRanges(s, w, direction, families);
  const iso: PolicyAnalysis[] = s.isolation(w)[direction];
  const universe = families.map((f) => ({ family: f, first: 0n, last: familyMax(f) }) as IpRange);
  if (iso.length === 0) return universe.map((range) => ({ range, allowed: PortSet.ALL }));
  // Each rule contributes (ranges, ports); named ports resolve on the pod for ingress and
  // match nothing for egress to an address.
  const pieces: { range: IpRange; ports: PortSet }[] = [];
  for (const a of iso) {
    for (const ra of a[direction]) {
      const ports = rulePorts(ra.rule, direction === 'ingress' ? w : undefined);
      if (ports.isEmpty()) continue;
      if (!ra.rule.peers) for (const range of universe) pieces.push({ range, ports });
      else for (const p of ra.rule.peers) {
        if (p.kind !== 'ipBlock' || p.invalid || !p.cidr || !families.includes(p.cidr.family)) continue;
        for (const range of blockRanges(p.cidr, p.except)) pieces.push({ range, ports });
      }
    }
  }
  const out: { range: IpRange; allowed: PortSet }[] = [];
  for (const family of families) for (const r of sweep(pieces.filter((p) => p.range.family === family), family)) out.push(r);
  return out;
}

/** Splits overlapping (range, ports) pieces into disjoint ranges with the union of ports. */
function sweep(pieces: { range: IpRange; ports: PortSet }[], family: 4 | 6): { range: IpRange; allowed: PortSet }[] {
  const cuts = new Set<bigint>();
  for (const p of pieces) { cuts.add(p.range.first); cuts.add(p.range.last + 1n); }
  const points = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: { range: IpRange; allowed: PortSet }[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const first = points[i]!, last = points[i + 1]! - 1n;
    let allowed = PortSet.EMPTY;
    for (const p of pieces) if (p.range.first <= first && p.range.last >= last) allowed = allowed.union(p.ports);
    if (allowed.isEmpty()) continue;
    const prev = out[out.length - 1];
    if (prev && prev.range.last + 1n === first && prev.allowed.equals(allowed)) prev.range = { ...prev.range, last };
    else out.push({ range: { family, first, last }, allowed });
  }
  return out;
}

function peerKey(p: FlowPeer): string {
  return 'workload' in p ? `0 ${p.workload.namespace}/${p.workload.name}/${p.workload.kind}`
    : `1 ${p.range.family} ${p.range.first.toString(16).padStart(32, '0')}`;
}

/** The order of `flows`: by source, then destination; workloads before ranges. */
export function compareFlows(a: Flow, b: Flow): number {
  const x = peerKey(a.from) + '\0' + peerKey(a.to);
  const y = peerKey(b.from) + '\0' + peerKey(b.to);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The stable JSON interface of `flows`. */
export function flowsToJson(s: Snapshot, flows: Flow[], filter: FlowFilter = {}): FlowsJson {
  return {
    workloads: s.workloads.filter((w) => matchesFilter(w, filter)).map(workloadJson),
    flows: flows.map(flowJson),
  };
}

/** One entry of `workloads` in the JSON of `flows`. */
export function workloadJson(w: Workload): FlowsJson['workloads'][number] {
  return { namespace: w.namespace, name: w.name, kind: w.kind };
}

/** One entry of `flows` in the JSON of `flows`. */
export function flowJson(f: Flow): FlowsJson['flows'][number] {
  return { from: peerJson(f.from), to: peerJson(f.to), allowed: f.allowed.toJSON() };
}

/** A flow's endpoint in the JSON of `flows`. */
export function peerJson(p: FlowPeer): FlowPeerJson {
  return 'workload' in p ? { workload: `${p.workload.namespace}/${p.workload.name}`, kind: p.workload.kind } : { ipRange: formatRange(p.range) };
}
