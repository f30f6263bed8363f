// What a pod peer reaches in the workspace, computed once per policy analysis: whether it
// matches any workload, whether that answer is provable, and the host-network pods it matches.
import { matchesLabels } from '../label-selector';
import type { PeerAnalysis, Snapshot } from '../snapshot';
import type { LabelSelector, Workload } from '../types';
import { memo } from './context';

const NS_NAME = 'kubernetes.io/metadata.name';

/** Namespaces every cluster has, whether or not the workspace mentions them. */
export const BUILT_IN_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * System namespaces: their pods (CoreDNS, kube-proxy...) run in every cluster but are rarely
 * in a repository, so with none of their workloads indexed, their content is unknown.
 */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/**
 * Whether the workspace cannot tell what runs in a namespace: a system namespace none of whose
 * workloads is indexed, or one `.netpol-lens.yaml` declares as existing outside the workspace.
 */
export function contentUnknown(s: Snapshot, ns: string): boolean {
  return (SYSTEM_NAMESPACES.has(ns) && s.index.inNamespace(ns).length === 0) || s.elsewhere.declaredNamespaces.has(ns);
}

/** Built-in namespaces the workspace does not show that a namespaceSelector still matches. */
export function implicitNamespaces(s: Snapshot, sel: LabelSelector): string[] {
  return BUILT_IN_NAMESPACES.filter((name) => !s.namespaces.has(name) && matchesLabels(sel, new Map([[NS_NAME, name]])));
}

/** What a pod peer reaches. */
export interface PeerReach {
  /** Whether the peer matches at least one workload of the workspace. */
  matchesSome: boolean;
  /** Whether "matches nothing" is provable: it reaches no namespace of unknown content. */
  known: boolean;
  /** Built-in namespaces it reaches that the workspace does not show. */
  implicit: string[];
  /** The host-network workloads it matches. */
  hostNetwork: Workload[];
}

const reaches = new WeakMap<PeerAnalysis, PeerReach>();

/** What a pod peer reaches: existence tests on the index, never a list of every match. */
export function peerReach(s: Snapshot, pa: PeerAnalysis): PeerReach {
  return memo(reaches, pa, () => {
    const peer = pa.peer;
    if (peer.kind !== 'pods') return { matchesSome: false, known: true, implicit: [], hostNetwork: [] };
    const pod = peer.podSelector;
    const matchesSome = pa.namespaces.some((ns) => (pod ? s.index.any(ns, pod) : s.index.inNamespace(ns).length > 0));
    const implicit = peer.namespaceSelector ? implicitNamespaces(s, peer.namespaceSelector) : [];
    const known = implicit.every((ns) => !SYSTEM_NAMESPACES.has(ns)) && !pa.namespaces.some((ns) => contentUnknown(s, ns));
    return { matchesSome, known, implicit, hostNetwork: s.index.withHostNetwork().filter((w) => pa.matches(w)) };
  });
}
