// An immutable view of the workspace at one moment: namespaces, workloads, policies, the
// workload index, and per-policy analyses computed once and cached by policy id.
import { matchesLabels } from './label-selector';
import { inBlock } from './ip';
import { WorkloadIndex } from './workload-index';
import { Elsewhere } from './elsewhere';
import { ClusterTiers } from './cluster-policy/tiers';
import type { ClusterPolicy, NodeFact } from './cluster-policy/types';
import type { Cidr, IpAddress, Namespace, Peer, Policy, Rule, Workload } from './types';

/** What one peer of a rule matches. */
export interface PeerAnalysis {
  peer: Peer;
  /** Namespaces the peer reaches (pod peers only). */
  namespaces: string[];
  /** Whether the peer matches a workload: a constant-time test, no list needed. */
  matches(w: Workload): boolean;
  /** The workloads the peer matches, listed on first use (hovers, lenses, completion counts). */
  readonly workloads: Workload[];
}

/** What one rule admits, before ports. */
export interface RuleAnalysis {
  rule: Rule;
  /** undefined: the rule has no `from`/`to`, so it admits every peer. */
  peers?: PeerAnalysis[];
}

/** A policy with the workloads it selects and what each rule matches. */
export interface PolicyAnalysis {
  policy: Policy;
  selected: Workload[];
  ingress: RuleAnalysis[];
  egress: RuleAnalysis[];
}

/** The policies that isolate a workload, per direction. */
export interface Isolation {
  ingress: PolicyAnalysis[];
  egress: PolicyAnalysis[];
}

const NOT_ISOLATED: Isolation = { ingress: [], egress: [] };

/** A consistent view for queries; never mutated after construction except for its caches. */
export class Snapshot {
  readonly index: WorkloadIndex;
  private isolationByWorkload?: Map<Workload, Isolation>;
  private clusterTiers?: ClusterTiers;

  constructor(
    readonly namespaces: ReadonlyMap<string, Namespace>,
    readonly workloads: readonly Workload[],
    readonly policies: readonly Policy[],
    index: WorkloadIndex | undefined,
    private readonly analyses: Map<number, PolicyAnalysis>,
    /** Pods outside the workspace that Services, operators' resources or the config tell of. */
    readonly elsewhere: Elsewhere = new Elsewhere(),
    /** ClusterNetworkPolicies (Admin and Baseline tiers), a list apart from the NetworkPolicies. */
    readonly clusterPolicies: readonly ClusterPolicy[] = [],
    /** Nodes, which `nodes` peers of cluster policies match by address. */
    readonly nodes: readonly NodeFact[] = [],
  ) {
    this.index = index ?? new WorkloadIndex(workloads);
  }

  /** The cluster policies in evaluation order, with what their subjects and peers match. */
  get tiers(): ClusterTiers {
    return (this.clusterTiers ??= new ClusterTiers(this.clusterPolicies, this.nodes, this.namespaces));
  }

  /** The namespaces whose labels a selector matches. */
  matchingNamespaces(sel: Parameters<typeof matchesLabels>[0]): Namespace[] {
    const out: Namespace[] = [];
    for (const ns of this.namespaces.values()) if (matchesLabels(sel, ns.labels)) out.push(ns);
    return out;
  }

  /** What a policy selects and what its rules match; computed once per snapshot lineage. */
  analyze(policy: Policy): PolicyAnalysis {
    let a = this.analyses.get(policy.id);
    if (!a) {
      a = {
        policy,
        selected: this.index.select(policy.namespace, policy.podSelector),
        ingress: policy.ingress.map((r) => this.analyzeRule(policy, r)),
        egress: policy.egress.map((r) => this.analyzeRule(policy, r)),
      };
      this.analyses.set(policy.id, a);
    }
    return a;
  }

  /** Analyzes every policy (the benchmark's "analysis" step). */
  analyzeAll(): PolicyAnalysis[] {
    return this.policies.map((p) => this.analyze(p));
  }

