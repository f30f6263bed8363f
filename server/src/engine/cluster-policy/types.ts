// The model of cluster-scoped policies (ClusterNetworkPolicy v1alpha2, and the v1alpha1
// AdminNetworkPolicy / BaselineAdminNetworkPolicy read into it). Plain data with spans.
import type { Cidr, IpAddress, LabelSelector, Policy, Protocol, Span } from '../types';

/** The tier a cluster policy sits in: Admin before NetworkPolicies, Baseline after. */
export type Tier = 'Admin' | 'Baseline';

/** What a rule does to the traffic it matches. */
export type RuleAction = 'Accept' | 'Deny' | 'Pass';

/** The kind of object a cluster policy was read from. */
export type ClusterPolicyOrigin = 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';

/** The pods a cluster policy applies to; `invalid` selects nothing. */
export type Subject =
  | { kind: 'namespaces'; namespaceSelector: LabelSelector; span: Span }
  | { kind: 'pods'; namespaceSelector: LabelSelector; podSelector: LabelSelector; span: Span }
  | { kind: 'invalid'; span: Span; reason: string };

/** One `from`/`to` item of a cluster policy rule. */
export type ClusterPeer =
  | { kind: 'namespaces'; namespaceSelector: LabelSelector; span: Span }
  | { kind: 'pods'; namespaceSelector: LabelSelector; podSelector: LabelSelector; span: Span }
  | { kind: 'networks'; cidrs: Cidr[]; span: Span; invalid: boolean }
  | { kind: 'nodes'; nodeSelector: LabelSelector; span: Span }
  | { kind: 'domainNames'; names: string[]; span: Span }
  | { kind: 'invalid'; span: Span; reason: string };

/** One `protocols` (v1alpha2) or `ports` (v1alpha1) item; `invalid` items make the rule fail closed. */
export type ClusterPort =
  | { kind: 'number'; protocol: Protocol; first?: number; last?: number; span: Span; invalid: boolean }
  | { kind: 'named'; name: string; span: Span; invalid: boolean };

/** One ingress or egress rule of a cluster policy. */
export interface ClusterRule {
  direction: 'ingress' | 'egress';
  index: number;
  name?: string;
  /** The action as read (v1alpha1 Allow is Accept); an unknown action fails closed (Deny). */
  action: RuleAction;
  /** The action as written, e.g. `Allow` in a v1alpha1 object. */
  actionWritten: string;
  span: Span;
  actionSpan?: Span;
  peers: ClusterPeer[];
  /** undefined: every protocol and port. */
  ports?: ClusterPort[];
  /** Set when some part is invalid: an Accept rule then matches nothing, Deny and Pass deny all. */
  broken: boolean;
}

/** A cluster-scoped policy in the Admin or Baseline tier. */
export interface ClusterPolicy {
  kind: 'ClusterNetworkPolicy';
  /** Unique for the life of the process, like a NetworkPolicy's id. */
  id: number;
  name: string;
  apiVersion: string;
  origin: ClusterPolicyOrigin;
  tier: Tier;
  /** 0-1000, lower first; undefined for a BaselineAdminNetworkPolicy (evaluated after the Baseline CNPs). */
  priority?: number;
  prioritySpan?: Span;
  file: string;
  span: Span;
  nameSpan?: Span;
  subject: Subject;
  ingress: ClusterRule[];
  egress: ClusterRule[];
}

/** A Node: its labels and the IP addresses in `status.addresses` (`nodes` peers match them). */
export interface NodeFact {
  name: string;
  labels: Map<string, string>;
  addresses: IpAddress[];
  file: string;
  span: Span;
}

/** Any policy the engine reads: the tagged union of the namespaced and the cluster-scoped kinds. */
export type AnyPolicy = Policy | ClusterPolicy;
