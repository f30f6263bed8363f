// The API server's validation of a NetworkPolicy (SEMANTICS.md): ports, endPort, named ports,
// CIDRs and excepts, policyTypes, selectors, peers and the name. Each finding on its node.
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { removeSeqItem, scalarContentSpan } from './yaml-edits';
import { isStrictSubset, parseCidr } from './ip';
import { isValidPortName } from './extract-policy';
import { dnsSubdomainProblem, labelKeyProblem, labelValueProblem } from './label-syntax';
import type { ManifestObject } from './parse-manifests';
import { isNullNode, type NodeSource } from './yaml-nodes';
import type { Finding, Fix, Span } from './types';

type Report = (id: string, span: Span, message: string, fixes?: Fix[]) => void;

/** API-server validation errors of one NetworkPolicy. */
export function validatePolicy(obj: ManifestObject, text?: string): Finding[] {
  const src = obj.src;
  const out: Finding[] = [];
  const report: Report = (id, span, message, fixes) => void out.push({ id, severity: 'error', file: obj.file, span, message, ...(fixes ? { fixes } : {}) });
  const meta = src.getMap(obj.node, 'metadata');
  const nameNode = src.get(meta, 'name')?.value;
  if (isScalar(nameNode) && typeof nameNode.value === 'string') {
    const problem = dnsSubdomainProblem(nameNode.value);
    if (problem) report('invalid-name', src.span(nameNode), `The name "${nameNode.value}" is invalid: ${problem}.`);
  }
  const apiNode = src.get(obj.node, 'apiVersion')?.value;
  if (obj.apiVersion === 'extensions/v1beta1' && apiNode) {
    const span = src.span(apiNode);
    report('deprecated-api-version', span, 'extensions/v1beta1 NetworkPolicy is no longer served (removed in Kubernetes 1.16): the API server rejects it. ' +
      'Use networking.k8s.io/v1.',
      [{ title: 'Use apiVersion networking.k8s.io/v1', preferred: true,
        edits: [{ file: obj.file, span: scalarContentSpan(src, apiNode), newText: 'networking.k8s.io/v1' }] }]);
  }
  const spec = src.getMap(obj.node, 'spec');
  selector(src, src.get(spec, 'podSelector')?.value ?? null, report);
  policyTypes(src, src.getSeq(spec, 'policyTypes'), report);
  for (const [key, peerKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
    for (const rule of src.items(src.getSeq(spec, key))) {
      for (const p of src.items(src.getSeq(rule, peerKey))) peer(src, p, report, text);
      for (const p of src.items(src.getSeq(rule, 'ports'))) port(src, p, report);
    }
  }
  return out;
}

function policyTypes(src: NodeSource, seq: Node | undefined, report: Report): void {
  const seen = new Set<string>();
  for (const item of src.items(seq)) {
    if (!isScalar(item)) continue;
    const v = String(item.value);
    if (seen.has(v)) report('duplicate-policy-type', src.span(item), `policyTypes lists ${v} twice.`);
    seen.add(v);
  }
}

/** Label syntax and operator rules of one selector. */
export function selector(src: NodeSource, node: Node | null, report: Report): void {
  if (!isMap(node)) return;
  const labels = src.getMap(node, 'matchLabels');
  for (const e of src.entries(labels)) {
    labelKey(src, e.key, e.pair.key as Node, report);
    if (isScalar(e.value) && typeof e.value.value === 'string') labelValue(src, e.value.value, e.value, report);
  }
  for (const req of src.items(src.getSeq(node, 'matchExpressions'))) {
    if (!isMap(req)) continue;
    const keyNode = src.get(req, 'key')?.value;
    if (isScalar(keyNode) && typeof keyNode.value === 'string') labelKey(src, keyNode.value, keyNode, report);
    const op = src.getString(req, 'operator');
    const valuesEntry = src.get(req, 'values');
    const values = isSeq(valuesEntry?.value) ? src.items(valuesEntry!.value) : [];
    if ((op === 'In' || op === 'NotIn') && values.length === 0)
      report('selector-values-required', src.span(req), `The ${op} operator needs a non-empty \`values\` list.`);
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0)
      report('selector-values-forbidden', src.pairSpan(valuesEntry!.pair), `The ${op} operator takes no values; remove \`values\`.`);
    for (const v of values) if (isScalar(v) && typeof v.value === 'string') labelValue(src, v.value, v, report);
  }
}

function labelKey(src: NodeSource, key: string, node: Node, report: Report): void {
  const problem = labelKeyProblem(key);
  if (problem) report('invalid-label-key', src.span(node), `Invalid label key "${key}": ${problem}.`);
}

function labelValue(src: NodeSource, value: string, node: Node, report: Report): void {
  const problem = labelValueProblem(value);
  if (problem) report('invalid-label-value', src.span(node), `Invalid label value "${value}": ${problem}.`);
}

