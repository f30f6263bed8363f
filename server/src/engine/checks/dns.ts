// DNS for egress-isolated pods, shared by egress-without-dns and dns-one-protocol, and the fix
// that inserts the DNS egress rule (also offered as a refactoring, refactor/dns-rule.ts).
//
// When does a protocol (UDP or TCP) count as allowed for DNS? When an egress rule of a policy
// that selects the pod and isolates its egress admits port 53 of that protocol:
// - with kube-dns workloads in the workspace (label k8s-app=kube-dns, CoreDNS's too): towards
//   one of them (named ports resolved on it), or towards an ipBlock (a node-local or external
//   resolver: addresses are not known), or towards every destination (no `to`);
// - without any (repositories rarely hold kube-system): any rule admitting port 53, or a port
//   named like `dns`, towards any peer that could match something, since the servers cannot be
//   checked; invalid peers match nothing, and a named port matches nothing towards an ipBlock.
import { isMap, isSeq, type Node, type Pair } from 'yaml';
import { rulePorts } from '../connectivity';
import { matchesLabels } from '../label-selector';
import type { YamlTree } from '../refactor/indent-style';
import type { PolicyAnalysis, RuleAnalysis, Snapshot } from '../snapshot';
import type { Fix, LabelSelector, Policy, Protocol, TextEdit, Workload } from '../types';
import type { WorkloadIndex } from '../workload-index';
import { isNullNode, type NodeSource } from '../yaml-nodes';
import { addPolicyTypeEdit } from './add-policy-type';
import { dnsPolicyFix } from './dns-policy-fix';
import { groupBy, memo, objectOf, styleOf, type CheckContext } from './context';
import { writesJson } from '../json-style';
import { appendBlockItem, appendBlockKey, appendFlowItem, appendFlowPair, blockItemLines, blockKeyLines, flowText, isFlow, lineEnd, lineStart, newline,
  quotesScalars, shiftLines } from '../yaml-edits';

const KUBE_DNS: LabelSelector = { matchLabels: [['k8s-app', 'kube-dns']], matchExpressions: [], span: { start: 0, end: 0 }, invalid: false };
const DNS_PROTOCOLS: readonly Protocol[] = ['UDP', 'TCP'];

/** The DNS egress rule the fix inserts: kube-dns in kube-system, on UDP and TCP 53. */
export const DNS_RULE: YamlTree = {
  map: [
    ['to', { seq: [{ map: [
      ['namespaceSelector', { map: [['matchLabels', { map: [['kubernetes.io/metadata.name', 'kube-system']] }]] }],
      ['podSelector', { map: [['matchLabels', { map: [['k8s-app', 'kube-dns']] }]] }],
    ] }] }],
    ['ports', { seq: [{ map: [['protocol', 'UDP'], ['port', '53']] }, { map: [['protocol', 'TCP'], ['port', '53']] }] }],
  ],
};

const serversOf = new WeakMap<WorkloadIndex, Workload[]>();

/** The kube-dns workloads of the workspace, found through the label index. */
export function dnsServers(s: Snapshot): Workload[] {
  return memo(serversOf, s.index, () => [...s.index.namespaces()].flatMap((ns) => s.index.select(ns, KUBE_DNS)));
}

/** The DNS protocols one egress rule allows (see the header for what counts). */
function ruleDns(ra: RuleAnalysis, servers: readonly Workload[]): Protocol[] {
  const rule = ra.rule;
  return DNS_PROTOCOLS.filter((proto) => {
    const dnsNamed = (rule.ports ?? []).some((p) => !p.invalid && p.protocol === proto && typeof p.port === 'string' && p.port.includes('dns'));
    const to53 = rulePorts(rule, undefined).has(proto, 53);
    if (servers.length === 0) {
      // The servers cannot be checked, but a peer that provably matches nothing allows no DNS:
      // an invalid peer, an invalid ipBlock or selector, and an ipBlock by a named port alone.
      if (!ra.peers) return to53 || dnsNamed;
      return ra.peers.some((pa) => {
        const peer = pa.peer;
        if (peer.kind === 'invalid') return false;
        if (peer.kind === 'ipBlock') return !peer.invalid && !!peer.cidr && to53;
        return !peer.podSelector?.invalid && !peer.namespaceSelector?.invalid && (to53 || dnsNamed);
      });
    }
    const toServer = (d: Workload) => rulePorts(rule, d).has(proto, 53);
    if (!ra.peers) return servers.some(toServer);
    return ra.peers.some((pa) => (pa.peer.kind === 'ipBlock' ? !pa.peer.invalid && to53 : servers.some((d) => pa.matches(d) && toServer(d))));
  });
}

