// Code lens titles: above a policy, what it selects and allows; above a workload, whether it
// is isolated and how many workloads can reach it and it can reach.
import { egressAllowed, ingressAllowed, rulePorts } from '../connectivity';
import { PortSet } from '../port-set';
import type { Snapshot } from '../snapshot';
import type { Direction, Policy, Workload } from '../types';
import { count } from './phrases';

/** "selects 2 workloads · ingress: from 1 workload on TCP 5432 · egress: denied". */
export function policyLensTitle(s: Snapshot, policy: Policy): string {
  const a = s.analyze(policy);
  const parts = [`selects ${count(a.selected.length, 'workload')}${a.selected.length === 0 ? ` in ${policy.namespace}` : ''}`];
  for (const dir of ['ingress', 'egress'] as Direction[]) {
    if (!policy.isolates[dir]) continue;
    const rules = a[dir];
    if (rules.length === 0) { parts.push(`${dir}: denied`); continue; }
    const word = dir === 'ingress' ? 'from' : 'to';
    let anywhere = false;
    const peers = new Set<Workload>();
    let ranges = 0;
    let ports = PortSet.EMPTY;
    let named = false;
    // Named ports resolve on the destination: the selected pods for ingress, the peers for egress.
    const destinations = dir === 'ingress' ? a.selected : undefined;
    for (const ra of rules) {
      if (!ra.peers) anywhere = true;
      else for (const p of ra.peers) { for (const w of p.workloads) peers.add(w); if (p.peer.kind === 'ipBlock' && !p.peer.invalid) ranges++; }
      if (!ra.rule.ports) ports = PortSet.ALL;
      else for (const p of ra.rule.ports) {
        if (p.invalid) continue;
        if (typeof p.port === 'string') {
          const dests = destinations ?? ra.peers?.flatMap((x) => x.workloads) ?? [];
          const resolved = dests.reduce((acc, w) => acc.union(rulePorts({ ...ra.rule, ports: [p] }, w)), PortSet.EMPTY);
          if (resolved.isEmpty()) named = true;
          else ports = ports.union(resolved);
        } else ports = ports.union(p.port === undefined ? PortSet.of(p.protocol) : PortSet.of(p.protocol, p.port, p.endPort ?? p.port));
      }
    }
    const who = anywhere ? 'anywhere' : [peers.size || !ranges ? count(peers.size, 'workload') : '', ranges ? count(ranges, 'address block') : ''].filter(Boolean).join(' + ');
    const on = ports.isAll() ? 'all ports' : `${ports.isEmpty() ? '' : ports.describe()}${named ? `${ports.isEmpty() ? '' : ', '}a named port no destination has` : ''}` || 'no port';
    parts.push(`${dir}: ${word} ${who} on ${on}`);
  }
  return parts.join(' · ');
}

/** "isolated for ingress by 2 policies · reachable from 3 workloads · egress: not isolated". */
export function workloadLensTitle(s: Snapshot, w: Workload): string {
  const iso = s.isolation(w);
  const parts: string[] = [];
  if (iso.ingress.length === 0) parts.push('not isolated: any pod can reach it');
  else {
    let n = 0;
    for (const src of s.workloads) if (src !== w && !ingressAllowed(s, { workload: src }, { workload: w }).intersect(egressAllowed(s, { workload: src }, { workload: w })).isEmpty()) n++;
    parts.push(`isolated for ingress by ${count(iso.ingress.length, 'policy', 'policies')} · reachable from ${count(n, 'workload')}`);
  }
  if (iso.egress.length === 0) parts.push('egress: not isolated');
  else {
    let n = 0;
    for (const dst of s.workloads) if (dst !== w && !egressAllowed(s, { workload: w }, { workload: dst }).intersect(ingressAllowed(s, { workload: w }, { workload: dst })).isEmpty()) n++;
    parts.push(`egress isolated by ${count(iso.egress.length, 'policy', 'policies')} · reaches ${count(n, 'workload')}`);
  }
  return parts.join(' · ');
}
