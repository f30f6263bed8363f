// What one rule admits in the workspace: the workloads and external address ranges it opens a
// port to, with the ports (named ports resolved per destination). The hovers list it
// (`ruleAdmits`); the policy lens counts it on the index (`ruleOpening`). Both follow
// connectivity.ts: egress named ports resolve only on pods a selector peer reaches.
import { egressRulePorts, rulePorts } from './connectivity';
import { blockRanges, type IpRange } from './ip';
import { countMatched } from './peer-count';
import { PortSet } from './port-set';
import type { PeerAnalysis, RuleAnalysis, Snapshot } from './snapshot';
import type { Policy, Rule, Workload } from './types';

/** The admitted side of a rule: peers (sources for ingress, destinations for egress) and ports. */
export interface RuleAdmits {
  /** 'all': the rule has no from/to, so every workload and every address. Else only peers that get a port. */
  workloads: { workload: Workload; ports: PortSet }[] | 'all';
  /** External ranges (ipBlocks minus excepts) that get a port, with the ports towards/from them. */
  ranges: { range: IpRange; ports: PortSet }[];
  /** True when the rule names no peers: every address too. */
  anywhere: boolean;
  /**
   * Workloads the peers match but the rule opens no port to: a named port they lack (egress), a
   * pod reached only through an ipBlock by named ports, or named ports no selected pod has (ingress).
   */
  portless: Workload[];
  /** ipBlock ranges the rule opens no port to (named ports only match pods). */
  portlessRanges: IpRange[];
  /** Ingress: the selected pods resolve the named ports differently; `ports` is their union. */
  dependsOnSelected: boolean;
  /** The policy's one selected workload, when the rule admits it too: traffic to itself is no flow. */
  self?: Workload;
}

/** The ports an ingress rule opens at the selected pods (their union), and whether they differ. */
function atSelected(rule: Rule, selected: readonly Workload[]): { ports: PortSet; differ: boolean } {
  if (selected.length === 0) return { ports: rulePorts(rule, undefined), differ: false };
  if (!rule.ports?.some((p) => !p.invalid && typeof p.port === 'string')) return { ports: rulePorts(rule, undefined), differ: false };
  let ports = PortSet.EMPTY;
  const keys = new Set<string>();
  for (const w of selected) { const ps = rulePorts(rule, w); keys.add(ps.key()); ports = ports.union(ps); }
  return { ports, differ: keys.size > 1 };
}

/**
 * What a rule admits. For ingress the ports resolve on the policy's selected workloads: a source
 * gets their union (`dependsOnSelected` when they differ; per-workload sets in `perSelected`).
 * For egress they resolve on each peer workload reached through a selector.
 */
export function ruleAdmits(s: Snapshot, policy: Policy, rule: Rule): RuleAdmits & { perSelected?: { workload: Workload; ports: PortSet }[] } {
  const analysis = s.analyze(policy);
  const ra = (rule.direction === 'ingress' ? analysis.ingress : analysis.egress)[rule.index]!;
  const ingress = rule.direction === 'ingress';
  const perSelected = ingress ? analysis.selected.map((w) => ({ workload: w, ports: rulePorts(rule, w) })) : undefined;
  const at = ingress ? atSelected(rule, analysis.selected) : { ports: rulePorts(rule, undefined), differ: false };
  const only = analysis.selected.length === 1 ? analysis.selected[0] : undefined;
  if (!ra.peers) return { workloads: 'all', ranges: [], anywhere: true, portless: [], portlessRanges: [], dependsOnSelected: at.differ, perSelected,
    self: only };
  const seen = new Set<Workload>();
  const workloads: { workload: Workload; ports: PortSet }[] = [];
  const portless: Workload[] = [];
  for (const p of ra.peers) {
    for (const w of p.workloads) {
      if (seen.has(w)) continue;
      seen.add(w);
      const ports = ingress ? at.ports : egressRulePorts(ra, { workload: w });
      if (ports.isEmpty()) portless.push(w);
      else workloads.push({ workload: w, ports });
    }
  }
  const ranges: { range: IpRange; ports: PortSet }[] = [];
  const portlessRanges: IpRange[] = [];
  for (const p of rule.peers ?? []) {
    if (p.kind !== 'ipBlock' || p.invalid || !p.cidr) continue;
    for (const range of blockRanges(p.cidr, p.except)) {
      if (at.ports.isEmpty()) portlessRanges.push(range);
      else ranges.push({ range, ports: at.ports });
    }
  }
  const self = only && workloads.some((x) => x.workload === only) ? only : undefined;
  return { workloads, ranges, anywhere: false, portless, portlessRanges, dependsOnSelected: at.differ, perSelected, self };
}

