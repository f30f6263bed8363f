// Hover content by semantic path: what a selector or peer matches, a rule in plain English,
// what policyTypes/ports/ipBlock/endPort mean here, and field documentation from the schema.
import { pathAt, type PathAt } from '../path-at';
import { schemaAt } from '../policy-schema';
import { ruleAdmits } from '../rule-admits';
import { formatRange } from '../ip';
import type { ManifestObject } from '../parse-manifests';
import type { Snapshot } from '../snapshot';
import type { Direction, Policy, Span, Workload } from '../types';
import { count, peerPhrase, podPhrase, rulePhrase } from './phrases';
import { workloadLensTitle } from './lenses';

/** Markdown for a hover and the span it applies to. */
export interface HoverContent {
  span: Span;
  markdown: string;
}

/** Turns a file and offset into a markdown link text (the server knows lines; the engine does not). */
export type LinkFn = (file: string, offset: number, text: string) => string;

const MAX_LISTED = 20;

/** The hover at an offset of a file's objects, or undefined. */
export function hoverAt(s: Snapshot, objects: readonly ManifestObject[], offset: number, link: LinkFn): HoverContent | undefined {
  const at = pathAt(objects, offset);
  if (!at) return undefined;
  const policy = s.policies.find((p) => p.file === at.object.file && p.span.start === at.object.span.start);
  if (!policy) return workloadHover(s, at, link);
  return policyHover(s, policy, at, link);
}

function workloadHover(s: Snapshot, at: PathAt, link: LinkFn): HoverContent | undefined {
  const w = s.workloads.find((x) => x.file === at.object.file && x.span.start <= at.object.span.start && x.span.end >= at.object.span.start) ?? s.workloads.find((x) => x.name === at.object.name && x.namespace === (at.object.namespace ?? x.namespace) && x.file === at.object.file);
  if (!w || !['apiVersion', 'kind', 'metadata'].includes(String(at.path[0]))) return undefined;
  const iso = s.isolation(w);
  const lines = [`**${w.kind} ${w.namespace}/${w.name}**: ${workloadLensTitle(s, w)}`];
  for (const [dir, list] of [['ingress', iso.ingress], ['egress', iso.egress]] as const) {
    for (const a of list) lines.push(`- ${dir} isolated by ${link(a.policy.file, a.policy.span.start, `${a.policy.namespace}/${a.policy.name}`)}`);
  }
  return { span: at.span, markdown: lines.join('\n') };
}

function policyHover(s: Snapshot, policy: Policy, at: PathAt, link: LinkFn): HoverContent | undefined {
  const path = at.path;
  const key = path[path.length - 1];
  if (path[0] === 'spec') {
    if (at.onKey && key === 'policyTypes') return { span: at.span, markdown: policyTypesText(policy) };
    if (at.onKey && key === 'endPort') return { span: at.span, markdown: 'Ports `port` to `endPort`, both included. Only with a numeric `port`; most CNIs support it since Kubernetes 1.25.' };
    if (path[1] === 'podSelector') return { span: at.span, markdown: selectionText(s, policy, link) };
    if (path[1] === 'ingress' || path[1] === 'egress') {
      const dir = path[1] as Direction;
      const ruleIndex = path[2];
      if (typeof ruleIndex !== 'number') return fieldDoc(at);
      const rule = policy[dir][ruleIndex];
      if (!rule) return undefined;
      const peerKey = dir === 'ingress' ? 'from' : 'to';
      if (path[3] === peerKey && typeof path[4] === 'number') {
        const peerIndex = path[4];
        if (at.onKey && key === 'ipBlock') return { span: at.span, markdown: `${ipBlockText()}\n\n${peerText(s, policy, dir, ruleIndex, peerIndex, link)}` };
        return { span: at.span, markdown: peerText(s, policy, dir, ruleIndex, peerIndex, link) };
      }
      if (path[3] === 'ports' && at.onKey && path.length === 4) return { span: at.span, markdown: `${portsText(rule.ports !== undefined)}\n\n${ruleText(s, policy, dir, ruleIndex, link)}` };
      if (path[3] === 'ports' && typeof path[4] === 'number' && (!at.onKey || key === 'port')) return { span: at.span, markdown: ruleText(s, policy, dir, ruleIndex, link) };
      if (path.length === 3 || (at.onKey && (key === peerKey))) return { span: at.span, markdown: ruleText(s, policy, dir, ruleIndex, link) };
    }
  }
  return fieldDoc(at);
}

function fieldDoc(at: PathAt): HoverContent | undefined {
  if (!at.onKey) return undefined;
  const field = schemaAt(at.path);
  if (!field) return undefined;
  return { span: at.span, markdown: `**${at.path[at.path.length - 1]}** (${field.type})\n\n${field.doc}${field.enum ? `\n\nOne of: ${field.enum.map((e) => `\`${e}\``).join(', ')}` : ''}` };
}

