// What a rule, a direction and a whole connection allow, as port sets. Implements the
// "A connection" section of SEMANTICS.md: egress of the source AND ingress of the destination.
import { PortSet } from './port-set';
import { inBlock } from './ip';
import { decideDirection } from './cluster-policy/evaluate';
import type { IpAddress, Rule, Workload } from './types';
import type { RuleAnalysis, Snapshot } from './snapshot';

/**
 * One side of a connection: a workload, or an address outside the cluster. A workload given by
 * one pod's IP keeps that IP: an ipBlock then matches by it, not by all the workload's pods.
 */
export type Endpoint = { workload: Workload; ip?: IpAddress } | { ip: IpAddress };

/**
 * The ports a rule allows towards a destination. A named port resolves on the destination
 * pod (its container port with that name and the rule's protocol); towards an external
 * address a named port matches nothing.
 */
export function rulePorts(rule: Rule, destination: Workload | undefined): PortSet {
  if (!rule.ports) return PortSet.ALL;
  let out = PortSet.EMPTY;
  for (const p of rule.ports) {
    if (p.invalid) continue;
    if (p.port === undefined) out = out.union(PortSet.of(p.protocol));
    else if (typeof p.port === 'number') out = out.union(PortSet.of(p.protocol, p.port, p.endPort ?? p.port));
    else if (destination) {
      for (const cp of destination.ports) if (cp.name === p.port && cp.protocol === p.protocol) out = out.union(PortSet.of(p.protocol, cp.port, cp.port));
    }
  }
  return out;
}

/**
 * How a rule's peers match an endpoint (ports aside): through a pod or namespace selector (a
 * rule without `from`/`to` counts as one: it admits every pod), only through an `ipBlock`, or
 * not at all. The difference matters for named ports in egress rules.
 */
export function peerMatch(ra: RuleAnalysis, peer: Endpoint): 'selector' | 'ipBlock' | undefined {
  if (!ra.peers) return 'selector'; // no from/to: every source or destination, in or out of the cluster
  if ('workload' in peer) {
    let viaBlock = false;
    const ip = peer.ip;
    for (const pa of ra.peers) {
      const p = pa.peer;
      const hit = ip && p.kind === 'ipBlock' ? !p.invalid && !!p.cidr && inBlock(ip, p.cidr, p.except) : pa.matches(peer.workload);
      if (!hit) continue;
      if (pa.peer.kind !== 'ipBlock') return 'selector';
      viaBlock = true;
    }
    return viaBlock ? 'ipBlock' : undefined;
  }
  const ip = peer.ip;
  return ra.rule.peers!.some((p) => p.kind === 'ipBlock' && !p.invalid && !!p.cidr && inBlock(ip, p.cidr, p.except)) ? 'ipBlock' : undefined;
}

/** Whether a rule's peers match an endpoint (ports aside). */
export function ruleMatches(ra: RuleAnalysis, peer: Endpoint): boolean {
  return peerMatch(ra, peer) !== undefined;
}

/**
 * The ports an egress rule allows towards a destination. A named port resolves on a pod that a
 * selector peer (or a rule without `to`) reaches; a destination reached only through an
 * `ipBlock`, even a pod whose IP lies in it, gets numeric ports only: "a named port in an
 * egress rule towards an ipBlock matches nothing" (SEMANTICS.md, Ports).
 */
export function egressRulePorts(ra: RuleAnalysis, destination: Endpoint): PortSet {
  const m = peerMatch(ra, destination);
  if (!m) return PortSet.EMPTY;
  return rulePorts(ra.rule, m === 'selector' && 'workload' in destination ? destination.workload : undefined);
}

/** The ports `source` may send to `destination` by its egress policies (every tier) alone. */
export function egressAllowed(s: Snapshot, source: Endpoint, destination: Endpoint): PortSet {
  if (!('workload' in source)) return PortSet.ALL; // only the cluster side's policies apply
  const w = source.workload;
  if (s.tiers.empty) return npEgress(s, w, destination) ?? PortSet.ALL;
  return decideDirection(s.tiers, 'egress', w, destination, () => npEgress(s, w, destination)).allowed;
}

/** What the NetworkPolicies isolating `source` for egress allow; undefined when none does. */
export function npEgress(s: Snapshot, source: Workload, destination: Endpoint): PortSet | undefined {
  const iso = s.isolation(source).egress;
  if (iso.length === 0) return undefined;
  let out = PortSet.EMPTY;
  for (const a of iso) for (const ra of a.egress) out = out.union(egressRulePorts(ra, destination));
  return out;
}

/** The ports `destination` accepts from `source` by its ingress policies (every tier) alone. */
export function ingressAllowed(s: Snapshot, source: Endpoint, destination: Endpoint): PortSet {
  if (!('workload' in destination)) return PortSet.ALL;
  const w = destination.workload;
  if (s.tiers.empty) return npIngress(s, source, w) ?? PortSet.ALL;
  return decideDirection(s.tiers, 'ingress', w, source, () => npIngress(s, source, w)).allowed;
}

/** What the NetworkPolicies isolating `destination` for ingress allow; undefined when none does. */
export function npIngress(s: Snapshot, source: Endpoint, destination: Workload): PortSet | undefined {
  const iso = s.isolation(destination).ingress;
  if (iso.length === 0) return undefined;
  let out = PortSet.EMPTY;
  for (const a of iso) for (const ra of a.ingress) if (ruleMatches(ra, source)) out = out.union(rulePorts(ra.rule, destination));
  return out;
}

/** The ports allowed on a connection from `source` to `destination`. */
export function allowedPorts(s: Snapshot, source: Endpoint, destination: Endpoint): PortSet {
  const eg = egressAllowed(s, source, destination);
  if (eg.isEmpty()) return eg;
  return eg.intersect(ingressAllowed(s, source, destination));
}
