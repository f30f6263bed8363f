// Reads a NetworkPolicy object into the engine's Policy model, applying the API's defaults
// (policyTypes, protocol TCP). Invalid parts are kept but marked so they match nothing.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { isStrictSubset, parseCidr } from './ip';
import { emptySelector, readSelector } from './label-selector';
import type { ManifestObject } from './parse-manifests';
import { isNullNode } from './yaml-nodes';
import type { Cidr, Direction, LabelSelector, Peer, Policy, PolicyPort, Protocol, Rule } from './types';

/** API versions under which a NetworkPolicy is recognised (the second is no longer served). */
export const POLICY_API_VERSIONS = ['networking.k8s.io/v1', 'extensions/v1beta1'];

/** Whether an object is a NetworkPolicy the engine reads. */
export function isNetworkPolicy(obj: ManifestObject): boolean {
  return obj.kind === 'NetworkPolicy' && POLICY_API_VERSIONS.includes(obj.apiVersion);
}

/** Reads a NetworkPolicy; `defaultNamespace` applies when metadata.namespace is missing. */
export function readPolicy(obj: ManifestObject, defaultNamespace: string): Omit<Policy, 'id'> {
  const src = obj.src;
  const meta = src.getMap(obj.node, 'metadata');
  const nameEntry = src.get(meta, 'name');
  const spec = src.get(obj.node, 'spec')?.value ?? null;
  const ps = src.get(spec, 'podSelector');
  // spec.podSelector is a struct, not a pointer: null decodes to {} and selects every pod.
  // Missing entirely is a validation error; the engine then selects nothing.
  const podSelector: LabelSelector = ps
    ? readSelector(src, ps.value, src.pairSpan(ps.pair))
    : { ...emptySelector(src.span(spec ?? obj.node)), invalid: true };
  const ingressEntry = src.get(spec, 'ingress');
  const egressEntry = src.get(spec, 'egress');
  const ingress = readRules(obj, 'ingress', ingressEntry?.value ?? null);
  const egress = readRules(obj, 'egress', egressEntry?.value ?? null);
  const typesEntry = src.get(spec, 'policyTypes');
  const types = typesEntry && isSeq(typesEntry.value) ? src.items(typesEntry.value) : [];
  let isolates: Policy['isolates'];
  const policyTypesWritten = types.length > 0;
  const egressRules = !isNullNode(egressEntry?.value ?? null) && !(isSeq(egressEntry!.value) && egressEntry!.value.items.length === 0);
  if (policyTypesWritten) {
    const names = types.map((n) => (isScalar(n) ? String(n.value) : ''));
    // A value other than Ingress/Egress (`ingress`) makes the API reject the policy; the engine
    // keeps what the defaults would isolate as well, so a typo never opens what was meant closed.
    const unknown = names.some((n) => n !== 'Ingress' && n !== 'Egress');
    isolates = { ingress: names.includes('Ingress') || unknown, egress: names.includes('Egress') || (unknown && egressRules) };
  } else {
    // Absent or empty (the API server defaults `policyTypes: []` like a missing one): Ingress
    // always, Egress when the egress section has rules. `egress: []` adds no Egress, as the
    // API's defaulting tests `len(spec.egress) != 0`; a malformed section (not a list) counts as
    // written, so a broken policy never loses its isolation.
    isolates = { ingress: true, egress: egressRules };
  }
  return {
    kind: 'NetworkPolicy',
    name: obj.name ?? '',
    namespace: obj.namespace ?? defaultNamespace,
    namespaceExplicit: obj.namespace !== undefined,
    apiVersion: obj.apiVersion,
    file: obj.file,
    span: obj.span,
    nameSpan: nameEntry ? src.span(nameEntry.value ?? nameEntry.pair.key as Node) : undefined,
    podSelector,
    isolates,
    policyTypesWritten,
    ingress,
    egress,
    hasIngressKey: ingressEntry !== undefined,
    hasEgressKey: egressEntry !== undefined,
  };
}

