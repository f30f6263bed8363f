// Reads ClusterNetworkPolicy (v1alpha2), AdminNetworkPolicy and BaselineAdminNetworkPolicy
// (v1alpha1) into the ClusterPolicy model, and Nodes for `nodes` peers. Invalid parts fail closed.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseCidr, parseIp } from '../ip';
import { emptySelector, readSelector } from '../label-selector';
import { isValidPortName } from '../extract-policy';
import { isNullNode } from '../yaml-nodes';
import type { ManifestObject } from '../parse-manifests';
import type { Cidr, IpAddress, LabelSelector, Protocol, Span } from '../types';
import type { ClusterPeer, ClusterPolicy, ClusterPolicyOrigin, ClusterPort, ClusterRule, NodeFact, RuleAction, Subject } from './types';

/** The API group of cluster-scoped network policies. */
export const CLUSTER_POLICY_GROUP = 'policy.networking.k8s.io';

/** Which cluster policy kind an object is, if it is one the engine reads. */
export function clusterPolicyOrigin(obj: ManifestObject): ClusterPolicyOrigin | undefined {
  if (obj.kind === 'ClusterNetworkPolicy' && obj.apiVersion === `${CLUSTER_POLICY_GROUP}/v1alpha2`) return 'ClusterNetworkPolicy';
  if (obj.apiVersion !== `${CLUSTER_POLICY_GROUP}/v1alpha1`) return undefined;
  if (obj.kind === 'AdminNetworkPolicy') return 'AdminNetworkPolicy';
  if (obj.kind === 'BaselineAdminNetworkPolicy') return 'BaselineAdminNetworkPolicy';
  return undefined;
}

/** Reads a cluster policy object (see `clusterPolicyOrigin`); never throws on bad input. */
export function readClusterPolicy(obj: ManifestObject, origin: ClusterPolicyOrigin): Omit<ClusterPolicy, 'id'> {
  const src = obj.src;
  const nameEntry = src.get(src.getMap(obj.node, 'metadata'), 'name');
  const spec = src.get(obj.node, 'spec')?.value ?? null;
  // v1alpha1: the kind is the tier (AdminNetworkPolicy: Admin; the BANP singleton: Baseline).
  let tier: ClusterPolicy['tier'] = origin === 'BaselineAdminNetworkPolicy' ? 'Baseline' : 'Admin';
  if (origin === 'ClusterNetworkPolicy') tier = src.getString(spec, 'tier') === 'Baseline' ? 'Baseline' : 'Admin';
  const prioEntry = src.get(spec, 'priority');
  const prioNode = prioEntry?.value;
  // A missing or out-of-range priority is rejected by the API server; read it as the last one.
  let priority: number | undefined;
  if (origin !== 'BaselineAdminNetworkPolicy') {
    priority = isScalar(prioNode) && typeof prioNode.value === 'number' && Number.isInteger(prioNode.value) ? prioNode.value : 1000;
    priority = Math.min(1000, Math.max(0, priority));
  }
  return {
    kind: 'ClusterNetworkPolicy',
    name: obj.name ?? '',
    apiVersion: obj.apiVersion,
    origin,
    tier,
    priority,
    prioritySpan: prioEntry ? src.pairSpan(prioEntry.pair) : undefined,
    file: obj.file,
    span: obj.span,
    nameSpan: nameEntry ? src.span(nameEntry.value ?? (nameEntry.pair.key as Node)) : undefined,
    subject: readSubject(obj, spec),
    ingress: readRules(obj, spec, 'ingress', origin),
    egress: readRules(obj, spec, 'egress', origin),
  };
}

function readSubject(obj: ManifestObject, spec: Node | null): Subject {
  const src = obj.src;
  const entry = src.get(spec, 'subject');
  const span = entry ? src.pairSpan(entry.pair) : src.span(spec ?? obj.node);
  const node = entry?.value ?? null;
  if (!isMap(node)) return { kind: 'invalid', span, reason: 'a subject must set `namespaces` or `pods`' };
  const set = src.entries(node).filter((e) => !isNullNode(e.value));
  if (set.length !== 1) return { kind: 'invalid', span, reason: 'a subject must set exactly one of `namespaces` and `pods`' };
  const e = set[0]!;
  if (e.key === 'namespaces') return { kind: 'namespaces', namespaceSelector: readSelector(src, e.value, src.pairSpan(e.pair)), span };
  if (e.key === 'pods') {
    const pods = readNamespacedPod(obj, e.value);
    if (pods) return { kind: 'pods', ...pods, span };
  }
  return { kind: 'invalid', span, reason: `\`${e.key}\` is not a subject` };
}

