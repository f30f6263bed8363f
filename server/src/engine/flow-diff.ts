// What a change opens and closes: the flows of two snapshots compared pair by pair, streamed in
// the order of `flows`. Pairs whose inputs are equal on both sides are never computed. Pure.
import { allowedPorts } from './connectivity';
import { externalRanges, peerJson, usedFamilies, type FlowPeer } from './flow-matrix';
import { PortSet, type PortSetJson } from './port-set';
import type { IpRange } from './ip';
import type { Snapshot } from './snapshot';
import type { Direction, Policy, Workload } from './types';

/** One pair whose allowed set differs; `undefined` on a side means nothing allowed there (or the peer absent). */
export interface FlowChange {
  from: FlowPeer;
  to: FlowPeer;
  before?: PortSet;
  after?: PortSet;
}

/** The JSON of one change in `diff --format json`. */
export interface FlowChangeJson {
  from: ReturnType<typeof peerJson>;
  to: ReturnType<typeof peerJson>;
  before: PortSetJson | null;
  after: PortSetJson | null;
}

/** Workloads present on one side only (by namespace, name and kind), in `flows` order. */
export interface WorkloadDiff {
  added: Workload[];
  removed: Workload[];
}

/** One workload key (`ns/name/kind`) with its members on each side and whether each side's inputs changed. */
interface Entry {
  key: string;
  before: Workload[];
  after: Workload[];
  /** Whether the egress side (state + egress policies) is the same in both snapshots. */
  sameAsSource: boolean;
  /** Whether the ingress side (state + ingress policies) is the same in both snapshots. */
  sameAsDestination: boolean;
}

/** The kind of a change: opened (nothing before), closed (nothing after) or changed. */
export function changeKind(c: FlowChange): 'opened' | 'closed' | 'changed' {
  return !c.before ? 'opened' : !c.after ? 'closed' : 'changed';
}

/** The JSON of a change: PEER and ALLOWED as in `flows --format json`, `null` for nothing. */
export function changeJson(c: FlowChange): FlowChangeJson {
  return { from: peerJson(c.from), to: peerJson(c.to), before: c.before ? c.before.toJSON() : null, after: c.after ? c.after.toJSON() : null };
}

/** Workloads (keyed by namespace, name and kind) only in `after` (added) or only in `before` (removed). */
export function workloadDiff(before: Snapshot, after: Snapshot): WorkloadDiff {
  const added: Workload[] = [];
  const removed: Workload[] = [];
  for (const e of entries(before, after)) {
    if (e.before.length === 0) added.push(e.after[0]!);
    else if (e.after.length === 0) removed.push(e.before[0]!);
  }
  return { added, removed };
}

/**
 * Every pair whose allowed set differs between two snapshots, in the order of `flows`: workload
 * pairs by source, each source's external ranges after its pairs, then ranges into workloads.
 * Workloads are paired by namespace, name and kind (one defined in several files is one key, its
 * flows united). External ranges are cut where either side's set changes, so a range appears once
 * with both sets. A pair is computed only when its source's egress inputs or its destination's
 * ingress inputs (labels, namespace labels, ports, IPs, isolating policies) differ.
 */
export function* diffFlows(before: Snapshot, after: Snapshot): Generator<FlowChange> {
  const all = entries(before, after);
  const families = unionFamilies(before, after);
  const unstableTo = all.filter((e) => !e.sameAsDestination);
  for (const from of all) {
    for (const to of from.sameAsSource ? unstableTo : all) {
      if (from === to) continue;
      const b = between(before, from.before, to.before);
      const a = between(after, from.after, to.after);
      if (!samePorts(b, a)) yield change({ workload: pick(from) }, { workload: pick(to) }, b, a);
    }
    if (!from.sameAsSource) for (const c of rangeChanges(before, after, from, 'egress', families)) yield c;
  }
  for (const to of all) if (!to.sameAsDestination) for (const c of rangeChanges(before, after, to, 'ingress', families)) yield c;
}

function change(from: FlowPeer, to: FlowPeer, b: PortSet, a: PortSet): FlowChange {
  const c: FlowChange = { from, to };
  if (!b.isEmpty()) c.before = b;
  if (!a.isEmpty()) c.after = a;
  return c;
}

/** The workload shown for a key: the new definition when there is one. */
function pick(e: Entry): Workload {
  return e.after[0] ?? e.before[0]!;
}

/** What `from` may send to `to` in one snapshot (members of one key united; a workload to itself left out). */
function between(s: Snapshot, froms: Workload[], tos: Workload[]): PortSet {
  let out = PortSet.EMPTY;
  for (const f of froms) for (const t of tos) if (f !== t) out = out.union(allowedPorts(s, { workload: f }, { workload: t }));
  return out;
}

function samePorts(a: PortSet, b: PortSet): boolean {
  if (a.isEmpty() || b.isEmpty()) return a.isEmpty() === b.isEmpty();
  return a.equals(b);
}

