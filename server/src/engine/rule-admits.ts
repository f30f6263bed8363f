// What one rule admits in the workspace: the workloads its peers match, the external address
// ranges it opens, and the ports, resolved per destination for named ports.
import { egressRulePorts, rulePorts } from './connectivity';
import { blockRanges, type IpRange } from './ip';
import type { PortSet } from './port-set';
import type { Snapshot } from './snapshot';
import type { Policy, Rule, Workload } from './types';

/** The admitted side of a rule: peers (sources for ingress, destinations for egress) and ports. */
export interface RuleAdmits {
  /** 'all': the rule has no from/to, so every workload and every address. */
  workloads: { workload: Workload; ports: PortSet }[] | 'all';
  /** External ranges (ipBlocks minus excepts), with the ports towards/from them. */
  ranges: { range: IpRange; ports: PortSet }[];
  /** True when the rule names no peers: every address too. */
  anywhere: boolean;
}

/**
 * What a rule admits. For ingress the ports resolve on the policy's selected workloads, so a
 * named port gives one port set per selected workload; `ports` here is for the first one and
 * per-workload sets are in `perSelected`. For egress they resolve on each peer workload.
 */
export function ruleAdmits(s: Snapshot, policy: Policy, rule: Rule): RuleAdmits & { perSelected?: { workload: Workload; ports: PortSet }[] } {
  const analysis = s.analyze(policy);
  const ra = (rule.direction === 'ingress' ? analysis.ingress : analysis.egress)[rule.index]!;
  const ingress = rule.direction === 'ingress';
  const perSelected = ingress ? analysis.selected.map((w) => ({ workload: w, ports: rulePorts(rule, w) })) : undefined;
  const externalPorts = ingress ? (perSelected?.[0]?.ports ?? rulePorts(rule, undefined)) : rulePorts(rule, undefined);
  if (!ra.peers) return { workloads: 'all', ranges: [], anywhere: true, perSelected };
  const seen = new Set<Workload>();
  const workloads: { workload: Workload; ports: PortSet }[] = [];
  for (const p of ra.peers) {
    for (const w of p.workloads) {
      if (seen.has(w)) continue;
      seen.add(w);
      workloads.push({ workload: w, ports: ingress ? externalPorts : egressRulePorts(ra, { workload: w }) });
    }
  }
  const ranges: { range: IpRange; ports: PortSet }[] = [];
  for (const p of rule.peers ?? []) {
    if (p.kind === 'ipBlock' && !p.invalid && p.cidr) for (const range of blockRanges(p.cidr, p.except)) ranges.push({ range, ports: externalPorts });
  }
  return { workloads, ranges, anywhere: false, perSelected };
}