/** `pods: {namespaceSelector, podSelector}`: podSelector is required, namespaceSelector defaults to all. */
function readNamespacedPod(obj: ManifestObject, node: Node | null): { namespaceSelector: LabelSelector; podSelector: LabelSelector } | undefined {
  const src = obj.src;
  if (!isMap(node)) return undefined;
  const ns = src.get(node, 'namespaceSelector');
  const pod = src.get(node, 'podSelector');
  if (!pod) return undefined;
  return {
    namespaceSelector: ns ? readSelector(src, ns.value, src.pairSpan(ns.pair)) : emptySelector(src.span(node)),
    podSelector: readSelector(src, pod.value, src.pairSpan(pod.pair)),
  };
}

const ACTIONS: Record<string, RuleAction> = { Accept: 'Accept', Deny: 'Deny', Pass: 'Pass' };
const V1_ACTIONS: Record<string, RuleAction> = { Allow: 'Accept', Deny: 'Deny', Pass: 'Pass' };
/** The Baseline singleton has no Pass (nothing after it to pass to but the default). */
const BANP_ACTIONS: Record<string, RuleAction> = { Allow: 'Accept', Deny: 'Deny' };

function readRules(obj: ManifestObject, spec: Node | null, direction: 'ingress' | 'egress', origin: ClusterPolicyOrigin): ClusterRule[] {
  const src = obj.src;
  const v1 = origin !== 'ClusterNetworkPolicy';
  const actions = origin === 'ClusterNetworkPolicy' ? ACTIONS : origin === 'AdminNetworkPolicy' ? V1_ACTIONS : BANP_ACTIONS;
  const peerKey = direction === 'ingress' ? 'from' : 'to';
  return src.items(src.get(spec, direction)?.value ?? null).map((item, index) => {
    const actionEntry = src.get(item, 'action');
    const written = src.getString(item, 'action') ?? '';
    const mapped = Object.hasOwn(actions, written) ? actions[written] : undefined;
    const rule: ClusterRule = {
      direction, index, name: src.getString(item, 'name'), action: mapped ?? 'Deny', actionWritten: written,
      span: src.span(item), actionSpan: actionEntry ? src.span(actionEntry.value ?? (actionEntry.pair.key as Node)) : undefined,
      peers: [], broken: mapped === undefined,
    };
    const peersNode = src.get(item, peerKey)?.value ?? null;
    const peers = src.items(peersNode);
    // `from`/`to` are required with at least one item: without them the rule fails closed.
    if (peers.length === 0) {
      rule.peers.push({ kind: 'invalid', span: src.span(peersNode ?? item), reason: `\`${peerKey}\` needs at least one peer` });
    }
    for (const p of peers) {
      const peer = readPeer(obj, p);
      // Ingress peers have only `namespaces` and `pods`; the API server rejects any other.
      const ok = direction === 'egress' || peer.kind === 'namespaces' || peer.kind === 'pods' || peer.kind === 'invalid';
      rule.peers.push(ok ? peer : { kind: 'invalid', span: peer.span, reason: `an ingress peer cannot be \`${peer.kind}\`` });
    }
    const portsKey = v1 ? 'ports' : 'protocols';
    const portsNode = src.get(item, portsKey)?.value ?? null;
    if (!isNullNode(portsNode)) {
      rule.ports = [];
      if (!isSeq(portsNode)) rule.ports.push({ kind: 'number', protocol: 'TCP', span: src.span(portsNode), invalid: true });
      for (const p of src.items(portsNode)) rule.ports.push(v1 ? readV1Port(obj, p) : readProtocol(obj, p));
    }
    rule.broken ||= rule.peers.some((p) => p.kind === 'invalid' || (p.kind === 'networks' && p.invalid)) || !!rule.ports?.some((p) => p.invalid);
    return rule;
  });
}

function readPeer(obj: ManifestObject, node: Node): ClusterPeer {
  const src = obj.src;
  const span = src.span(node);
  if (!isMap(node)) return { kind: 'invalid', span, reason: 'a peer must be a map' };
  const set = src.entries(node).filter((e) => !isNullNode(e.value));
  if (set.length !== 1) return { kind: 'invalid', span, reason: 'a peer must set exactly one field' };
  const e = set[0]!;
  const selector = () => readSelector(src, e.value, src.pairSpan(e.pair));
  switch (e.key) {
    case 'namespaces': return { kind: 'namespaces', namespaceSelector: selector(), span };
    case 'nodes': return { kind: 'nodes', nodeSelector: selector(), span };
    case 'pods': {
      const pods = readNamespacedPod(obj, e.value);
      return pods ? { kind: 'pods', ...pods, span } : { kind: 'invalid', span, reason: '`pods` needs a podSelector' };
    }
    case 'networks': {
      const cidrs: Cidr[] = [];
      let invalid = !isSeq(e.value);
      for (const n of src.items(e.value)) {
        const c = isScalar(n) ? parseCidr(String(n.value)) : undefined;
        if (c) cidrs.push(c);
        else invalid = true;
      }
      return { kind: 'networks', cidrs, span, invalid };
    }
    case 'domainNames': return { kind: 'domainNames', names: src.items(e.value).map((n) => (isScalar(n) ? String(n.value) : '')), span };
  }
  return { kind: 'invalid', span, reason: `\`${e.key}\` is not a peer` };
}

