// Plain-English phrases for selectors, peers, ports and rules, shared by hovers, lenses and
// symbols. "Allows TCP 5432 from pods labelled app=backend in namespace shop".
import { describeSelector, isEmptySelector } from '../label-selector';
import type { LabelSelector, Peer, Policy, PolicyPort, Rule } from '../types';

const NS_NAME = 'kubernetes.io/metadata.name';

/** "namespace shop", "namespaces labelled team=x", "every namespace". */
export function namespacePhrase(sel: LabelSelector): string {
  if (sel.invalid) return 'no namespace (the selector is invalid)';
  if (isEmptySelector(sel)) return 'every namespace';
  if (sel.matchLabels.length === 1 && sel.matchExpressions.length === 0 && sel.matchLabels[0]![0] === NS_NAME) return `namespace ${sel.matchLabels[0]![1]}`;
  const nameIn = sel.matchExpressions.length === 1 && sel.matchLabels.length === 0 ? sel.matchExpressions[0]! : undefined;
  if (nameIn && nameIn.key === NS_NAME && nameIn.operator === 'In') return `namespace${nameIn.values.length > 1 ? 's' : ''} ${nameIn.values.join(', ')}`;
  return `namespaces labelled ${describeSelector(sel)}`;
}

/** "pods labelled app=web", "every pod". */
export function podPhrase(sel: LabelSelector | undefined): string {
  if (!sel || isEmptySelector(sel)) return 'every pod';
  if (sel.invalid) return 'no pod (the selector is invalid)';
  return `pods labelled ${describeSelector(sel)}`;
}

/** One peer in words, relative to the policy's namespace. */
export function peerPhrase(peer: Peer, policyNamespace: string): string {
  if (peer.kind === 'invalid') return `nothing (${peer.reason})`;
  if (peer.kind === 'ipBlock') {
    if (peer.invalid || !peer.cidr) return 'nothing (the ipBlock is invalid)';
    return `addresses in ${peer.cidr.text}${peer.except.length ? ` except ${peer.except.map((e) => e.text).join(', ')}` : ''}`;
  }
  const ns = peer.namespaceSelector ? namespacePhrase(peer.namespaceSelector) : `namespace ${policyNamespace}`;
  return `${podPhrase(peer.podSelector)} in ${ns}`;
}

/** One ports item in words: "TCP 5432", "TCP 8000-8080", "UDP (any port)", "TCP port named http". */
export function portPhrase(p: PolicyPort): string {
  if (p.invalid) return `nothing (invalid port)`;
  if (p.port === undefined) return `${p.protocol} (any port)`;
  if (typeof p.port === 'string') return `${p.protocol} port named ${p.port}`;
  return p.endPort !== undefined && p.endPort !== p.port ? `${p.protocol} ${p.port}-${p.endPort}` : `${p.protocol} ${p.port}`;
}

/** "Allows TCP 5432 from pods labelled app=backend in namespace shop". */
export function rulePhrase(policy: Policy, rule: Rule): string {
  const ports = rule.ports ? joinOr(rule.ports.map(portPhrase)) : 'all ports';
  const dir = rule.direction === 'ingress' ? 'from' : 'to';
  const peers = rule.peers ? joinOr(rule.peers.map((p) => peerPhrase(p, policy.namespace))) : rule.direction === 'ingress' ? 'anywhere (every pod and every address)' : 'anywhere (every pod and every address)';
  return `Allows ${ports} ${dir} ${peers}`;
}

/** Joins with commas and a final "or". */
export function joinOr(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

/** "1 workload", "3 workloads". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
