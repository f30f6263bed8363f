// explain(from, to, port?): the verdict on one connection and the policies and rules that
// isolate or allow each direction, with spans, so the editor and CLI can link to them.
import { egressRulePorts, ruleMatches, rulePorts, type Endpoint } from './connectivity';
import { PortSet } from './port-set';
import { tierChain, type ChainLink } from './cluster-policy/explain-chain';
import type { PolicyAnalysis, Snapshot } from './snapshot';
import type { Direction, Protocol, Span } from './types';

/** A reference to a policy, for display and links. */
export interface PolicyRef {
  name: string;
  namespace: string;
  file: string;
  span: Span;
}

/** A rule that admits the connection in one direction, with the ports it admits. */
export interface AllowingRule {
  policy: PolicyRef;
  direction: Direction;
  index: number;
  span: Span;
  ports: PortSet;
}

/** The verdict of one direction (egress of the source, or ingress of the destination). */
export interface DirectionVerdict {
  /** False when this side is outside the cluster: no policy applies. */
  applies: boolean;
  isolated: boolean;
  isolatingPolicies: PolicyRef[];
  allowingRules: AllowingRule[];
  allowed: PortSet;
  /** With cluster policies: every tier that decided this direction, in order (cluster-policy/explain-chain.ts). */
  chain?: ChainLink[];
}

/** The full answer to "may `from` reach `to`?". */
export interface Explanation {
  /** Ports allowed end to end. */
  allowedPorts: PortSet;
  /** With a port: whether that port is allowed. Without: whether anything is. */
  allowed: boolean;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
}

/** Explains one connection; `port` narrows the verdict to one protocol and port. */
export function explain(s: Snapshot, from: Endpoint, to: Endpoint, port?: { protocol: Protocol; port: number }): Explanation {
  const egress = side(s, 'egress', from, to, port);
  const ingress = side(s, 'ingress', from, to, port);
  const allowedPorts = egress.allowed.intersect(ingress.allowed);
  const allowed = port ? allowedPorts.has(port.protocol, port.port) : !allowedPorts.isEmpty();
  return { allowedPorts, allowed, egress, ingress };
}

function side(s: Snapshot, direction: Direction, from: Endpoint, to: Endpoint, port?: { protocol: Protocol; port: number }): DirectionVerdict {
  const self = direction === 'egress' ? from : to;
  const other = direction === 'egress' ? to : from;
  if (!('workload' in self)) return { applies: false, isolated: false, isolatingPolicies: [], allowingRules: [], allowed: PortSet.ALL };
  const iso: PolicyAnalysis[] = s.isolation(self.workload)[direction];
  const allowingRules: AllowingRule[] = [];
  const destination = 'workload' in to ? to.workload : undefined;
  for (const a of iso) {
    for (const ra of a[direction]) {
      let ports: PortSet;
      if (direction === 'egress') ports = egressRulePorts(ra, to);
      else if (ruleMatches(ra, other)) ports = rulePorts(ra.rule, destination);
      else continue;
      if (!ports.isEmpty()) allowingRules.push({ policy: ref(a), direction, index: ra.rule.index, span: ra.rule.span, ports });
    }
  }
  const allowed = iso.length === 0 ? PortSet.ALL : allowingRules.reduce((acc, r) => acc.union(r.ports), PortSet.EMPTY);
  const verdict: DirectionVerdict = { applies: true, isolated: iso.length > 0, isolatingPolicies: iso.map(ref), allowingRules, allowed };
  if (s.tiers.empty) return verdict;
  const names = allowingRules.map((r) => ({ name: `${r.policy.namespace}/${r.policy.name}`, ports: r.ports }));
  const tiered = tierChain(s, direction, self.workload, other, verdict.isolated ? allowed : undefined, names, port);
  return { ...verdict, allowed: tiered.allowed, chain: tiered.chain };
}

/** What a side says when no policy isolates it in that direction. */
export const NOT_ISOLATED_TEXT = 'not isolated (no policy in the workspace selects it for this direction), everything allowed';

/** What a side outside the cluster says. */
export const OUTSIDE_TEXT = 'outside the cluster, no policy applies';

/**
 * What an isolated side's policies allow for this one connection, naming the other end:
 * "allow nothing from analytics/analytics", "allow TCP 5432 to shop/database". Never a bare
 * "allows nothing": the same policies may allow other connections.
 */
export function sideAllows(v: DirectionVerdict, direction: Direction, other: string): string {
  const n = v.isolatingPolicies.length;
  return `${n === 1 ? 'which allows' : 'which together allow'} ${v.allowed.describe()} ${direction === 'egress' ? 'to' : 'from'} ${other}`;
}

/** What an isolated side with no allowing rule says under its policies. */
export function noRuleText(v: DirectionVerdict): string {
  return v.isolatingPolicies.length === 1 ? 'no rule of this policy matches' : 'no rule of these policies matches';
}

function ref(a: PolicyAnalysis): PolicyRef {
  const p = a.policy;
  return { name: p.name, namespace: p.namespace, file: p.file, span: p.span };
}