function readRules(obj: ManifestObject, direction: Direction, node: Node | null): Rule[] {
  const src = obj.src;
  const peerKey = direction === 'ingress' ? 'from' : 'to';
  return src.items(node).map((item, index) => {
    const rule: Rule = { direction, index, span: src.span(item) };
    // A null item (`- ` with nothing after it) decodes to an empty rule, which allows everything.
    if (isNullNode(item)) return rule;
    if (!isMap(item)) {
      // A rule that is not a map cannot match anything.
      rule.peers = [{ kind: 'invalid', span: src.span(item), reason: 'a rule must be a map' }];
      return rule;
    }
    const peersNode = src.get(item, peerKey)?.value ?? null;
    if (!isNullNode(peersNode) && !isSeq(peersNode)) {
      // `from: nobody` or `from: {podSelector: ...}`: rejected by the API server; never "every source".
      rule.peers = [{ kind: 'invalid', span: src.span(peersNode), reason: `\`${peerKey}\` must be a list` }];
    } else {
      const peers = src.items(peersNode);
      if (peers.length > 0) rule.peers = peers.map((p) => readPeer(obj, p));
    }
    const portsNode = src.get(item, 'ports')?.value ?? null;
    if (!isNullNode(portsNode) && !isSeq(portsNode)) {
      // `ports: 80` or a map: rejected by the API server; never "every port".
      rule.ports = [{ protocol: 'TCP', span: src.span(portsNode), invalid: true }];
    } else {
      const ports = src.items(portsNode);
      if (ports.length > 0) rule.ports = ports.map((p) => readPort(obj, p));
    }
    return rule;
  });
}

function readPeer(obj: ManifestObject, node: Node): Peer {
  const src = obj.src;
  const span = src.span(node);
  if (!isMap(node)) return { kind: 'invalid', span, reason: 'a peer must be a map' };
  const present = (key: string) => {
    const e = src.get(node, key);
    return e && !(e.value === null || (isScalar(e.value) && e.value.value === null)) ? e : undefined;
  };
  const pod = present('podSelector');
  const ns = present('namespaceSelector');
  const ip = present('ipBlock');
  if (ip && (pod || ns)) return { kind: 'invalid', span, reason: 'ipBlock may not be combined with a selector' };
  if (ip) {
    const cidr = parseCidr(src.getString(ip.value, 'cidr') ?? '');
    const except: Cidr[] = [];
    let invalid = !cidr;
    for (const e of src.items(src.getSeq(ip.value, 'except'))) {
      const c = isScalar(e) ? parseCidr(String(e.value)) : undefined;
      // An except must be a strict subset of the cidr, in its family; the API server rejects
      // the policy otherwise, and the engine lets the block match nothing rather than all of it.
      if (!c || !cidr || !isStrictSubset(c, cidr)) invalid = true;
      else except.push(c);
    }
    return { kind: 'ipBlock', cidr, except, span, invalid };
  }
  if (!pod && !ns) return { kind: 'invalid', span, reason: 'a peer must set podSelector, namespaceSelector or ipBlock' };
  return {
    kind: 'pods',
    podSelector: pod ? readSelector(src, pod.value, src.pairSpan(pod.pair)) : undefined,
    namespaceSelector: ns ? readSelector(src, ns.value, src.pairSpan(ns.pair)) : undefined,
    span,
  };
}

const IANA_SVC_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;

/** Whether a string is a valid named port (IANA service name). */
export function isValidPortName(name: string): boolean {
  return IANA_SVC_NAME.test(name);
}

function readPort(obj: ManifestObject, node: Node): PolicyPort {
  const src = obj.src;
  const span = src.span(node);
  if (!isMap(node)) return { protocol: 'TCP', span, invalid: true };
  const protoText = src.getString(node, 'protocol') ?? 'TCP';
  const protocol = (['TCP', 'UDP', 'SCTP'].includes(protoText) ? protoText : 'TCP') as Protocol;
  let invalid = protoText !== protocol;
  const out: PolicyPort = { protocol, span, invalid };
  const portNode = src.get(node, 'port')?.value ?? null;
  if (isScalar(portNode) && portNode.value !== null) {
    if (typeof portNode.value === 'number') {
      out.port = portNode.value;
      if (!Number.isInteger(portNode.value) || portNode.value < 1 || portNode.value > 65535) invalid = true;
    } else {
      // A quoted "80" is a string: the API reads it as a port name, and names need a letter.
      out.port = String(portNode.value);
      if (!isValidPortName(out.port)) invalid = true;
    }
  } else if (portNode !== null) invalid = true;
  const endNode = src.get(node, 'endPort')?.value ?? null;
  if (isScalar(endNode) && endNode.value !== null) {
    if (typeof endNode.value === 'number' && Number.isInteger(endNode.value)) {
      out.endPort = endNode.value;
      if (typeof out.port !== 'number' || endNode.value < out.port || endNode.value > 65535) invalid = true;
    } else invalid = true;
  } else if (endNode !== null) invalid = true;
  out.invalid = invalid;
  return out;
}

