// Flows grouped by namespace: one row per namespace pair (and per namespace and external
// range) saying whether every pair in it agrees on what is allowed. Backs `flows --group`.
import { allowedPorts } from './connectivity';
import { externalRanges, matchesFilter, usedFamilies, type FlowFilter } from './flow-matrix';
import { formatRange, type IpRange } from './ip';
import type { PortSet } from './port-set';
import type { Snapshot } from './snapshot';
import type { Direction, Workload } from './types';

/** One side of a group: every workload of a namespace, or one external range. */
export type GroupPeer = { namespace: string } | { range: IpRange };

/**
 * The pairs from one group to another. `pairs` counts every workload pair (a workload to
 * itself left out) or workload-range pair the filter keeps; `allowed` is the set every one of
 * them allows, or undefined when they differ (some allow another set, or nothing).
 */
export interface FlowGroup {
  from: GroupPeer;
  to: GroupPeer;
  pairs: number;
  allowedPairs: number;
  allowed: PortSet | undefined;
}

/** A group's counts while its pairs are visited. */
interface Cell { pairs: number; allowedPairs: number; first: PortSet | undefined; agree: boolean }

function visit(c: Cell, allowed: PortSet): void {
  c.pairs++;
  if (!allowed.isEmpty()) c.allowedPairs++;
  if (c.first === undefined) c.first = allowed;
  else if (c.agree && c.first !== allowed && !c.first.equals(allowed)) c.agree = false;
}

function row(from: GroupPeer, to: GroupPeer, c: Cell): FlowGroup {
  return { from, to, pairs: c.pairs, allowedPairs: c.allowedPairs, allowed: c.agree && c.allowedPairs === c.pairs ? c.first : undefined };
}

const newCell = (): Cell => ({ pairs: 0, allowedPairs: 0, first: undefined, agree: true });
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const rangeKey = (r: IpRange) => `${r.family} ${r.first.toString(16).padStart(32, '0')}`;

/** The namespaces that hold workloads, sorted, with their workloads. */
export function namespacesOf(s: Snapshot): [string, Workload[]][] {
  const by = new Map<string, Workload[]>();
  for (const w of s.workloads) {
    const list = by.get(w.namespace);
    if (list) list.push(w);
    else by.set(w.namespace, [w]);
  }
  return [...by].sort(([a], [b]) => cmp(a, b));
}

/**
 * Groups with something allowed, by source namespace, then destination namespace, then
 * external ranges; ranges as sources come last. Memory grows with the namespaces, not the pairs.
 */
export function* groupFlows(s: Snapshot, filter: FlowFilter = {}): Generator<FlowGroup> {
  const keep = (w: Workload) => matchesFilter(w, filter);
  const families = usedFamilies(s);
  const namespaces = namespacesOf(s);
  for (const [fromNs, froms] of namespaces) {
    for (const [toNs, tos] of namespaces) {
      const c = newCell();
      for (const from of froms) {
        for (const to of tos) if (from !== to && (keep(from) || keep(to))) visit(c, allowedPorts(s, { workload: from }, { workload: to }));
      }
      if (c.allowedPairs > 0) yield row({ namespace: fromNs }, { namespace: toNs }, c);
    }
    for (const g of rangeGroups(s, froms.filter(keep), 'egress', families)) yield { ...g, from: { namespace: fromNs }, to: { range: g.range } };
  }
  const ingress: (FlowGroup & { key: string })[] = [];
  for (const [toNs, tos] of namespaces) {
    for (const g of rangeGroups(s, tos.filter(keep), 'ingress', families))
      ingress.push({ ...g, key: rangeKey(g.range), from: { range: g.range }, to: { namespace: toNs } });
  }
  ingress.sort((a, b) => cmp(a.key, b.key));
  for (const { key: _, ...g } of ingress) yield g;
}

/** Per external range listed for some of these workloads: how many list it, and with what. */
function rangeGroups(s: Snapshot, ws: Workload[], direction: Direction, families: (4 | 6)[]) {
  const cells = new Map<string, { range: IpRange; cell: Cell }>();
  for (const w of ws) {
    for (const r of externalRanges(s, w, direction, families)) {
      const key = `${rangeKey(r.range)} ${r.range.last.toString(16).padStart(32, '0')}`;
      let e = cells.get(key);
      if (!e) cells.set(key, (e = { range: r.range, cell: newCell() }));
      visit(e.cell, r.allowed);
    }
  }
  // A workload that does not list a range (it allows another set there, or nothing) disagrees.
  return [...cells].sort(([a], [b]) => cmp(a, b)).map(([, e]) => {
    const c = { ...e.cell, pairs: ws.length, agree: e.cell.agree && e.cell.pairs === ws.length };
    return { range: e.range, ...row({ range: e.range }, { range: e.range }, c) };
  });
}

/** A group's side in the JSON of `flows --group namespace`. */
export function groupPeerJson(p: GroupPeer): { namespace: string } | { ipRange: string } {
  return 'namespace' in p ? { namespace: p.namespace } : { ipRange: formatRange(p.range) };
}
