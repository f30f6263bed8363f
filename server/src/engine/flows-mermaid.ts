// The allowed flows as a Mermaid graph (Copy Flows as Mermaid): namespaces as subgraphs, flows
// as labelled edges, address ranges named as in the flows text (`0.0.0.0/0 (anywhere)`).
import { matchesFilter, type Flow, type FlowFilter, type FlowPeer } from './flow-matrix';
import { rangeName } from './ip';
import type { PortSet } from './port-set';
import type { Snapshot } from './snapshot';
import { PROTOCOLS, type Workload } from './types';

const id = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_');

/** A port set as an edge label: "all", "TCP 80, 443 · UDP 53", "TCP any". */
function edgeLabel(ps: PortSet): string {
  if (ps.isAll()) return 'all';
  return PROTOCOLS.filter((p) => ps.ranges(p).length > 0)
    .map((p) => `${p} ${ps.ranges(p).map(([lo, hi]) => (lo === hi ? `${lo}` : lo === 1 && hi === 65535 ? 'any' : `${lo}-${hi}`)).join(', ')}`)
    .join(' · ');
}

/** The Mermaid text of some flows, with every workload the filter keeps as a node. */
export function flowsToMermaid(s: Snapshot, flows: readonly Flow[], filter: FlowFilter = {}): string {
  const lines = ['graph LR'];
  const byNs = new Map<string, Workload[]>();
  for (const w of s.workloads) if (matchesFilter(w, filter)) byNs.set(w.namespace, [...(byNs.get(w.namespace) ?? []), w]);
  for (const [ns, ws] of byNs) {
    lines.push(`  subgraph ns_${id(ns)}["${ns}"]`);
    for (const w of ws) lines.push(`    ${id(`${w.namespace}/${w.name}`)}["${w.name} (${w.kind})"]`);
    lines.push('  end');
  }
  const nodeOf = (p: FlowPeer) => ('workload' in p ? id(`${p.workload.namespace}/${p.workload.name}`) : id(`ip_${rangeName(p.range)}`));
  const ext = new Set<string>();
  for (const f of flows) {
    for (const p of [f.from, f.to]) {
      if ('range' in p && !ext.has(nodeOf(p))) { ext.add(nodeOf(p)); lines.push(`  ${nodeOf(p)}(["${rangeName(p.range)}"])`); }
    }
    lines.push(`  ${nodeOf(f.from)} -->|${edgeLabel(f.allowed)}| ${nodeOf(f.to)}`);
  }
  return lines.join('\n') + '\n';
}