/** What one rule opens, for counting on the index (lenses): nothing here lists a namespace. */
export interface RuleOpening {
  /** The ports the rule opens somewhere: numeric ones, named ones resolved on their destinations. */
  ports: PortSet;
  /** A named port of the rule resolves on no destination. */
  unresolved: boolean;
  /** The rule has selector peers only and they match no workload: nothing to resolve a port on. */
  noPeerMatch: boolean;
  /** The peers whose matches get a port; those in `keep` only for the matches its filter keeps. */
  peers: PeerAnalysis[];
  keep: Map<PeerAnalysis, (w: Workload) => boolean>;
  /** Valid ipBlock peers that get a port. */
  blocks: number;
  /** The rule has no from/to and opens a port to every workload and address. */
  anywhere: boolean;
  /** No from/to, but only the workloads this keeps get a port (egress with named ports only). */
  everyWorkload?: (w: Workload) => boolean;
}

/**
 * What a rule opens, in the terms of countMatched. Ingress: its ports at the selected pods, the
 * same for every source. Egress: numeric ports reach every match, ipBlock-matched pods included;
 * when the rule has only named ports, a selector peer counts only the pods that have one and an
 * ipBlock counts nothing (a named port matches no address, SEMANTICS.md Ports).
 */
export function ruleOpening(s: Snapshot, ra: RuleAnalysis, selected: readonly Workload[]): RuleOpening {
  const rule = ra.rule;
  const keep = new Map<PeerAnalysis, (w: Workload) => boolean>();
  const none: RuleOpening = { ports: PortSet.EMPTY, unresolved: false, noPeerMatch: false, peers: [], keep, blocks: 0, anywhere: false };
  // A typo in a peer selector: the rule admits no workload, whatever its ports would resolve to.
  if (ra.peers && ra.peers.length > 0 && ra.peers.every((p) => p.peer.kind === 'pods') && countMatched(s, ra.peers) === 0) return { ...none,
    noPeerMatch: true };
  const validBlock = (p: PeerAnalysis) => p.peer.kind === 'ipBlock' && !p.peer.invalid && !!p.peer.cidr;
  const hasNamed = !!rule.ports?.some((p) => !p.invalid && typeof p.port === 'string');
  let ports: PortSet;
  let unresolved = false;
  let sameForAll: boolean; // every match gets a port: no filter needed
  if (rule.direction === 'ingress') {
    ports = atSelected(rule, selected).ports;
    unresolved = hasNamed && namedUnresolved(rule, selected);
    sameForAll = true; // the same ports for every source
  } else {
    const numeric = rulePorts(rule, undefined);
    ports = numeric;
    if (hasNamed) {
      // Egress: a pod reached only through an ipBlock does not resolve named ports.
      const dests = selectorReached(ra) ?? s.workloads;
      for (const p of rule.ports!) {
        if (p.invalid || typeof p.port !== 'string') continue;
        const one = { ...rule, ports: [p] };
        let resolved = PortSet.EMPTY;
        for (const w of dests) resolved = resolved.union(rulePorts(one, w));
        if (resolved.isEmpty()) unresolved = true;
        ports = ports.union(resolved);
      }
    }
    sameForAll = !numeric.isEmpty();
  }
  if (ports.isEmpty()) return { ...none, unresolved };
  const opensTo = (w: Workload) => !rulePorts(rule, w).isEmpty();
  if (!ra.peers) return sameForAll ? { ...none, ports, unresolved, anywhere: true } : { ...none, ports, unresolved, everyWorkload: opensTo };
  if (sameForAll) return { ports, unresolved, noPeerMatch: false, peers: ra.peers, keep, blocks: ra.peers.filter(validBlock).length, anywhere: false };
  const peers = ra.peers.filter((p) => p.peer.kind === 'pods');
  for (const p of peers) keep.set(p, opensTo);
  return { ports, unresolved, noPeerMatch: false, peers, keep, blocks: 0, anywhere: false };
}

/** Whether some named port of an ingress rule resolves on none of the selected pods. */
function namedUnresolved(rule: Rule, selected: readonly Workload[]): boolean {
  return rule.ports!.some((p) => !p.invalid && typeof p.port === 'string' && !selected.some((w) => !rulePorts({ ...rule, ports: [p] }, w).isEmpty()));
}

/**
 * The pods an egress rule's selector peers reach: the only destinations its named ports resolve
 * on (a pod reached only through an ipBlock gets numeric ports, as in egressRulePorts).
 * undefined when the rule has no `to`: every pod.
 */
export function selectorReached(ra: RuleAnalysis): readonly Workload[] | undefined {
  if (!ra.peers) return undefined;
  const selectors = ra.peers.filter((p) => p.peer.kind !== 'ipBlock');
  return selectors.length === 1 ? selectors[0]!.workloads : [...new Set(selectors.flatMap((p) => p.workloads))];
}