  /** The policies that select a workload and isolate it, per direction. */
  isolation(w: Workload): Isolation {
    if (!this.isolationByWorkload) {
      const m = new Map<Workload, Isolation>();
      for (const a of this.analyzeAll()) {
        for (const sw of a.selected) {
          let iso = m.get(sw);
          if (!iso) m.set(sw, (iso = { ingress: [], egress: [] }));
          if (a.policy.isolates.ingress) iso.ingress.push(a);
          if (a.policy.isolates.egress) iso.egress.push(a);
        }
      }
      this.isolationByWorkload = m;
    }
    return this.isolationByWorkload.get(w) ?? NOT_ISOLATED;
  }

  /** The workloads with a pod of this IP (`status.podIP(s)`): host-network pods share their node's. */
  workloadsWithIp(ip: IpAddress): Workload[] {
    return this.index.withIps().filter((w) => w.ips.some((x) => x.family === ip.family && x.value === ip.value));
  }

  /** The workloads with a known pod IP inside a CIDR. */
  workloadsInCidr(cidr: Cidr): Workload[] {
    return this.index.withIps().filter((w) => w.ips.some((x) => x.family === cidr.family && x.value >= cidr.first && x.value <= cidr.last));
  }

  /** Workloads named `ns/name` or `ns/kind/name` (kind case-insensitive). */
  findWorkloads(ref: string): Workload[] {
    const parts = ref.split('/');
    if (parts.length === 2) return this.workloads.filter((w) => w.namespace === parts[0] && w.name === parts[1]);
    if (parts.length === 3) return this.workloads.filter((w) => w.namespace === parts[0] && w.kind.toLowerCase() === parts[1]!.toLowerCase() &&
      w.name === parts[2]);
    return [];
  }

  private analyzeRule(policy: Policy, rule: Rule): RuleAnalysis {
    if (!rule.peers) return { rule };
    return { rule, peers: rule.peers.map((p) => this.analyzePeer(policy, p)) };
  }

  private analyzePeer(policy: Policy, peer: Peer): PeerAnalysis {
    // The lists are made on first use, from the index, never from `this`: an analysis outlives
    // its snapshot (it is reused by later ones), and must not keep the old snapshot alive.
    const index = this.index;
    const lazy = (namespaces: string[], matches: (w: Workload) => boolean, list: () => Workload[]): PeerAnalysis => {
      let cached: Workload[] | undefined;
      return { peer, namespaces, matches, get workloads() { return (cached ??= list()); } };
    };
    if (peer.kind === 'invalid') return lazy([], () => false, () => []);
    if (peer.kind === 'ipBlock') {
      // An ipBlock matches a workload only when each of its pods has a known IP of the block's
      // family inside it (a dual-stack pod has one of each; the other family is not compared).
      // A pod without a known IP never matches, so neither does its workload; templates have none.
      const cidr = peer.cidr;
      if (peer.invalid || !cidr) return lazy([], () => false, () => []);
      const matches = (w: Workload) => w.podIps.length > 0 && w.podIps.every((ips) => {
        const own = ips.filter((ip) => ip.family === cidr.family);
        return own.length > 0 && own.every((ip) => inBlock(ip, cidr, peer.except));
      });
      return lazy([], matches, () => index.withIps().filter(matches));
    }
    // Only podSelector: the policy's own namespace. With namespaceSelector: the namespaces it matches.
    const namespaces = peer.namespaceSelector ? this.matchingNamespaces(peer.namespaceSelector).map((n) => n.name) : [policy.namespace];
    const nsSet = new Set(namespaces);
    const podSel = peer.podSelector;
    const matches = (w: Workload) => nsSet.has(w.namespace) && (!podSel || matchesLabels(podSel, w.labels));
    return lazy(namespaces, matches, () => namespaces.flatMap((ns) => (podSel ? index.select(ns, podSel) : [...index.inNamespace(ns)])));
  }
}
