// The chain of tiers behind one direction of an explained connection: which Admin rule, which
// NetworkPolicies, which Baseline rule or the default decided, as data and as one line of text.
import { decideDirection, type ChainStep } from './evaluate';
import type { TierEndpoint } from './tiers';
import { PortSet } from '../port-set';
import type { Snapshot } from '../snapshot';
import type { Direction, Protocol, Span, Workload } from '../types';

/** One link of an explained chain, plain data for the CLI and the editor. */
export interface ChainLink {
  tier: 'Admin' | 'NetworkPolicy' | 'Baseline' | 'Default';
  /** Accept, Deny or Pass for a cluster rule; Allow or Deny for the NetworkPolicies; Allow for the default. */
  action: 'Accept' | 'Deny' | 'Pass' | 'Allow';
  /** The ports this link decided (those left undecided by the links before it). */
  ports: PortSet;
  /** `cnp/NAME` (`anp/`, `banp/` for v1alpha1), or `NS/NAME` of NetworkPolicies. */
  policies: string[];
  priority?: number;
  rule?: { direction: Direction; index: number; name?: string };
  file?: string;
  span?: Span;
  text: string;
}

/** What one direction allows through every tier, and the chain that decided it. */
export interface TieredVerdict {
  allowed: PortSet;
  chain: ChainLink[];
}

const PREFIX = { ClusterNetworkPolicy: 'cnp', AdminNetworkPolicy: 'anp', BaselineAdminNetworkPolicy: 'banp' } as const;

/**
 * The chain for `self` in one direction. `networkPolicies` is what the NetworkPolicies isolating
 * `self` allow (undefined: none does) and `allowing` names those that allow each port. With a
 * port, only the links that decided that port are kept.
 */
export function tierChain(
  s: Snapshot, direction: Direction, self: Workload, other: TierEndpoint, networkPolicies: PortSet | undefined,
  allowing: { name: string; ports: PortSet }[], port?: { protocol: Protocol; port: number },
): TieredVerdict {
  const d = decideDirection(s.tiers, direction, self, other, () => networkPolicies);
  const chain: ChainLink[] = [];
  // With a port, each link speaks of that port only: "Pass (TCP 80)", not every port the rule passed.
  const only = port ? PortSet.of(port.protocol, port.port, port.port) : undefined;
  for (const step of d.chain) for (const link of links(only ? narrow(step, only) : step, allowing)) {
    if (!port || link.ports.has(port.protocol, port.port)) chain.push(link);
  }
  return { allowed: d.allowed, chain };
}

function narrow(step: ChainStep, only: PortSet): ChainStep {
  if (step.tier === 'Default') return { ...step, ports: step.ports.intersect(only) };
  if (step.tier === 'NetworkPolicy') {
    return { ...step, open: step.open.intersect(only), allowed: step.allowed.intersect(only), denied: step.denied.intersect(only) };
  }
  return { ...step, ports: step.ports.intersect(only) };
}

function links(step: ChainStep, allowing: { name: string; ports: PortSet }[]): ChainLink[] {
  if (step.tier === 'Default') {
    return [{ tier: 'Default', action: 'Allow', ports: step.ports, policies: [], text: `default: allowed (${step.ports.describe()})` }];
  }
  if (step.tier === 'NetworkPolicy') {
    if (!step.isolated) {
      return [{ tier: 'NetworkPolicy', action: 'Pass', ports: step.open, policies: [], text: 'NetworkPolicy: none selects the pod, next tier' }];
    }
    const out: ChainLink[] = [];
    if (!step.allowed.isEmpty()) {
      const names = allowing.filter((a) => !a.ports.intersect(step.allowed).isEmpty()).map((a) => a.name);
      const text = `NetworkPolicy: ${names.join(', ')} allows (${step.allowed.describe()})`;
      out.push({ tier: 'NetworkPolicy', action: 'Allow', ports: step.allowed, policies: names, text });
    }
    if (!step.denied.isEmpty()) {
      const text = `NetworkPolicy: isolated, no rule allows (${step.denied.describe()})`;
      out.push({ tier: 'NetworkPolicy', action: 'Deny', ports: step.denied, policies: [], text });
    }
    return out;
  }
  const p = step.policy;
  const name = `${PREFIX[p.origin]}/${p.name}`;
  const prio = p.priority === undefined ? '' : ` priority ${p.priority}`;
  const ruleName = step.rule.name ? ` "${step.rule.name}"` : '';
  const broken = step.rule.broken ? ' (invalid, fails closed)' : '';
  return [{
    tier: step.tier, action: step.action, ports: step.ports, policies: [name], priority: p.priority,
    rule: { direction: step.rule.direction, index: step.rule.index, name: step.rule.name }, file: p.file, span: step.rule.span,
    text: `${step.tier} tier: ${name}${prio} ${step.rule.direction}[${step.rule.index}]${ruleName} ${step.action}${broken} (${step.ports.describe()})`,
  }];
}

/** The chain as one line: "Admin tier: cnp/x priority 10 ingress[2] Pass (…) → NetworkPolicy: ns/y allows (…) → ALLOWED". */
export function chainText(v: TieredVerdict, port?: { protocol: Protocol; port: number }): string {
  const ok = port ? v.allowed.has(port.protocol, port.port) : !v.allowed.isEmpty();
  return [...v.chain.map((l) => l.text), ok ? 'ALLOWED' : 'DENIED'].join(' → ');
}
