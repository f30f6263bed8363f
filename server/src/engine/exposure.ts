// Who beyond today's workloads can reach a workload, or be reached by it: the open-ended peers of
// the rules that apply to it (any namespace, labelled namespaces, pods in any namespace, addresses).
import { rulePorts } from './connectivity';
import { describeSelector, isEmptySelector } from './label-selector';
import { podPhrase } from './describe/phrases';
import { PortSet, type PortSetJson } from './port-set';
import type { Snapshot } from './snapshot';
import type { Direction, LabelSelector, Peer, Policy, Rule, Workload } from './types';

const NS_NAME = 'kubernetes.io/metadata.name';

/** An open-ended peer: one that admits pods or addresses the workspace does not list. */
export type ExposurePeer =
  /** No policy isolates the direction: everything is allowed. */
  | { kind: 'not-isolated' }
  /** A rule without `from`/`to`: every pod of every namespace and every address. */
  | { kind: 'everything' }
  /** `namespaceSelector: {}`: every namespace, with `pods` when a podSelector narrows it. */
  | { kind: 'any-namespace'; pods?: LabelSelector }
  /** A namespaceSelector by labels (not by name): namespaces created later with them count too. */
  | { kind: 'labelled-namespaces'; namespaces: LabelSelector; pods?: LabelSelector }
  /** An ipBlock: addresses outside the cluster. */
  | { kind: 'addresses'; cidr: string; except: string[] };

/** One exposure of a workload in one direction, its ports united over the rules that give it. */
export interface Exposure {
  workload: Workload;
  direction: Direction;
  peer: ExposurePeer;
  /** Numeric ports (named ports resolved on the workload for ingress). */
  allowed: PortSet;
  /** Egress named ports, resolved on the unknown destination (`TCP/http`). */
  namedPorts: string[];
  /** The policies whose rules open it (none for `not-isolated`). */
  policies: Policy[];
}

/** The JSON of one exposure in `exposure --format json` (documented in the README). */
export interface ExposureJson {
  workload: string;
  kind: string;
  direction: Direction;
  peer: { kind: ExposurePeer['kind']; namespaceSelector?: string; podSelector?: string; cidr?: string; except?: string[] };
  allowed: PortSetJson;
  namedPorts: string[];
  policies: string[];
  text: string;
}

/**
 * For each workload (in `flows` order) and direction (ingress first), who beyond the workspace's
 * workloads it is open to because a peer is open-ended. A peer limited to the policy's namespace
 * or to namespaces named by `kubernetes.io/metadata.name` is not open-ended; invalid parts match nothing.
 */
export function exposure(s: Snapshot): Exposure[] {
  const sorted = s.workloads.slice().sort((a, b) => cmp(`${a.namespace}/${a.name}/${a.kind}`, `${b.namespace}/${b.name}/${b.kind}`));
  const out: Exposure[] = [];
  for (const w of sorted) {
    for (const direction of ['ingress', 'egress'] as const) {
      const iso = s.isolation(w)[direction];
      if (iso.length === 0) {
        out.push({ workload: w, direction, peer: { kind: 'not-isolated' }, allowed: PortSet.ALL, namedPorts: [], policies: [] });
        continue;
      }
      const byPeer = new Map<string, Exposure>();
      for (const a of iso) {
        for (const ra of a[direction]) {
          const peers: (ExposurePeer | undefined)[] = ra.rule.peers ? ra.rule.peers.map(openEnded) : [{ kind: 'everything' }];
          for (const peer of peers) {
            if (!peer) continue;
            const { allowed, named } = portsOf(ra.rule, direction, w, peer);
            if (allowed.isEmpty() && named.length === 0) continue;
            const key = JSON.stringify(peer, (k, v) => (k === 'span' ? undefined : v));
            const e = byPeer.get(key);
            if (!e) { byPeer.set(key, { workload: w, direction, peer, allowed, namedPorts: named, policies: [a.policy] }); continue; }
            e.allowed = e.allowed.union(allowed);
            for (const n of named) if (!e.namedPorts.includes(n)) e.namedPorts.push(n);
            if (!e.policies.includes(a.policy)) e.policies.push(a.policy);
          }
        }
      }
      for (const e of byPeer.values()) out.push(e);
    }
  }
  return out;
}

