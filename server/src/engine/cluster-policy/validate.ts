// What the API server's schema and CEL rules reject in a ClusterNetworkPolicy (v1alpha2) or an
// AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1), as error findings on their nodes.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseCidr } from '../ip';
import { isValidPortName } from '../extract-policy';
import { isNullNode, type NodeSource } from '../yaml-nodes';
import type { CheckInfo } from '../check-catalog';
import type { ManifestObject } from '../parse-manifests';
import type { Finding, Fix, Span } from '../types';
import type { ClusterPolicyOrigin } from './types';
import { deprecationFinding } from './deprecation';

type Report = (id: string, span: Span, message: string, fixes?: Fix[]) => void;

/** The validation checks of cluster policies, for the catalog and the README table. */
export const CLUSTER_VALIDATION_CHECKS: CheckInfo[] = [
  { id: 'priority-out-of-range', severity: 'error', summary: 'A cluster policy priority outside 0-1000.', example: 'priority: 1001' },
  { id: 'too-many-items', severity: 'error', summary: 'More than 25 rules, peers, protocols, networks or domain names in one list.', example: '26 rules' },
  { id: 'subject-exactly-one', severity: 'error', summary: 'A subject must set exactly one of `namespaces` and `pods`.', example: 'subject: {}' },
  {
    id: 'peer-exactly-one', severity: 'error', example: 'from: [{networks: [10.0.0.0/8]}]',
    summary: 'A cluster policy peer must set exactly one field (ingress: namespaces or pods).',
  },
  { id: 'empty-list', severity: 'error', summary: 'from/to, protocols, networks and domainNames need at least one item when written.', example: 'to: []' },
  {
    id: 'protocol-exactly-one', severity: 'error', example: 'protocols: [{tcp: {}}]',
    summary: 'A protocols item sets one of tcp/udp/sctp/destinationNamedPort; a destinationPort one of number/range.',
  },
  { id: 'port-range-order', severity: 'error', summary: 'A port range whose start is not below its end.', example: 'range: {start: 90, end: 80}' },
  {
    id: 'named-port-with-networks', severity: 'error', example: 'to: [{networks: [...]}], protocols: [{destinationNamedPort: web}]',
    summary: 'A named port in a rule with networks, nodes or domainNames peers (they have no named ports).',
  },
  {
    id: 'domain-names-accept-only', severity: 'error', example: 'action: Deny, to: [{domainNames: [example.com]}]',
    summary: 'domainNames peers are allowed only in egress Accept rules.',
  },
  { id: 'invalid-domain-name', severity: 'error', summary: 'A domain name that is not a (wildcard-prefixed) DNS name.', example: 'domainNames: [www.*.com]' },
  {
    id: 'baseline-name-default', severity: 'error', example: 'kind: BaselineAdminNetworkPolicy, name: base',
    summary: 'A BaselineAdminNetworkPolicy must be named `default` (a singleton).',
  },
  {
    id: 'deprecated-admin-network-policy', severity: 'warning', example: 'kind: AdminNetworkPolicy',
    summary: 'v1alpha1 AdminNetworkPolicy/BaselineAdminNetworkPolicy are replaced by ClusterNetworkPolicy v1alpha2; fix: rewrite it.',
  },
];

