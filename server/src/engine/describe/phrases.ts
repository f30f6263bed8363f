// Plain-English phrases for selectors, peers, ports and rules, shared by hovers, lenses and
// symbols: "Allows TCP 5432 from pods labelled app=backend in namespace shop". Pure text.
import { describeSelector, isEmptySelector } from '../label-selector';
import type { PortSet } from '../port-set';
import { selectorReached } from '../rule-admits';
import type { PolicyAnalysis } from '../snapshot';
import { PROTOCOLS, type LabelSelector, type Peer, type Policy, type PolicyPort, type Rule, type Workload } from '../types';

const NS_NAME = 'kubernetes.io/metadata.name';

/** "1 workload", "3 workloads". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** Why the manifests cannot count a kind's pods. */
const UNCOUNTED: Record<string, string> = { DaemonSet: 'one per node', CronJob: 'a Job per scheduled run' };

/** Why one workload's pods cannot be counted: its kind's reason, else a count that is no number. */
function uncounted(w: Workload): string {
  return UNCOUNTED[w.kind] ?? `${w.kind === 'Job' ? 'parallelism' : 'replicas'} not a number`;
}

/**
 * How many pods some workloads have by their manifests: "3 pods"; with a DaemonSet or a
 * CronJob, whose pods the manifests cannot count, "2 pods, plus the pods of 1 DaemonSet (one per
 * node), unknown offline". A workload is never called a pod.
 */
export function podsPhrase(ws: readonly Workload[]): string {
  let n = 0;
  const unknown: Workload[] = [];
  for (const w of ws) if (w.pods === undefined) unknown.push(w); else n += w.pods;
  if (unknown.length === 0) return count(n, 'pod');
  // Grouped by kind and reason: "1 DaemonSet (one per node) and 1 Deployment (replicas not a number)".
  const groups = new Map<string, number>();
  for (const w of unknown) { const k = `${w.kind}\0${uncounted(w)}`; groups.set(k, (groups.get(k) ?? 0) + 1); }
  const whose = joinAnd([...groups].map(([k, m]) => { const [kind, why] = k.split('\0'); return `${count(m, kind!)} (${why})`; }));
  return `${ws.length > unknown.length ? `${count(n, 'pod')}, plus ` : ''}the pods of ${whose}, unknown offline`;
}

/** One workload's pods: "2 by the manifests", "unknown offline (one per node)". */
export function podsOfOne(w: Workload): string {
  return w.pods === undefined ? `unknown offline (${uncounted(w)})` : `${w.pods} by the manifests`;
}

/** Joins with commas and a final "or": "a, b or c". */
export function joinOr(parts: readonly string[]): string {
  return joinLast(parts, 'or');
}

/** Joins with commas and a final "and": "a, b and c". */
export function joinAnd(parts: readonly string[]): string {
  return joinLast(parts, 'and');
}

