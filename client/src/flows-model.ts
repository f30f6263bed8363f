// Client-side helpers over the flows JSON from the server: namespaces, workloads, Mermaid text.

/** The `flows --format json` shape (see README). */
export interface FlowsJson {
  workloads: { namespace: string; name: string; kind: string }[];
  flows: { from: Peer; to: Peer; allowed: 'all' | { protocol: string; ports: [number, number][] }[] }[];
}
type Peer = { workload: string; kind: string } | { ipRange: string };

/** A port set as short text: "all", "TCP 80, 443 · UDP 53". */
export function allowedText(a: FlowsJson['flows'][number]['allowed']): string {
  if (a === 'all') return 'all';
  return a.map((p) => `${p.protocol} ${p.ports.map(([lo, hi]) => (lo === hi ? `${lo}` : lo === 1 && hi === 65535 ? 'any' : `${lo}-${hi}`)).join(', ')}`).join(' · ');
}

/** The flows as a Mermaid graph: namespaces as subgraphs, allowed connections as labelled edges. */
export function toMermaid(json: FlowsJson): string {
  const id = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_');
  const lines = ['graph LR'];
  const byNs = new Map<string, FlowsJson['workloads']>();
  for (const w of json.workloads) byNs.set(w.namespace, [...(byNs.get(w.namespace) ?? []), w]);
  for (const [ns, ws] of byNs) {
    lines.push(`  subgraph ns_${id(ns)}["${ns}"]`);
    for (const w of ws) lines.push(`    ${id(`${w.namespace}/${w.name}`)}["${w.name} (${w.kind})"]`);
    lines.push('  end');
  }
  const ext = new Set<string>();
  for (const f of json.flows) {
    for (const p of [f.from, f.to]) if ('ipRange' in p && !ext.has(p.ipRange)) { ext.add(p.ipRange); lines.push(`  ${id(`ip_${p.ipRange}`)}(["${p.ipRange}"])`); }
    const a = 'workload' in f.from ? id(f.from.workload) : id(`ip_${f.from.ipRange}`);
    const b = 'workload' in f.to ? id(f.to.workload) : id(`ip_${f.to.ipRange}`);
    lines.push(`  ${a} -->|${allowedText(f.allowed)}| ${b}`);
  }
  return lines.join('\n') + '\n';
}