function listWorkloads(ws: readonly Workload[], link: LinkFn): string {
  const lines = ws.slice(0, MAX_LISTED).map((w) => `- ${w.kind} ${link(w.file, w.span.start, `${w.namespace}/${w.name}`)}`);
  if (ws.length > MAX_LISTED) lines.push(`- … and ${ws.length - MAX_LISTED} more`);
  return lines.join('\n');
}

function selectionText(s: Snapshot, policy: Policy, link: LinkFn): string {
  const a = s.analyze(policy);
  const all = s.index.inNamespace(policy.namespace);
  const head = policy.podSelector.invalid
    ? `**Selects nothing**: the selector is invalid (see the diagnostics).`
    : policy.podSelector.matchLabels.length === 0 && policy.podSelector.matchExpressions.length === 0
      ? `**Selects all ${count(all.length, 'pod')} in namespace ${policy.namespace}**`
      : `**Selects ${count(a.selected.length, 'workload')}** (${podPhrase(policy.podSelector)} in namespace ${policy.namespace})`;
  return `${head}\n\n${listWorkloads(a.selected, link)}`;
}

function peerText(s: Snapshot, policy: Policy, dir: Direction, ruleIndex: number, peerIndex: number, link: LinkFn): string {
  const pa = s.analyze(policy)[dir][ruleIndex]?.peers?.[peerIndex];
  if (!pa) return '';
  const phrase = peerPhrase(pa.peer, policy.namespace);
  if (pa.peer.kind === 'ipBlock') {
    const matched = pa.workloads.length ? `\n\nPods with a known IP inside: ${count(pa.workloads.length, 'workload')}\n${listWorkloads(pa.workloads, link)}` : '';
    return `**${dir === 'ingress' ? 'From' : 'To'} ${phrase}**${matched}`;
  }
  const nsNote = pa.peer.kind === 'pods' && pa.peer.namespaceSelector && !pa.peer.podSelector ? `\n\nNamespaces (${pa.namespaces.length}): ${pa.namespaces.join(', ') || 'none'}` : '';
  const all = pa.peer.kind === 'pods' && !pa.peer.podSelector && pa.namespaces.length === 1 ? `all ${count(pa.workloads.length, 'pod')} in namespace ${pa.namespaces[0]}` : count(pa.workloads.length, 'workload');
  return `**Matches ${all}**: ${phrase}${nsNote}\n\n${listWorkloads(pa.workloads, link)}`;
}

function ruleText(s: Snapshot, policy: Policy, dir: Direction, ruleIndex: number, link: LinkFn): string {
  const rule = policy[dir][ruleIndex]!;
  const admits = ruleAdmits(s, policy, rule);
  const lines = [`**${rulePhrase(policy, rule)}.**`, ''];
  if (admits.workloads === 'all') lines.push(`Admits every workload and every address${dir === 'ingress' ? '' : ' (the rule has no `to`)'}.`);
  else {
    lines.push(`In this workspace: ${count(admits.workloads.length, 'workload')}${admits.ranges.length ? ` and ${count(admits.ranges.length, 'address range')}` : ''}.`);
    for (const x of admits.workloads.slice(0, MAX_LISTED)) lines.push(`- ${x.workload.kind} ${link(x.workload.file, x.workload.span.start, `${x.workload.namespace}/${x.workload.name}`)}: ${x.ports.describe()}`);
    if (admits.workloads.length > MAX_LISTED) lines.push(`- … and ${admits.workloads.length - MAX_LISTED} more`);
    for (const r of admits.ranges) lines.push(`- ${formatRange(r.range)}: ${r.ports.describe()}`);
  }
  return lines.join('\n');
}

function policyTypesText(policy: Policy): string {
  const types = [policy.isolates.ingress ? 'Ingress' : '', policy.isolates.egress ? 'Egress' : ''].filter(Boolean).join(' + ') || 'nothing';
  const how = policy.policyTypesWritten
    ? 'Written here, so taken as is.'
    : `Not written: defaults to Ingress${policy.hasEgressKey ? ' + Egress, because an egress section is written' : ''}.`;
  const trap = policy.isolates.egress && policy.egress.length === 0 ? '\n\n**Egress is isolated with no egress rule: selected pods can send nothing, not even DNS.**' : '';
  return `**policyTypes: ${types}.** ${how} A listed type isolates the selected pods in that direction; only rules of some policy then let traffic through.${trap}`;
}

function portsText(written: boolean): string {
  return `**ports**: ${written ? 'each item is one protocol and a port, a range (endPort) or every port of the protocol; a named port resolves on the destination pod.' : 'missing or empty: every port and protocol.'} Ports and peers are ANDed within a rule.`;
}

function ipBlockText(): string {
  return '**ipBlock** matches addresses in `cidr` minus `except`. It is meant for traffic leaving or entering the cluster: whether it also matches pod IPs depends on your CNI (the engine matches pods whose `status.podIP` is known). Source addresses may be rewritten by load balancers.';
}

/** Whether an object is a NetworkPolicy the snapshot knows (for features that attach only there). */
export function isPolicyObject(s: Snapshot, obj: ManifestObject): boolean {
  return s.policies.some((p) => p.file === obj.file && p.span.start === obj.span.start);
}