function peer(src: NodeSource, node: Node, report: Report, text: string | undefined): void {
  // `- ` with nothing (or `~`) decodes to an empty peer, which the API server rejects.
  if (isNullNode(node)) { report('peer-empty', src.span(node),
    'This peer is empty: give it a podSelector, a namespaceSelector or an ipBlock (an empty list item is rejected).'); return; }
  if (!isMap(node)) return;
  const set = (k: string) => { const e = src.get(node, k); return e && !(e.value === null || (isScalar(e.value) && e.value.value === null)) ? e : undefined; };
  const pod = set('podSelector'), ns = set('namespaceSelector'), ip = set('ipBlock');
  if (!pod && !ns && !ip) report('peer-empty', src.span(node),
    'This peer sets nothing: give it a podSelector, a namespaceSelector or an ipBlock (an empty list item is rejected).');
  if (ip && (pod || ns)) report('ipblock-with-selector', src.pairSpan(ip.pair),
    'An ipBlock cannot be combined with a selector in the same peer; make them two list items.');
  if (pod) selector(src, pod.value, report);
  if (ns) selector(src, ns.value, report);
  if (!ip || !isMap(ip.value)) return;
  const cidrNode = src.get(ip.value, 'cidr')?.value;
  const cidrText = isScalar(cidrNode) ? String(cidrNode.value) : undefined;
  const cidr = cidrText ? parseCidr(cidrText) : undefined;
  if (cidrNode && cidrText !== undefined && !cidr) report('invalid-cidr', src.span(cidrNode),
    `"${cidrText}" is not a valid CIDR (e.g. 10.0.0.0/8 or 2001:db8::/32).`);
  const exceptSeq = src.getSeq(ip.value, 'except');
  for (const e of src.items(exceptSeq)) {
    const t = isScalar(e) ? String(e.value) : '';
    const ex = parseCidr(t);
    if (!ex) { report('invalid-cidr', src.span(e), `"${t}" is not a valid CIDR.`); continue; }
    if (!cidr) continue;
    if (!isStrictSubset(ex, cidr)) {
      const fixes = text ? dropExceptFix(src, text, ip, e) : undefined;
      report('except-outside-cidr', src.span(e), `except ${t} must lie strictly inside cidr ${cidrText}; the API server rejects the policy.`, fixes);
    }
  }
}

/** Removes an except from its list (`removeSeqItem`); none for an except reached through an alias. */
function dropExceptFix(src: NodeSource, text: string, ipBlock: { pair: Pair; value: Node | null }, item: Node): Fix[] | undefined {
  const entry = src.get(ipBlock.value, 'except');
  if (ipBlock.pair.value !== ipBlock.value || !entry || entry.pair.value !== entry.value || !isSeq(entry.value)) return undefined;
  const edit = removeSeqItem(src, text, entry.pair, entry.value.items.indexOf(item));
  return edit ? [{ title: 'Remove this except', preferred: true, edits: [edit] }] : undefined;
}

function port(src: NodeSource, node: Node, report: Report): void {
  if (!isMap(node)) return;
  const portNode = src.get(node, 'port')?.value;
  const endNode = src.get(node, 'endPort')?.value;
  const endEntry = src.get(node, 'endPort');
  const p = isScalar(portNode) ? portNode.value : undefined;
  const e = isScalar(endNode) ? endNode.value : undefined;
  if (typeof p === 'number' && (p < 1 || p > 65535 || !Number.isInteger(p))) report('port-out-of-range', src.span(portNode!), `Port ${p} is outside 1-65535.`);
  if (typeof p === 'string') {
    if (/^\d+$/.test(p)) report('invalid-port-name', src.span(portNode!),
      `"${p}" is quoted, so it is read as a port name, and a port name needs a letter. Remove the quotes to mean port ${p}.`);
    else if (!isValidPortName(p)) report('invalid-port-name', src.span(portNode!),
      `"${p}" is not a valid port name: at most 15 lowercase letters, digits and single inner "-", with at least one letter.`);
  }
  if (typeof e === 'number') {
    if (e < 1 || e > 65535) report('port-out-of-range', src.span(endNode!), `endPort ${e} is outside 1-65535.`);
    if (p === undefined || p === null) report('end-port-without-port', src.pairSpan(endEntry!.pair), 'endPort needs a numeric port to start the range.');
    else if (typeof p === 'string') report('end-port-with-named-port', src.pairSpan(endEntry!.pair),
      'endPort cannot be used with a named port; use a numeric port.');
    else if (typeof p === 'number' && e < p) report('end-port-before-port', src.span(endNode!), `endPort ${e} is below port ${p}; the range must run upwards.`);
  }
}
