// Hover text for a workload manifest: which policies isolate it, per direction, and which
// workloads can reach it and it can reach (the lens, spelled out with links).
import type { Snapshot } from '../snapshot';
import type { Workload } from '../types';
import { count, podsOfOne } from './phrases';
import { listWorkloads, type LinkFn } from './hover-selection';
import { workloadLens } from './lenses';
import { reachableFrom, reaches } from './reach';

/** Isolation and reachability of a workload, with links to the policies and peers. */
export function workloadText(s: Snapshot, w: Workload, link: LinkFn): string {
  const iso = s.isolation(w);
  const lines = [`**${w.kind} ${w.namespace}/${w.name}**: ${workloadLens(s, w)}`];
  const labels = [...w.labels].map(([k, v]) => `${k}=${v}`).join(', ');
  lines.push(`Pods: ${podsOfOne(w)}. Pod labels: ${labels ? `\`${labels}\`` : 'none'}`);
  if (w.hostNetwork) lines.push('Uses hostNetwork: most CNIs do not enforce NetworkPolicies on it.');
  for (const [dir, list] of [['ingress', iso.ingress], ['egress', iso.egress]] as const) {
    if (list.length === 0) {
      const verdict = s.tiers.empty ? 'everything allowed' : 'the cluster policy tiers decide (above)';
      lines.push(`**${dir === 'ingress' ? 'Ingress' : 'Egress'}**: not isolated (no policy in the workspace selects it for ${dir}), ${verdict}.`);
      continue;
    }
    const policies = list.map((a) => `- ${link(a.policy.file, a.policy.span.start, `${a.policy.namespace}/${a.policy.name}`)}`).join('\n');
    const r = dir === 'ingress' ? reachableFrom(s, w) : reaches(s, w);
    const who = `${dir === 'ingress' ? 'Reachable from' : 'Reaches'} ${count(r.workloads.length, 'workload')} in the workspace`;
    const out = r.anywhere ? ' and any address' : r.addressBlocks ? ` and ${count(r.addressBlocks, 'address block')}` : '';
    lines.push(`**${dir === 'ingress' ? 'Ingress' : 'Egress'}** isolated by ${count(list.length, 'policy', 'policies')}:\n${policies}\n` +
      `\n${who}${out}${r.workloads.length ? `:\n${listWorkloads(r.workloads, link)}` : '.'}`);
  }
  return lines.join('\n\n');
}
