// The data behind the flow graph view: workloads as nodes grouped by namespace, allowed
// connections as edges labelled with ports, and what a focused policy blocks.
import { allowedPorts, ingressAllowed, egressAllowed } from './connectivity';
import type { Snapshot } from './snapshot';
import type { Policy, Workload } from './types';

/** A workload node. */
export interface GraphNode {
  id: string;
  namespace: string;
  name: string;
  kind: string;
  labels: string;
  file: string;
  offset: number;
  isolatedIngress: boolean;
  isolatedEgress: boolean;
  /** Selected by one of the focused policies. */
  focused: boolean;
}

/** An edge: an allowed connection with its ports, or one a focused policy blocks. */
export interface GraphEdge {
  from: string;
  to: string;
  label: string;
  blocked: boolean;
}

/** The whole graph and what was left out to keep it readable. */
export interface FlowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Pairs allowed only because neither side is isolated: not drawn. */
  unrestrictedPairs: number;
  truncated: boolean;
}

const MAX_NODES = 300;
const MAX_BLOCKED = 60;

/**
 * Builds the graph. Edges between two workloads that no policy isolates are counted, not
 * drawn: they would make every graph complete. `focus` policies (e.g. those of the open
 * document) add dashed "blocked" edges: sources that may not reach what they select.
 */
export function flowGraph(s: Snapshot, focus: readonly Policy[] = []): FlowGraph {
  const focusSelected = new Set<Workload>(focus.flatMap((p) => s.analyze(p).selected));
  const workloads = s.workloads.slice(0, MAX_NODES);
  const id = (w: Workload) => `${w.namespace}/${w.name}/${w.kind}`;
  const nodes: GraphNode[] = workloads.map((w) => ({
    id: id(w), namespace: w.namespace, name: w.name, kind: w.kind,
    labels: [...w.labels].map(([k, v]) => `${k}=${v}`).join(', '),
    file: w.file, offset: w.span.start,
    isolatedIngress: s.isolation(w).ingress.length > 0,
    isolatedEgress: s.isolation(w).egress.length > 0,
    focused: focusSelected.has(w),
  }));
  const edges: GraphEdge[] = [];
  let unrestrictedPairs = 0;
  let blocked = 0;
  for (const from of workloads) {
    for (const to of workloads) {
      if (from === to) continue;
      const iso = s.isolation(from).egress.length > 0 || s.isolation(to).ingress.length > 0;
      if (!iso) { unrestrictedPairs++; continue; }
      const ports = allowedPorts(s, { workload: from }, { workload: to });
      if (!ports.isEmpty()) edges.push({ from: id(from), to: id(to), label: ports.describe(), blocked: false });
      else if (focusSelected.has(to) && blocked < MAX_BLOCKED && egressAllowed(s, { workload: from }, { workload: to }).isAll() &&
        ingressAllowed(s, { workload: from }, { workload: to }).isEmpty()) {
        // Only sources that would otherwise be free to connect: the focused policy is what blocks them.
        edges.push({ from: id(from), to: id(to), label: 'blocked', blocked: true });
        blocked++;
      }
    }
  }
  return { nodes, edges, unrestrictedPairs, truncated: s.workloads.length > MAX_NODES };
}