/** The external ranges of one key in one direction whose allowed set differs, cut on both sides' boundaries. */
function rangeChanges(before: Snapshot, after: Snapshot, e: Entry, dir: Direction, families: (4 | 6)[]): FlowChange[] {
  const b = rangesOf(before, e.before, dir, families);
  const a = rangesOf(after, e.after, dir, families);
  const out: FlowChange[] = [];
  const w = pick(e);
  for (const family of families) {
    const cuts = new Set<bigint>();
    for (const r of b) if (r.range.family === family) { cuts.add(r.range.first); cuts.add(r.range.last + 1n); }
    for (const r of a) if (r.range.family === family) { cuts.add(r.range.first); cuts.add(r.range.last + 1n); }
    const points = Array.from(cuts).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    let prev: { range: IpRange; b: PortSet; a: PortSet } | undefined;
    const flush = () => {
      if (!prev) return;
      const peer: FlowPeer = { range: prev.range };
      out.push(dir === 'egress' ? change({ workload: w }, peer, prev.b, prev.a) : change(peer, { workload: w }, prev.b, prev.a));
      prev = undefined;
    };
    for (let i = 0; i + 1 < points.length; i++) {
      const first = points[i]!, last = points[i + 1]! - 1n;
      const pb = setAt(b, family, first), pa = setAt(a, family, first);
      if (samePorts(pb, pa)) { flush(); continue; }
      // Adjacent pieces with the same two sets are one range, as `flows` joins its ranges.
      if (prev && prev.range.last + 1n === first && samePorts(prev.b, pb) && samePorts(prev.a, pa)) prev.range = { family, first: prev.range.first, last };
      else { flush(); prev = { range: { family, first, last }, b: pb, a: pa }; }
    }
    flush();
  }
  return out;
}

/** The ranges of a key's members (their sets united where they overlap, by `setAt`). */
function rangesOf(s: Snapshot, ws: Workload[], dir: Direction, families: (4 | 6)[]): { range: IpRange; allowed: PortSet }[] {
  const out: { range: IpRange; allowed: PortSet }[] = [];
  for (const w of ws) for (const r of externalRanges(s, w, dir, families)) out.push(r);
  return out;
}

function setAt(rs: { range: IpRange; allowed: PortSet }[], family: 4 | 6, at: bigint): PortSet {
  let out = PortSet.EMPTY;
  for (const r of rs) if (r.range.family === family && r.range.first <= at && r.range.last >= at) out = out.union(r.allowed);
  return out;
}

/** IPv6 is compared when either side names an IPv6 block, so a new block does not read as "everything opened". */
function unionFamilies(before: Snapshot, after: Snapshot): (4 | 6)[] {
  return usedFamilies(before).length > 1 || usedFamilies(after).length > 1 ? [4, 6] : [4];
}

/** Both snapshots' workloads by key, in key order, with whether each side's inputs are unchanged. */
function entries(before: Snapshot, after: Snapshot): Entry[] {
  const b = sides(before), a = sides(after);
  const keys = new Set<string>(b.keys());
  for (const k of a.keys()) keys.add(k);
  const out: Entry[] = [];
  for (const key of Array.from(keys).sort()) {
    const x = b.get(key), y = a.get(key);
    out.push({
      key,
      before: x?.members ?? [],
      after: y?.members ?? [],
      sameAsSource: !!x && !!y && x.egress === y.egress,
      sameAsDestination: !!x && !!y && x.ingress === y.ingress,
    });
  }
  return out;
}

/** Per key: members and the fingerprints of what decides their flows as source and as destination. */
function sides(s: Snapshot): Map<string, { members: Workload[]; egress: string; ingress: string }> {
  const policyPrints = new Map<Policy, string>();
  const print = (p: Policy) => {
    let t = policyPrints.get(p);
    if (t === undefined) policyPrints.set(p, (t = policyPrint(p)));
    return t;
  };
  const m = new Map<string, { members: Workload[]; egress: string; ingress: string }>();
  for (const w of s.workloads) {
    const key = `${w.namespace}/${w.name}/${w.kind}`;
    const state = workloadPrint(s, w);
    const iso = s.isolation(w);
    const egress = `${state}\0${iso.egress.map((a) => print(a.policy)).sort().join('\0')}`;
    const ingress = `${state}\0${iso.ingress.map((a) => print(a.policy)).sort().join('\0')}`;
    const e = m.get(key);
    if (e) { e.members.push(w); e.egress += `\x01${egress}`; e.ingress += `\x01${ingress}`; }
    else m.set(key, { members: [w], egress, ingress });
  }
  return m;
}

/** What of a workload decides its flows: namespace and its labels, pod labels, container ports, pod IPs. */
function workloadPrint(s: Snapshot, w: Workload): string {
  const nsLabels = s.namespaces.get(w.namespace)?.labels ?? new Map<string, string>();
  return stableJson([w.namespace, sortedEntries(nsLabels), sortedEntries(w.labels), w.ports, w.podIps]);
}

/** What of a policy decides what it allows to the workloads it selects (spans and names aside). */
function policyPrint(p: Policy): string {
  return stableJson([p.namespace, p.isolates, p.ingress, p.egress]);
}

function sortedEntries(m: ReadonlyMap<string, string>): [string, string][] {
  return Array.from(m.entries()).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** JSON without spans or rule indexes (they move when text moves), IP numbers as text. */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (k, x) => (k === 'span' || k === 'index' ? undefined : typeof x === 'bigint' ? x.toString() : x));
}
