// How many workloads can reach a workload and how many it reaches, for lenses and hovers.
// Same verdict as allowedPorts over every pair, but built from the rules that name the workload,
// so one lens costs O(policies + candidates), never O(workloads × policies).
import { egressRulePorts, ruleMatches, rulePorts } from '../connectivity';
import { PortSet } from '../port-set';
import { tieredReachableFrom, tieredReaches } from '../cluster-policy/reach';
import type { PolicyAnalysis, Snapshot } from '../snapshot';
import type { Rule, Workload } from '../types';

/** The workloads on the other side of a workload's allowed connections in one direction. */
export interface Reach {
  /** Other workloads with at least one allowed port (the workload itself is not counted). */
  workloads: Workload[];
  /** True when some rule admits every address (no `from`/`to`), outside the cluster included. */
  anywhere: boolean;
  /** ipBlock peers of the rules that open some port here. */
  addressBlocks: number;
}

/** The policies that isolate each direction, per snapshot (a WeakMap: nothing to clear). */
const isolating = new WeakMap<Snapshot, { ingress: PolicyAnalysis[]; egress: PolicyAnalysis[] }>();

function isolatingPolicies(s: Snapshot): { ingress: PolicyAnalysis[]; egress: PolicyAnalysis[] } {
  let v = isolating.get(s);
  if (!v) {
    const all = s.analyzeAll();
    v = { ingress: all.filter((a) => a.policy.isolates.ingress), egress: all.filter((a) => a.policy.isolates.egress) };
    isolating.set(s, v);
  }
  return v;
}

function add(m: Map<Workload, PortSet>, w: Workload, ports: PortSet): void {
  const old = m.get(w);
  m.set(w, old ? old.union(ports) : ports);
}

function isValidBlock(rule: Rule, i: number): boolean {
  const p = rule.peers?.[i];
  return !!p && p.kind === 'ipBlock' && !p.invalid && !!p.cidr;
}

/**
 * The workloads that may open a connection to `w`: sources its ingress rules admit (or every
 * workload when it is not ingress-isolated) whose own egress allows a common port.
 */
export function reachableFrom(s: Snapshot, w: Workload): Reach {
  if (!s.tiers.empty) return tieredReachableFrom(s, w);
  const iso = s.isolation(w).ingress;
  // Ingress side: which sources the rules of w's isolating policies admit, on which ports of w.
  const admitted = new Map<Workload, PortSet>();
  let everyone = iso.length === 0 ? PortSet.ALL : PortSet.EMPTY;
  let addressBlocks = 0;
  for (const a of iso) {
    for (const ra of a.ingress) {
      const ports = rulePorts(ra.rule, w);
      if (ports.isEmpty()) continue;
      if (!ra.peers) { everyone = everyone.union(ports); continue; }
      ra.peers.forEach((pa, i) => {
        if (isValidBlock(ra.rule, i)) addressBlocks++;
        for (const src of pa.workloads) add(admitted, src, ports);
      });
    }
  }
  // Egress side: the egress-isolating policies with a rule towards w, spread over what they select.
  const sent = new Map<Workload, PortSet>();
  for (const a of isolatingPolicies(s).egress) {
    let ports = PortSet.EMPTY;
    for (const ra of a.egress) ports = ports.union(egressRulePorts(ra, { workload: w }));
    if (!ports.isEmpty()) for (const src of a.selected) add(sent, src, ports);
  }
  const out: Workload[] = [];
  const consider = (src: Workload, ingress: PortSet) => {
    if (src === w || ingress.isEmpty()) return;
    const egress = s.isolation(src).egress.length === 0 ? PortSet.ALL : sent.get(src);
    if (egress && !egress.intersect(ingress).isEmpty()) out.push(src);
  };
  if (everyone.isEmpty()) for (const [src, ports] of admitted) consider(src, ports);
  else for (const src of s.workloads) consider(src, everyone.union(admitted.get(src) ?? PortSet.EMPTY));
  return { workloads: out, anywhere: !everyone.isEmpty(), addressBlocks };
}

/**
 * The workloads `w` may open a connection to: destinations its egress rules admit (or every
 * workload when it is not egress-isolated) whose own ingress accepts a common port. Named ports
 * resolve on each destination.
 */
export function reaches(s: Snapshot, w: Workload): Reach {
  if (!s.tiers.empty) return tieredReaches(s, w);
  const iso = s.isolation(w).egress;
  const allowed = new Map<Workload, PortSet>();
  // Rules without `to` admit every destination; their ports still resolve per destination.
  const everywhere: Rule[] = [];
  let addressBlocks = 0;
  for (const a of iso) {
    for (const ra of a.egress) {
      if (!ra.peers) { everywhere.push(ra.rule); continue; }
      for (const pa of ra.peers) {
        for (const dst of pa.workloads) {
          const ports = egressRulePorts(ra, { workload: dst });
          if (!ports.isEmpty()) add(allowed, dst, ports);
        }
      }
      // Towards an address only numeric ports count; a named port matches nothing there.
      if (!rulePorts(ra.rule, undefined).isEmpty()) ra.peers.forEach((_, i) => { if (isValidBlock(ra.rule, i)) addressBlocks++; });
    }
  }
  // Ingress side: the ingress-isolating policies with a rule admitting w, over what they select.
  const accepted = new Map<Workload, PortSet>();
  for (const a of isolatingPolicies(s).ingress) {
    const rules = a.ingress.filter((ra) => ruleMatches(ra, { workload: w }));
    if (rules.length === 0) continue;
    for (const dst of a.selected) {
      let ports = PortSet.EMPTY;
      for (const ra of rules) ports = ports.union(rulePorts(ra.rule, dst));
      if (!ports.isEmpty()) add(accepted, dst, ports);
    }
  }
  const out: Workload[] = [];
  const consider = (dst: Workload, egress: PortSet) => {
    if (dst === w || egress.isEmpty()) return;
    const ingress = s.isolation(dst).ingress.length === 0 ? PortSet.ALL : accepted.get(dst);
    if (ingress && !ingress.intersect(egress).isEmpty()) out.push(dst);
  };
  const open = iso.length === 0;
  if (!open && everywhere.length === 0) for (const [dst, ports] of allowed) consider(dst, ports);
  else {
    for (const dst of s.workloads) {
      let ports = open ? PortSet.ALL : allowed.get(dst) ?? PortSet.EMPTY;
      for (const r of everywhere) ports = ports.union(rulePorts(r, dst));
      consider(dst, ports);
    }
  }
  const anywhere = open || everywhere.some((r) => !rulePorts(r, undefined).isEmpty());
  return { workloads: out, anywhere, addressBlocks };
}