const PROTOCOL_KEYS: Record<string, Protocol> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' };

/** A v1alpha2 `protocols` item: `tcp|udp|sctp: {destinationPort: {number | range}}` or `destinationNamedPort`. */
function readProtocol(obj: ManifestObject, node: Node): ClusterPort {
  const src = obj.src;
  const span = src.span(node);
  const set = isMap(node) ? src.entries(node).filter((e) => !isNullNode(e.value)) : [];
  if (set.length !== 1) return { kind: 'number', protocol: 'TCP', span, invalid: true };
  const e = set[0]!;
  if (e.key === 'destinationNamedPort') {
    const name = isScalar(e.value) ? String(e.value.value) : '';
    return { kind: 'named', name, span, invalid: !isValidPortName(name) };
  }
  const protocol = PROTOCOL_KEYS[e.key];
  if (!protocol) return { kind: 'number', protocol: 'TCP', span, invalid: true };
  const dp = src.get(e.value, 'destinationPort')?.value ?? null;
  // `tcp: {}` is rejected (MinProperties=1); `destinationPort` missing would mean every port.
  if (isNullNode(dp)) return { kind: 'number', protocol, span, invalid: true };
  const num = src.get(dp, 'number')?.value ?? null;
  const range = src.get(dp, 'range')?.value ?? null;
  if (!isNullNode(num) === !isNullNode(range)) return { kind: 'number', protocol, span, invalid: true };
  if (!isNullNode(num)) {
    const n = portNumber(num);
    return { kind: 'number', protocol, first: n, last: n, span, invalid: n === undefined };
  }
  const first = portNumber(src.get(range, 'start')?.value ?? null);
  const last = portNumber(src.get(range, 'end')?.value ?? null);
  // CEL: start < end.
  return { kind: 'number', protocol, first, last, span, invalid: first === undefined || last === undefined || first >= last };
}

/** A v1alpha1 `ports` item: `portNumber: {protocol, port}`, `portRange: {protocol, start, end}` or `namedPort`. */
function readV1Port(obj: ManifestObject, node: Node): ClusterPort {
  const src = obj.src;
  const span = src.span(node);
  const set = isMap(node) ? src.entries(node).filter((e) => !isNullNode(e.value)) : [];
  if (set.length !== 1) return { kind: 'number', protocol: 'TCP', span, invalid: true };
  const e = set[0]!;
  if (e.key === 'namedPort') {
    const name = isScalar(e.value) ? String(e.value.value) : '';
    return { kind: 'named', name, span, invalid: !isValidPortName(name) };
  }
  const protoText = src.getString(e.value, 'protocol') ?? 'TCP';
  const protocol = (['TCP', 'UDP', 'SCTP'].includes(protoText) ? protoText : 'TCP') as Protocol;
  const badProto = protocol !== protoText;
  if (e.key === 'portNumber') {
    const n = portNumber(src.get(e.value, 'port')?.value ?? null);
    return { kind: 'number', protocol, first: n, last: n, span, invalid: badProto || n === undefined };
  }
  if (e.key === 'portRange') {
    const first = portNumber(src.get(e.value, 'start')?.value ?? null);
    const last = portNumber(src.get(e.value, 'end')?.value ?? null);
    return { kind: 'number', protocol, first, last, span, invalid: badProto || first === undefined || last === undefined || first >= last };
  }
  return { kind: 'number', protocol, span, invalid: true };
}

function portNumber(node: Node | null): number | undefined {
  if (!isScalar(node) || typeof node.value !== 'number') return undefined;
  const n = node.value;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
}

/** Reads a Node: its labels and the IPs of `status.addresses` (a `Hostname` entry is not an IP). */
export function readNode(obj: ManifestObject): NodeFact | undefined {
  if (obj.kind !== 'Node' || obj.apiVersion !== 'v1') return undefined;
  const src = obj.src;
  const labels = new Map<string, string>();
  for (const e of src.entries(src.get(src.getMap(obj.node, 'metadata'), 'labels')?.value ?? null)) {
    if (isScalar(e.value)) labels.set(e.key, e.value.value === null ? '' : String(e.value.value));
  }
  const addresses: IpAddress[] = [];
  for (const a of src.items(src.getSeq(src.getMap(obj.node, 'status'), 'addresses'))) {
    const ip = parseIp(src.getString(a, 'address') ?? '');
    if (ip && !addresses.some((x) => x.family === ip.family && x.value === ip.value)) addresses.push(ip);
  }
  const span: Span = obj.span;
  return { name: obj.name ?? '', labels, addresses, file: obj.file, span };
}