function joinLast(parts: readonly string[], word: string): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} ${word} ${parts[parts.length - 1]}`;
}

/** The namespace names a selector pins by `kubernetes.io/metadata.name` alone, if that is all it says. */
function pinnedNames(sel: LabelSelector): string[] | undefined {
  if (sel.matchLabels.length === 1 && sel.matchExpressions.length === 0 && sel.matchLabels[0]![0] === NS_NAME) return [sel.matchLabels[0]![1]];
  const e = sel.matchExpressions.length === 1 && sel.matchLabels.length === 0 ? sel.matchExpressions[0]! : undefined;
  if (e && e.key === NS_NAME && e.operator === 'In') return e.values;
  return undefined;
}

/**
 * "pods labelled app=web", "pods with tier absent or not in (be)", "pods without label app":
 * "labelled" only where the selector's first condition is a label value.
 */
function labelled(noun: string, sel: LabelSelector): string {
  const first = sel.matchLabels.length ? 'In' : sel.matchExpressions[0]?.operator;
  const text = describeSelector(sel);
  return first === 'In' ? `${noun} labelled ${text}` : first === 'NotIn' ? `${noun} with ${text}` : `${noun} ${text}`;
}

/** "namespace shop", "namespaces web, shop", "namespaces labelled team=x", "every namespace". */
export function namespacePhrase(sel: LabelSelector): string {
  if (sel.invalid) return 'no namespace (the selector is invalid)';
  if (isEmptySelector(sel)) return 'every namespace';
  const names = pinnedNames(sel);
  if (names) return `namespace${names.length > 1 ? 's' : ''} ${joinAnd(names)}`;
  return labelled('namespaces', sel);
}

/** "pods labelled app=web", "every pod"; a missing selector is every pod too (peers). */
export function podPhrase(sel: LabelSelector | undefined): string {
  if (!sel || isEmptySelector(sel)) return 'every pod';
  if (sel.invalid) return 'no pod (the selector is invalid)';
  return labelled('pods', sel);
}

/**
 * One peer in words, relative to the policy's namespace. A podSelector alone stays in the
 * policy's namespace; a namespaceSelector alone admits every pod of the namespaces it matches;
 * both in one item are ANDed.
 */
export function peerPhrase(peer: Peer, policyNamespace: string): string {
  if (peer.kind === 'invalid') return `nothing (${peer.reason})`;
  if (peer.kind === 'ipBlock') {
    if (peer.invalid || !peer.cidr) return 'nothing (the ipBlock is invalid)';
    return `addresses in ${peer.cidr.text}${peer.except.length ? ` except ${joinAnd(peer.except.map((e) => e.text))}` : ''}`;
  }
  const ns = peer.namespaceSelector ? namespacePhrase(peer.namespaceSelector) : `namespace ${policyNamespace}`;
  return `${podPhrase(peer.podSelector)} in ${ns}`;
}

/** One ports item in words: "TCP 5432", "TCP 8000-8080", "every UDP port", "TCP port named http". */
export function portPhrase(p: PolicyPort): string {
  if (p.invalid) return 'an invalid port (it matches nothing)';
  if (p.port === undefined) return `every ${p.protocol} port`;
  if (typeof p.port === 'string') return `${p.protocol} port named ${p.port}`;
  return p.endPort !== undefined && p.endPort !== p.port ? `${p.protocol} ${p.port}-${p.endPort}` : `${p.protocol} ${p.port}`;
}

/** The container port numbers a named port resolves to on some destinations (same name and protocol). */
export function resolveNamedPort(p: PolicyPort, destinations: Iterable<Workload>): number[] {
  const out = new Set<number>();
  for (const w of destinations) for (const cp of w.ports) if (cp.name === p.port && cp.protocol === p.protocol) out.add(cp.port);
  return [...out].sort((a, b) => a - b);
}

/**
 * The pods a rule's named ports resolve on: the selected pods for ingress, the pods a selector
 * peer reaches for egress (a pod reached only through an ipBlock gets numeric ports only, as in
 * connectivity.ts egressRulePorts); undefined for an egress rule without `to` (every pod that has the name).
 */
export function namedPortDestinations(rule: Rule, analysis: PolicyAnalysis): readonly Workload[] | undefined {
  if (rule.direction === 'ingress') return analysis.selected;
  const ra = analysis.egress[rule.index];
  return ra ? selectorReached(ra) : undefined;
}

/** A named port with what it resolves to: "TCP port named http (9090)". */
function resolvedPortPhrase(p: PolicyPort, rule: Rule, analysis: PolicyAnalysis | undefined): string {
  const base = portPhrase(p);
  if (p.invalid || typeof p.port !== 'string' || !analysis) return base;
  if (rule.direction === 'egress' && rule.peers?.every((x) => x.kind === 'ipBlock')) return `${base} (it matches nothing towards an ipBlock)`;
  const dests = namedPortDestinations(rule, analysis);
  if (!dests) return base;
  const nums = resolveNamedPort(p, dests);
  if (nums.length === 0) return `${base} (which no ${rule.direction === 'ingress' ? 'selected pod' : 'destination'} has)`;
  if (nums.length === 1) return `${base} (${nums[0]})`;
  return `${base} (${joinOr(nums.map(String))}, depending on the pod)`;
}

/**
 * The rule in one sentence: "Allows TCP 5432 from pods labelled app=backend in namespace shop".
 * No `ports`: all ports; no `from`/`to`: anywhere. With the policy's analysis, named ports are
 * resolved on their destinations.
 */
export function rulePhrase(policy: Policy, rule: Rule, analysis?: PolicyAnalysis): string {
  const word = rule.direction === 'ingress' ? 'from' : 'to';
  if (rule.ports?.every((p) => p.invalid)) return 'Allows nothing: every ports item is invalid';
  if (rule.peers?.every(isInvalidPeer)) return `Allows nothing: every \`${word}\` item is invalid`;
  const ports = rule.ports ? joinAnd(rule.ports.filter((p) => !p.invalid).map((p) => resolvedPortPhrase(p, rule, analysis))) : 'all ports';
  // Invalid items match nothing: the sentence names what the rule does admit.
  // Egress without `to` on named ports only: they resolve on destination pods, never on an address.
  const namedOnly = rule.direction === 'egress' && !!rule.ports?.some((p) => !p.invalid) && rule.ports.every((p) => p.invalid || typeof p.port === 'string');
  const anywhere = namedOnly ? 'every pod that has the port (never an address)' : 'anywhere';
  const peers = rule.peers ? joinOr(rule.peers.filter((p) => !isInvalidPeer(p)).map((p) => peerPhrase(p, policy.namespace))) : anywhere;
  return `Allows ${ports} ${word} ${peers}`;
}

