// One direction of a connection through the tiers: Admin (priority, then rule order), the
// NetworkPolicies, Baseline, then the default (allowed). Works on port sets, so one pass decides every port.
import { PortSet } from '../port-set';
import { PROTOCOLS, type Direction, type Workload } from '../types';
import type { ClusterTiers, TierEndpoint } from './tiers';
import type { ClusterPolicy, ClusterRule, RuleAction, Tier } from './types';

/** One link of the chain that decides a direction, with the ports it decided. */
export type ChainStep =
  | { tier: Tier; policy: ClusterPolicy; rule: ClusterRule; action: RuleAction; ports: PortSet }
  | { tier: 'NetworkPolicy'; isolated: boolean; open: PortSet; allowed: PortSet; denied: PortSet }
  | { tier: 'Default'; ports: PortSet };

/** What one direction allows, and the chain of decisions behind it (in evaluation order). */
export interface TierDecision {
  allowed: PortSet;
  chain: ChainStep[];
}

/** `a` without the ports of `b`. */
export function minusPorts(a: PortSet, b: PortSet): PortSet {
  if (b.isEmpty() || a.isEmpty()) return a;
  let out = PortSet.EMPTY;
  for (const p of PROTOCOLS) {
    const cut = b.ranges(p);
    for (const [lo, hi] of a.ranges(p)) {
      let start = lo;
      for (const [clo, chi] of cut) {
        if (chi < start || clo > hi) continue;
        if (clo > start) out = out.union(PortSet.of(p, start, clo - 1));
        start = Math.max(start, chi + 1);
      }
      if (start <= hi) out = out.union(PortSet.of(p, start, hi));
    }
  }
  return out;
}

/**
 * The ports a cluster rule names towards a destination workload. A `destinationNamedPort`
 * resolves on the receiving pod: its container port of that name, with that port's protocol.
 */
export function clusterRulePorts(rule: ClusterRule, destination: Workload | undefined): PortSet {
  if (!rule.ports) return PortSet.ALL;
  let out = PortSet.EMPTY;
  for (const p of rule.ports) {
    if (p.invalid) continue;
    if (p.kind === 'number') out = out.union(PortSet.of(p.protocol, p.first ?? 1, p.last ?? 65535));
    else if (destination) for (const cp of destination.ports) if (cp.name === p.name) out = out.union(PortSet.of(cp.protocol, cp.port, cp.port));
  }
  return out;
}

/**
 * Decides one direction for `self` (the source for egress, the destination for ingress) against
 * `other`. `networkPolicies` gives what the NetworkPolicies allow, or undefined when none isolates
 * `self` in this direction (then the Baseline tier is asked).
 */
export function decideDirection(
  tiers: ClusterTiers, direction: Direction, self: Workload, other: TierEndpoint, networkPolicies: () => PortSet | undefined,
): TierDecision {
  const chain: ChainStep[] = [];
  const destination = direction === 'ingress' ? self : 'workload' in other ? other.workload : undefined;
  let allowed = PortSet.EMPTY;
  const runTier = (tier: Tier, open: PortSet): PortSet => {
    let undecided = open;
    let passed = PortSet.EMPTY;
    for (const policy of tiers.policiesFor(self, tier)) {
      for (const rule of policy[direction]) {
        if (undecided.isEmpty()) break;
        let action = rule.action;
        let ports: PortSet;
        if (rule.broken) {
          // Fail closed, as the API asks: a broken Accept matches nothing, a broken Deny or Pass denies everything.
          if (action === 'Accept') continue;
          action = 'Deny';
          ports = PortSet.ALL;
        } else {
          if (!rule.peers.some((peer) => tiers.peerMatches(peer, other))) continue;
          ports = clusterRulePorts(rule, destination);
        }
        const hit = ports.intersect(undecided);
        if (hit.isEmpty()) continue;
        undecided = minusPorts(undecided, hit);
        if (action === 'Accept') allowed = allowed.union(hit);
        else if (action === 'Pass') passed = passed.union(hit);
        chain.push({ tier, policy, rule, action, ports: hit });
      }
    }
    return undecided.union(passed);
  };
  let open = runTier('Admin', PortSet.ALL);
  if (!open.isEmpty()) {
    const np = networkPolicies();
    if (np) {
      const ok = np.intersect(open);
      allowed = allowed.union(ok);
      chain.push({ tier: 'NetworkPolicy', isolated: true, open, allowed: ok, denied: minusPorts(open, ok) });
      open = PortSet.EMPTY;
    } else {
      chain.push({ tier: 'NetworkPolicy', isolated: false, open, allowed: PortSet.EMPTY, denied: PortSet.EMPTY });
      open = runTier('Baseline', open);
      if (!open.isEmpty()) {
        allowed = allowed.union(open);
        chain.push({ tier: 'Default', ports: open });
      }
    }
  }
  return { allowed, chain };
}