const ownDnsOf = new WeakMap<PolicyAnalysis, Set<Protocol>>();

/** The DNS protocols a policy's own egress rules allow (memoized with its analysis). */
export function ownDns(s: Snapshot, a: PolicyAnalysis): Set<Protocol> {
  return memo(ownDnsOf, a, () => {
    const servers = dnsServers(s);
    return new Set(a.egress.flatMap((ra) => ruleDns(ra, servers)));
  });
}

const egressByNs = new WeakMap<Snapshot, Map<string, Policy[]>>();

/** The egress-isolating policies of a namespace (grouped once per snapshot). */
function egressPolicies(s: Snapshot, ns: string): Policy[] {
  return memo(egressByNs, s, () => groupBy(s.policies, (p) => (p.isolates.egress && !p.podSelector.invalid ? p.namespace : undefined))).get(ns) ?? [];
}

/** For an egress-isolating policy: its selected workloads without DNS, and those with one protocol only. */
export interface DnsCoverage {
  selected: number;
  none: Workload[];
  partial: { workload: Workload; protocol: Protocol }[];
}

const coverageOf = new WeakMap<Snapshot, Map<Policy, DnsCoverage>>();

/**
 * Which selected workloads of a policy may not resolve names. A workload's egress is the union
 * of every egress-isolating policy selecting it, all in its namespace: only those that allow
 * some DNS are tested against its labels, so the cost is selected × DNS-allowing policies.
 */
export function dnsCoverage(s: Snapshot, p: Policy): DnsCoverage {
  const byPolicy = memo(coverageOf, s, () => new Map<Policy, DnsCoverage>());
  let c = byPolicy.get(p);
  if (c) return c;
  const a = s.analyze(p);
  const own = ownDns(s, a);
  c = { selected: a.selected.length, none: [], partial: [] };
  if (p.isolates.egress && own.size < DNS_PROTOCOLS.length) {
    const others = egressPolicies(s, p.namespace)
      .filter((q) => q !== p)
      .map((q) => ({ q, dns: ownDns(s, s.analyze(q)) }))
      .filter((o) => [...o.dns].some((proto) => !own.has(proto)));
    for (const w of a.selected) {
      const protos = new Set(own);
      for (const o of others) {
        if (protos.size === DNS_PROTOCOLS.length) break;
        if (matchesLabels(o.q.podSelector, w.labels)) for (const proto of o.dns) protos.add(proto);
      }
      if (protos.size === 0) c.none.push(w);
      else if (protos.size === 1) c.partial.push({ workload: w, protocol: [...protos][0]! });
    }
  }
  byPolicy.set(p, c);
  return c;
}

/** Two inserts at one offset as one edit, in order; other edits unchanged. */
function joinInserts(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const prev = out.find((o) => o.span.start === e.span.start && o.span.end === o.span.start && e.span.end === e.span.start);
    if (prev) prev.newText += e.newText;
    else out.push({ ...e, span: { ...e.span } });
  }
  return out;
}

/**
 * The DNS rule as the value of an `egress` key written without one (`egress:`, `egress: ~`,
 * `"egress": null`): a block list under the key (a comment on its line stays there), or a flow
 * list in a flow map or JSON.
 */