/** The peer as an open-ended exposure, or undefined when it names only known places. */
function openEnded(p: Peer): ExposurePeer | undefined {
  if (p.kind === 'invalid') return undefined;
  if (p.kind === 'ipBlock') return p.invalid || !p.cidr ? undefined : { kind: 'addresses', cidr: p.cidr.text, except: p.except.map((c) => c.text) };
  const ns = p.namespaceSelector;
  if (!ns || ns.invalid || p.podSelector?.invalid || pinsNames(ns)) return undefined;
  const pods = p.podSelector && !isEmptySelector(p.podSelector) ? p.podSelector : undefined;
  if (isEmptySelector(ns)) return pods ? { kind: 'any-namespace', pods } : { kind: 'any-namespace' };
  return pods ? { kind: 'labelled-namespaces', namespaces: ns, pods } : { kind: 'labelled-namespaces', namespaces: ns };
}

/** Whether a namespaceSelector can only match namespaces of given names (a fixed set, not future ones). */
function pinsNames(sel: LabelSelector): boolean {
  return sel.matchLabels.some(([k]) => k === NS_NAME) || sel.matchExpressions.some((e) => e.key === NS_NAME && e.operator === 'In');
}

/** The ports a rule opens towards the exposure: ingress named ports on the workload, egress ones by name (not towards addresses). */
function portsOf(rule: Rule, direction: Direction, w: Workload, peer: ExposurePeer): { allowed: PortSet; named: string[] } {
  if (direction === 'ingress') return { allowed: rulePorts(rule, w), named: [] };
  const named: string[] = [];
  if (peer.kind !== 'addresses') for (const p of rule.ports ?? []) if (!p.invalid && typeof p.port === 'string') named.push(`${p.protocol}/${p.port}`);
  return { allowed: rulePorts(rule, undefined), named };
}

/** The exposure as a sentence: "ingress open to every namespace labelled team=payments, including future ones, on TCP 8080". */
export function exposureText(e: Exposure): string {
  const ports = [e.allowed.isAll() ? 'all ports' : e.allowed.isEmpty() ? '' : e.allowed.describe()];
  for (const n of e.namedPorts) ports.push(`${n.slice(0, n.indexOf('/'))} port named ${n.slice(n.indexOf('/') + 1)}`);
  const on = `on ${ports.filter((p) => p).join(' and ')}`;
  return `${e.direction} open to ${peerWords(e.peer, e.direction)}, ${on}`;
}

function peerWords(p: ExposurePeer, d: Direction): string {
  switch (p.kind) {
    case 'not-isolated': return `everything (no policy isolates its ${d}): every pod of every namespace, including future ones, and every address`;
    case 'everything':
      return `everything (a rule without ${d === 'ingress' ? 'from' : 'to'}): every pod of every namespace, including future ones, and every address`;
    case 'any-namespace': return `${p.pods ? `${podPhrase(p.pods)} in ` : ''}every namespace, including future ones`;
    case 'labelled-namespaces': return `${p.pods ? `${podPhrase(p.pods)} in ` : ''}${namespaceWords(p.namespaces)}, including future ones`;
    case 'addresses': return `addresses in ${p.cidr}${p.except.length ? ` except ${p.except.join(', ')}` : ''}`;
  }
}

/** "every namespace labelled team=payments", "every namespace with label team". */
function namespaceWords(sel: LabelSelector): string {
  const first = sel.matchLabels.length ? 'In' : sel.matchExpressions[0]?.operator;
  return `every namespace ${first === 'In' ? 'labelled ' : first === 'NotIn' ? 'with ' : ''}${describeSelector(sel)}`;
}

/** The JSON of an exposure. */
export function exposureJson(e: Exposure): ExposureJson {
  const p = e.peer;
  const peer: ExposureJson['peer'] = { kind: p.kind };
  if (p.kind === 'labelled-namespaces') peer.namespaceSelector = describeSelector(p.namespaces);
  if ((p.kind === 'any-namespace' || p.kind === 'labelled-namespaces') && p.pods) peer.podSelector = describeSelector(p.pods);
  if (p.kind === 'addresses') { peer.cidr = p.cidr; peer.except = p.except; }
  return {
    workload: `${e.workload.namespace}/${e.workload.name}`, kind: e.workload.kind, direction: e.direction, peer,
    allowed: e.allowed.toJSON(), namedPorts: e.namedPorts, policies: e.policies.map((x) => `${x.namespace}/${x.name}`), text: exposureText(e),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
