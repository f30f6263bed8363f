// The cluster policies of one snapshot in evaluation order, and what their subjects and peers
// match. Pure; host-network pods are never selected by subjects or namespaces/pods peers.
import { matchesLabels } from '../label-selector';
import type { IpAddress, Namespace, Workload } from '../types';
import type { ClusterPeer, ClusterPolicy, NodeFact, Subject, Tier } from './types';

/** A workload, or an address (a workload given by one pod IP keeps that IP). Same shape as connectivity's Endpoint. */
export type TierEndpoint = { workload: Workload; ip?: IpAddress } | { ip: IpAddress };

/**
 * Evaluation order within a tier: priority ascending, then name, then file and offset. Two
 * policies of one tier with the same priority are left to the implementation by the API; the
 * engine reads them by name (check `cluster-policy-same-priority` warns). A
 * BaselineAdminNetworkPolicy (no priority) comes after every Baseline ClusterNetworkPolicy.
 */
export function compareClusterPolicies(a: ClusterPolicy, b: ClusterPolicy): number {
  const pa = a.priority ?? 1001, pb = b.priority ?? 1001;
  if (pa !== pb) return pa - pb;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.span.start - b.span.start;
}

/** The cluster policies of a snapshot, sorted per tier, with per-workload caches. */
export class ClusterTiers {
  readonly admin: readonly ClusterPolicy[];
  readonly baseline: readonly ClusterPolicy[];
  private readonly selected = new Map<Workload, { Admin: ClusterPolicy[]; Baseline: ClusterPolicy[] }>();

  constructor(
    readonly policies: readonly ClusterPolicy[],
    readonly nodes: readonly NodeFact[],
    private readonly namespaces: ReadonlyMap<string, Namespace>,
  ) {
    const sorted = [...policies].sort(compareClusterPolicies);
    this.admin = sorted.filter((p) => p.tier === 'Admin');
    this.baseline = sorted.filter((p) => p.tier === 'Baseline');
  }

  /** Whether there is no cluster policy at all: NetworkPolicies alone decide, as before. */
  get empty(): boolean {
    return this.policies.length === 0;
  }

  /** The policies of a tier whose subject selects the workload, in evaluation order. */
  policiesFor(w: Workload, tier: Tier): readonly ClusterPolicy[] {
    let entry = this.selected.get(w);
    if (!entry) {
      entry = { Admin: this.admin.filter((p) => this.subjectSelects(p.subject, w)), Baseline: this.baseline.filter((p) => this.subjectSelects(p.subject, w)) };
      this.selected.set(w, entry);
    }
    return entry[tier];
  }

  /** Whether a subject selects a workload (never a host-network one). */
  subjectSelects(subject: Subject, w: Workload): boolean {
    if (subject.kind === 'invalid' || w.hostNetwork) return false;
    if (!this.namespaceMatches(subject.namespaceSelector, w.namespace)) return false;
    return subject.kind === 'namespaces' || matchesLabels(subject.podSelector, w.labels);
  }

  /**
   * Whether a valid peer matches an endpoint. `networks` match addresses, and workloads whose
   * known pod IPs all lie inside (as ipBlocks do); `nodes` match the addresses of the workspace's
   * Nodes it selects; `domainNames` cannot be decided offline and match nothing here.
   */
  peerMatches(peer: ClusterPeer, e: TierEndpoint): boolean {
    switch (peer.kind) {
      case 'namespaces':
      case 'pods': {
        if (!('workload' in e) || e.workload.hostNetwork) return false;
        if (!this.namespaceMatches(peer.namespaceSelector, e.workload.namespace)) return false;
        return peer.kind === 'namespaces' || matchesLabels(peer.podSelector, e.workload.labels);
      }
      case 'networks': {
        // A dual-stack pod is compared in the families the peer names (as ipBlocks compare in theirs).
        const families = new Set(peer.cidrs.map((c) => c.family));
        const inside = (ip: IpAddress) => peer.cidrs.some((c) => c.family === ip.family && ip.value >= c.first && ip.value <= c.last);
        return !peer.invalid && addressesMatch(e, inside, families);
      }
      case 'nodes': {
        const nodes = this.nodes.filter((n) => matchesLabels(peer.nodeSelector, n.labels));
        return addressesMatch(e, (ip) => nodes.some((n) => n.addresses.some((a) => a.family === ip.family && a.value === ip.value)));
      }
      default:
        return false;
    }
  }

  private namespaceMatches(sel: Parameters<typeof matchesLabels>[0], name: string): boolean {
    const ns = this.namespaces.get(name);
    return matchesLabels(sel, ns ? ns.labels : new Map([['kubernetes.io/metadata.name', name]]));
  }
}

/**
 * An address matches when `inside` holds; a workload when it has known pod IPs and every pod's IPs
 * (of the given families, if any) are inside, at least one per pod. Templates have no IP and never match.
 */
function addressesMatch(e: TierEndpoint, inside: (ip: IpAddress) => boolean, families?: ReadonlySet<number>): boolean {
  if (e.ip) return inside(e.ip);
  if (!('workload' in e)) return false;
  const w = e.workload;
  return w.podIps.length > 0 && w.podIps.every((ips) => {
    const own = families ? ips.filter((ip) => families.has(ip.family)) : ips;
    return own.length > 0 && own.every(inside);
  });
}