function fillNullEgress(ctx: CheckContext, src: NodeSource, spec: Node, pair: Pair, json: boolean): TextEdit | undefined {
  const text = ctx.text!;
  const key = src.span(pair.key as Node);
  const value = pair.value as Node | null;
  const token = value?.range && value.range[1] > value.range[0] ? src.span(value) : undefined;
  if (isFlow(spec)) {
    const list = `[${flowText(DNS_RULE, json || quotesScalars(spec))}]`;
    if (token) return { file: ctx.file, span: token, newText: list };
    const colon = /^\s*:/.exec(text.slice(key.end));
    if (!colon) return undefined;
    const at = key.end + colon[0].length;
    return { file: ctx.file, span: { start: at, end: at }, newText: ` ${list}` };
  }
  const ls = lineStart(text, key.start);
  const le = lineEnd(text, key.start);
  const m = /^([ \t]*:)([ \t]*(?:~|null|Null|NULL))?([ \t]*(?:#.*)?)$/.exec(text.slice(key.end, le));
  if (!/^ *$/.test(text.slice(ls, key.start)) || !m) return undefined;
  const nl = newline(text);
  const body = nl + shiftLines(blockKeyLines('egress', { seq: [DNS_RULE] }, styleOf(ctx)).slice(1), key.start - ls).join(nl);
  if (!m[2]) return { file: ctx.file, span: { start: le, end: le }, newText: body };
  // `egress: ~`: the null goes, a comment after it stays on the key's line.
  return { file: ctx.file, span: { start: key.end + m[1]!.length, end: le }, newText: m[3]! + body };
}

/**
 * The fix inserting the DNS egress rule into a policy, in the file's style (into a new policy
 * when this one has no egress rule, dns-policy-fix.ts): appended to its
 * `egress` list (block or flow), filling `egress: []` or an `egress:` without a value, or as a
 * new `egress` key; and adding
 * Egress to a written policyTypes that lacks it. Undefined without the text or a safe edit.
 */
export function dnsFix(ctx: CheckContext, p: Policy): Fix[] | undefined {
  // A policy that isolates egress with no rule denies all egress (a deny-all): a rule added to it
  // would end that, so the preferred fix is a new policy; adding it here is offered second, saying so.
  const denyAll = p.isolates.egress && p.egress.length === 0;
  const fresh = denyAll ? dnsPolicyFix(ctx, p, DNS_RULE) ?? [] : [];
  const edits = dnsRuleEdits(ctx, p);
  const here: Fix[] = edits ? [denyAll
    ? { title: `Add the DNS rule to ${p.name} (it then allows DNS egress: no longer a deny-all)`, preferred: fresh.length === 0, edits }
    : { title: 'Allow DNS egress (UDP and TCP 53 to kube-dns)', preferred: true, edits }] : [];
  const fixes = [...fresh, ...here];
  return fixes.length ? fixes : undefined;
}

/** The edits inserting the DNS rule into the policy itself (see dnsFix), or undefined. */
function dnsRuleEdits(ctx: CheckContext, p: Policy): TextEdit[] | undefined {
  const text = ctx.text;
  const obj = objectOf(ctx, p);
  if (!text || !obj) return undefined;
  const src = obj.src;
  const specEntry = src.get(obj.node, 'spec');
  const spec = specEntry?.value;
  // Aliased nodes live elsewhere in the file: editing them would change another place.
  if (!isMap(spec) || specEntry!.pair.value !== spec) return undefined;
  const json = writesJson(ctx.file, obj);
  const egress = src.get(spec, 'egress');
  if (egress && egress.pair.value !== egress.value) return undefined;
  let edit: TextEdit | undefined;
  if (egress && isSeq(egress.value)) {
    const seq = egress.value;
    if (!isFlow(seq)) edit = appendBlockItem(src, text, seq, blockItemLines(DNS_RULE, styleOf(ctx)));
    else if (seq.items.length > 0 || isFlow(spec) || json) edit = appendFlowItem(src, text, seq, flowText(DNS_RULE, json || quotesScalars(seq)));
    else {
      // `egress: []` in a block map: the brackets become a block list under the key.
      const key = src.span(egress.pair.key as Node);
      const at = src.span(seq);
      const between = text.slice(key.end, at.start);
      const col = key.start - lineStart(text, key.start);
      const afterOk = /^[ \t]*(#.*)?(\r?\n|$)/.test(text.slice(at.end));
      if (/^[ \t]*:[ \t]*$/.test(between) && afterOk && /^ *(- +)?$/.test(text.slice(lineStart(text, key.start), key.start))) {
        const style = styleOf(ctx);
        const nl = newline(text);
        const lines = shiftLines(blockKeyLines('egress', { seq: [DNS_RULE] }, style).slice(1), col);
        edit = { file: ctx.file, span: { start: key.end, end: at.end }, newText: `:${nl}${lines.join(nl)}` };
      }
    }
  } else if (egress && isNullNode(egress.value)) {
    edit = fillNullEgress(ctx, src, spec, egress.pair, json);
  } else if (!egress) {
    if (isFlow(spec)) {
      const q = json || quotesScalars(spec);
      edit = appendFlowPair(src, text, spec, `${q ? '"egress"' : 'egress'}: [${flowText(DNS_RULE, q)}]`);
    } else {
      edit = appendBlockKey(src, text, spec, blockKeyLines('egress', { seq: [DNS_RULE] }, styleOf(ctx)));
    }
  }
  if (!edit) return undefined;
  const edits: TextEdit[] = [];
  // Rules under a policyTypes without Egress would be ignored: add it too (before the rule when both insert at one place).
  if (p.policyTypesWritten && !p.isolates.egress) {
    const typeEdit = addPolicyTypeEdit(ctx, p, 'Egress');
    if (typeEdit) edits.push(typeEdit);
  }
  edits.push(edit);
  return joinInserts(edits);
}