/** Whether a peer matches nothing because the API server would reject it. */
export function isInvalidPeer(p: Peer): boolean {
  return p.kind === 'invalid' || (p.kind === 'ipBlock' && (p.invalid || !p.cidr));
}

/** A peer in a few words for outlines: "app=backend", "namespace web", "10.0.0.0/8 except 10.1.0.0/16". */
export function peerShort(peer: Peer): string {
  if (peer.kind === 'invalid') return 'an invalid peer';
  if (peer.kind === 'ipBlock') return peer.invalid || !peer.cidr ? 'an invalid ipBlock'
    : `${peer.cidr.text}${peer.except.length ? ` except ${peer.except.map((e) => e.text).join(', ')}` : ''}`;
  const pods = peer.podSelector && !isEmptySelector(peer.podSelector) ? describeSelector(peer.podSelector) : 'all pods';
  if (!peer.namespaceSelector) return pods;
  const ns = isEmptySelector(peer.namespaceSelector) ? 'all namespaces'
    : pinnedNames(peer.namespaceSelector) ? namespacePhrase(peer.namespaceSelector)
      : `namespaces ${describeSelector(peer.namespaceSelector)}`;
  return peer.podSelector ? `${pods} in ${ns}` : ns;
}

/** A rule in a few words for outlines: "from app=backend on TCP 5432". */
export function ruleShort(rule: Rule): string {
  const word = rule.direction === 'ingress' ? 'from' : 'to';
  const peers = rule.peers ? rule.peers.map(peerShort).join(' or ') : 'anywhere';
  const ports = rule.ports ? rule.ports.map(portPhrase).join(', ') : 'all ports';
  return `${word} ${peers} on ${ports}`;
}

/** A port set for titles: "all ports", "TCP 53 and UDP 53", "TCP 80, 8000-8080", "every UDP port". */
export function portSetPhrase(ps: PortSet): string {
  if (ps.isAll()) return 'all ports';
  if (ps.isEmpty()) return 'no port';
  const parts: string[] = [];
  for (const p of PROTOCOLS) {
    const rs = ps.ranges(p);
    if (rs.length === 0) continue;
    if (rs.length === 1 && rs[0]![0] === 1 && rs[0]![1] === 65535) parts.push(`every ${p} port`);
    else parts.push(`${p} ${rs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ')}`);
  }
  return joinAnd(parts);
}