const MAX_ITEMS = 25;
const DOMAIN_NAME = /^(\*\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;
const ACTIONS: Record<ClusterPolicyOrigin, string[]> = {
  ClusterNetworkPolicy: ['Accept', 'Deny', 'Pass'], AdminNetworkPolicy: ['Allow', 'Deny', 'Pass'], BaselineAdminNetworkPolicy: ['Allow', 'Deny'],
};

/** API-server validation errors (and the v1alpha1 deprecation) of one cluster policy object. */
export function validateClusterPolicy(obj: ManifestObject, origin: ClusterPolicyOrigin, text?: string): Finding[] {
  const src = obj.src;
  const out: Finding[] = [];
  const report: Report = (id, span, message, fixes) => void out.push({ id, severity: 'error', file: obj.file, span, message, ...(fixes ? { fixes } : {}) });
  if (origin !== 'ClusterNetworkPolicy') out.push(deprecationFinding(obj, origin, text));
  const nameNode = src.get(src.getMap(obj.node, 'metadata'), 'name')?.value;
  if (origin === 'BaselineAdminNetworkPolicy' && obj.name !== 'default') {
    const message = 'A BaselineAdminNetworkPolicy is a singleton: the API server accepts only the name "default".';
    report('baseline-name-default', src.span(nameNode ?? obj.node), message);
  }
  const specEntry = src.get(obj.node, 'spec');
  const spec = specEntry?.value ?? null;
  if (!isMap(spec)) {
    report('missing-field', src.span(specEntry ? specEntry.pair.key as Node : obj.node), 'A cluster policy needs a `spec` with a subject.');
    return out;
  }
  const parentKey = src.span(specEntry!.pair.key as Node);
  const required = (key: string, parent: Node, what: string) => {
    const e = src.get(parent, key);
    // Missing: on the parent's key (`spec`), as the NetworkPolicy schema check does.
    if (!e || isNullNode(e.value)) report('missing-field', e ? src.span(e.pair.key as Node) : parentKey, `${what} needs \`${key}\`.`);
    return e && !isNullNode(e.value) ? e.value : undefined;
  };
  if (origin === 'ClusterNetworkPolicy') {
    const tier = required('tier', spec, 'A ClusterNetworkPolicy');
    const ok = isScalar(tier) && (tier.value === 'Admin' || tier.value === 'Baseline');
    if (tier && !ok) report('invalid-enum', src.span(tier), 'tier must be Admin or Baseline.');
  }
  if (origin !== 'BaselineAdminNetworkPolicy') {
    const prio = required('priority', spec, `A${origin === 'AdminNetworkPolicy' ? 'n' : ''} ${origin}`);
    if (prio && !(isScalar(prio) && typeof prio.value === 'number' && Number.isInteger(prio.value) && prio.value >= 0 && prio.value <= 1000)) {
      report('priority-out-of-range', src.span(prio), 'priority must be an integer from 0 to 1000 (lower is evaluated first).');
    }
  }
  const subject = required('subject', spec, 'A cluster policy');
  if (subject) exactlyOne(src, subject, ['namespaces', 'pods'], 'subject-exactly-one', 'A subject sets exactly one of `namespaces` and `pods`', report);
  if (isMap(subject)) namespacedPod(src, src.get(subject, 'pods')?.value ?? null, report);
  for (const dir of ['ingress', 'egress'] as const) {
    const rules = src.get(spec, dir)?.value ?? null;
    maxItems(src, rules, dir, report);
    for (const rule of src.items(rules)) validateRule(src, rule, dir, origin, report);
  }
  return out;
}

function validateRule(src: NodeSource, rule: Node, dir: 'ingress' | 'egress', origin: ClusterPolicyOrigin, report: Report): void {
  if (!isMap(rule)) return;
  const action = src.get(rule, 'action');
  const actionText = src.getString(rule, 'action');
  if (!action || isNullNode(action.value)) report('missing-field', src.span(rule), 'A rule needs an `action`.');
  else if (!actionText || !ACTIONS[origin].includes(actionText)) {
    report('invalid-enum', src.span(action.value), `action must be one of ${ACTIONS[origin].join(', ')}.`);
  }
  const peerKey = dir === 'ingress' ? 'from' : 'to';
  const peers = src.get(rule, peerKey);
  if (!peers || isNullNode(peers.value)) report('missing-field', src.span(rule), `A rule needs \`${peerKey}\` with at least one peer.`);
  else nonEmpty(src, peers.value, peerKey, report);
  maxItems(src, peers?.value ?? null, peerKey, report);
  const peerFields = dir === 'ingress' ? ['namespaces', 'pods'] : ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'];
  let addressPeer = false;
  for (const p of src.items(peers?.value ?? null)) {
    exactlyOne(src, p, peerFields, 'peer-exactly-one', `An ${dir} peer sets exactly one of ${peerFields.join(', ')}`, report);
    if (!isMap(p)) continue;
    namespacedPod(src, src.get(p, 'pods')?.value ?? null, report);
    for (const key of ['networks', 'domainNames', 'nodes']) if (!isNullNode(src.get(p, key)?.value ?? null)) addressPeer = true;
    const networks = src.get(p, 'networks')?.value ?? null;
    nonEmpty(src, networks, 'networks', report);
    maxItems(src, networks, 'networks', report);
    for (const c of src.items(networks)) {
      if (!isScalar(c) || !parseCidr(String(c.value))) report('invalid-cidr', src.span(c), `"${isScalar(c) ? String(c.value) : ''}" is not a valid CIDR.`);
    }
    const domains = src.get(p, 'domainNames');
    if (domains && !isNullNode(domains.value)) {
      // v1alpha1 spells Accept `Allow`.
      if (dir !== 'egress' || (actionText !== 'Accept' && !(origin !== 'ClusterNetworkPolicy' && actionText === 'Allow'))) {
        report('domain-names-accept-only', src.pairSpan(domains.pair), 'domainNames peers are allowed only in egress rules with action Accept.');
      }
      nonEmpty(src, domains.value, 'domainNames', report);
      maxItems(src, domains.value, 'domainNames', report);
      for (const d of src.items(domains.value)) {
        if (isScalar(d) && DOMAIN_NAME.test(String(d.value))) continue;
        report('invalid-domain-name', src.span(d), `"${isScalar(d) ? String(d.value) : ''}" is not a domain name ('*.' only as a prefix).`);
      }
    }
  }
  const portsKey = origin === 'ClusterNetworkPolicy' ? 'protocols' : 'ports';
  const ports = src.get(rule, portsKey)?.value ?? null;
  nonEmpty(src, ports, portsKey, report);
  maxItems(src, ports, portsKey, report);
  for (const p of src.items(ports)) {
    const named = origin === 'ClusterNetworkPolicy' ? protocolItem(src, p, report) : v1PortItem(src, p, report);
    const message = 'networks, nodes and domainNames have no named ports: a named port cannot be used in this rule.';
    if (named && addressPeer) report('named-port-with-networks', src.span(named), message);
  }
}

/** A v1alpha2 protocols item; returns the named-port node if it is one. */
function protocolItem(src: NodeSource, p: Node, report: Report): Node | undefined {
  const keys = ['tcp', 'udp', 'sctp', 'destinationNamedPort'];
  const one = exactlyOne(src, p, keys, 'protocol-exactly-one', `A protocols item sets exactly one of ${keys.join(', ')}`, report);
  if (!one) return undefined;
  if (one.key === 'destinationNamedPort') return namedPort(src, one.value, report);
  const dp = src.get(one.value, 'destinationPort')?.value ?? null;
  if (isNullNode(dp)) {
    report('protocol-exactly-one', src.span(one.value), `\`${one.key}\` needs a destinationPort (omit the protocols to match every port).`);
    return undefined;
  }
  const which = exactlyOne(src, dp, ['number', 'range'], 'protocol-exactly-one', 'A destinationPort sets exactly one of number and range', report);
  if (which?.key === 'number') portNumber(src, which.value, report);
  if (which?.key === 'range') range(src, which.value, 'start', 'end', report);
  return undefined;
}

/** A v1alpha1 ports item (portNumber, portRange or namedPort); returns the named-port node if it is one. */
function v1PortItem(src: NodeSource, p: Node, report: Report): Node | undefined {
  const keys = ['portNumber', 'portRange', 'namedPort'];
  const one = exactlyOne(src, p, keys, 'protocol-exactly-one', `A ports item sets exactly one of ${keys.join(', ')}`, report);
  if (!one) return undefined;
  if (one.key === 'namedPort') return namedPort(src, one.value, report);
  const proto = src.get(one.value, 'protocol')?.value;
  const known = isScalar(proto) && ['TCP', 'UDP', 'SCTP'].includes(String(proto.value));
  if (proto && !known) report('invalid-enum', src.span(proto), 'protocol must be TCP, UDP or SCTP.');
  if (one.key === 'portNumber') portNumber(src, src.get(one.value, 'port')?.value ?? null, report);
  else range(src, one.value, 'start', 'end', report);
  return undefined;
}

function namedPort(src: NodeSource, node: Node | null, report: Report): Node | undefined {
  if (isScalar(node) && isValidPortName(String(node.value))) return node;
  report('invalid-port-name', src.span(node), 'A named port must be an IANA service name (at most 15 lowercase letters, digits and -).');
  return node ?? undefined;
}

function portNumber(src: NodeSource, node: Node | null, report: Report): boolean {
  const ok = isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= 1 && node.value <= 65535;
  if (!ok) report('port-out-of-range', src.span(node), 'A port must be a number from 1 to 65535.');
  return ok;
}

function range(src: NodeSource, node: Node | null, startKey: string, endKey: string, report: Report): void {
  const start = src.get(node, startKey)?.value ?? null;
  const end = src.get(node, endKey)?.value ?? null;
  if (!portNumber(src, start, report) || !portNumber(src, end, report)) return;
  if (Number((start as { value: number }).value) >= Number((end as { value: number }).value)) {
    report('port-range-order', src.span(node), 'The start port must be less than the end port.');
  }
}

function namespacedPod(src: NodeSource, node: Node | null, report: Report): void {
  if (!isMap(node) || src.get(node, 'podSelector')) return;
  report('missing-field', src.span(node), '`pods` needs a podSelector ({} selects every pod of the namespaces).');
}

/** Reports when a map sets other than exactly one of `keys` (a key outside them counts as a wrong one). */
function exactlyOne(
  src: NodeSource, node: Node | null, keys: string[], id: string, message: string, report: Report,
): { key: string; value: Node | null } | undefined {
  const set = isMap(node) ? src.entries(node).filter((e) => !isNullNode(e.value)) : [];
  if (set.length === 1 && keys.includes(set[0]!.key)) return set[0];
  const extra = set.filter((e) => !keys.includes(e.key)).map((e) => `\`${e.key}\``);
  const why = set.length === 0 ? 'this one sets none' : extra.length > 0 ? `${extra.join(', ')} cannot be used here` : `this one sets ${set.length}`;
  report(id, src.span(node), `${message}; ${why}.`);
  return undefined;
}

function nonEmpty(src: NodeSource, node: Node | null, key: string, report: Report): void {
  if (isSeq(node) && node.items.length === 0) report('empty-list', src.span(node), `\`${key}\` needs at least one item when written; leave it out instead.`);
}

function maxItems(src: NodeSource, node: Node | null, key: string, report: Report): void {
  if (!isSeq(node) || node.items.length <= MAX_ITEMS) return;
  report('too-many-items', src.span(node), `\`${key}\` has ${node.items.length} items; the API allows at most ${MAX_ITEMS}.`);
}
