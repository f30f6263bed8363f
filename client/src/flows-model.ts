// Client-side helpers over the flows JSON from the server: namespaces and workloads.
// (The Mermaid text comes from the server, which names address ranges as the flows text does.)

/** The `flows --format json` shape (see README). */
export interface FlowsJson {
  workloads: { namespace: string; name: string; kind: string }[];
  flows: { from: Peer; to: Peer; allowed: 'all' | { protocol: string; ports: [number, number][] }[] }[];
}
type Peer = { workload: string; kind: string } | { ipRange: string };
