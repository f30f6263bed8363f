// Hover content by semantic path: what a selector or peer matches, a rule in plain English,
// what policyTypes/ports/ipBlock/endPort mean here, field documentation, workload summaries.
import { pathAt, type PathAt } from '../path-at';
import { schemaAt } from '../policy-schema';
import type { ManifestObject } from '../parse-manifests';
import type { Snapshot } from '../snapshot';
import type { Direction, Policy, Span, Workload } from '../types';
import { rulePhrase } from './phrases';
import { peerText, selectionText, type LinkFn } from './hover-selection';
import { endPortText, ipBlockText, policySummary, policyTypesText, portItemText, portsText, ruleText } from './hover-rule';
import { workloadText } from './hover-workload';
import { policyLens } from './lenses';
import { clusterRuleHover } from '../cluster-policy/hover';

export type { LinkFn } from './hover-selection';

/** Markdown for a hover and the span it applies to. */
export interface HoverContent {
  span: Span;
  markdown: string;
}

/** Keys inside selectors and ipBlocks whose API documentation comes before what they match. */
const STRUCTURAL = new Set(['matchLabels', 'matchExpressions', 'key', 'operator', 'values', 'cidr', 'except']);

/** Policies and workloads by `file, object start`, per snapshot (a WeakMap: nothing to clear). */
const byObject = new WeakMap<Snapshot, Map<string, Policy | Workload>>();

function objectKey(file: string, start: number): string {
  return `${file}\0${start}`;
}

/** The policy or workload an object defines, if the snapshot knows it. */
export function modelOf(s: Snapshot, obj: ManifestObject): Policy | Workload | undefined {
  let m = byObject.get(s);
  if (!m) {
    m = new Map();
    for (const w of s.workloads) m.set(objectKey(w.file, w.span.start), w);
    for (const p of s.policies) m.set(objectKey(p.file, p.span.start), p);
    byObject.set(s, m);
  }
  const hit = m.get(objectKey(obj.file, obj.span.start));
  if (hit) return hit;
  // A Pod owned by a controller is shown as its owner: find the workload its labels went to.
  return s.workloads.find((w) => w.file === obj.file && w.labelsSpan && w.labelsSpan.start >= obj.span.start && w.labelsSpan.end <= obj.span.end);
}

/**
 * The hover at an offset of a file's objects, or undefined. `link` renders a place in another
 * file (a workload, a policy, a Namespace) as a markdown link; the engine knows no lines.
 */
export function hoverAt(s: Snapshot, objects: readonly ManifestObject[], offset: number, link: LinkFn): HoverContent | undefined {
  const at = pathAt(objects, offset);
  if (!at) return undefined;
  const cluster = s.clusterPolicies.length > 0 ? clusterRuleHover(s, at) : undefined;
  if (cluster) return { span: at.span, markdown: cluster };
  const model = modelOf(s, at.object);
  if (!model) return undefined;
  const markdown = 'podSelector' in model ? policyHover(s, model, at, offset, link) : workloadHover(s, model, at, link);
  return markdown ? { span: at.span, markdown } : undefined;
}

function workloadHover(s: Snapshot, w: Workload, at: PathAt, link: LinkFn): string | undefined {
  const p = at.path;
  const relevant = p[0] === 'kind' || (p[0] === 'metadata' && (p[1] === 'name' || p[1] === 'labels' || p.length === 1)) || p.includes('labels');
  return relevant ? workloadText(s, w, link) : undefined;
}

/** The item whose span holds the offset, or the next item when the offset is on its `- `. */
function itemAt<T extends { span: Span }>(items: readonly T[] | undefined, offset: number): T | undefined {
  if (!items) return undefined;
  return items.find((x) => offset >= x.span.start && offset <= x.span.end) ?? items.find((x) => x.span.start > offset && x.span.start - offset <= 4);
}

function policyHover(s: Snapshot, policy: Policy, at: PathAt, offset: number, link: LinkFn): string | undefined {
  const path = at.path;
  const key = path[path.length - 1];
  const doc = () => fieldDoc(at);
  const withDoc = (text: string) => (at.onKey && STRUCTURAL.has(String(key)) ? `${doc() ?? ''}\n\n---\n\n${text}` : text);
  // The object as a whole: on `kind: NetworkPolicy` or the name's value (also a lens's explanation).
  if (!at.onKey && path.length <= 2 && (path[0] === 'kind' || (path[0] === 'metadata' && path[1] === 'name'))) {
    return policySummary(s, policy, policyLens(s, policy), link);
  }
  if (path[0] !== 'spec') return doc();
  if (path[1] === 'podSelector') return withDoc(selectionText(s, policy, link));
  if (path[1] === 'policyTypes') return policyTypesText(s, policy, link);
  if (path[1] !== 'ingress' && path[1] !== 'egress') return doc();
  const dir: Direction = path[1];
  const rule = itemAt(policy[dir], offset);
  if (path.length === 2) {
    if (at.onKey) {
      // As the lens says: rules of a direction policyTypes leaves out are ignored.
      const ignored = !policy.isolates[dir] && policy[dir].length > 0
        ? `**These rules are ignored**: \`policyTypes\` does not include ${dir === 'ingress' ? 'Ingress' : 'Egress'}, so they do nothing.` : undefined;
      return [doc(), ignored, ...policy[dir].map((r) => `- ${dir}[${r.index}]: ${rulePhrase(policy, r, s.analyze(policy))}`)].filter(Boolean).join('\n\n');
    }
    return rule && ruleText(s, policy, rule, link);
  }
  if (!rule) return doc();
  if (path.length === 3) return ruleText(s, policy, rule, link);
  const peerKey = dir === 'ingress' ? 'from' : 'to';
  if (path[3] === peerKey) {
    const peers = s.analyze(policy)[dir][rule.index]?.peers;
    const pa = peers && itemAt(peers.map((x) => ({ span: x.peer.span, pa: x })), offset)?.pa;
    if (path.length === 4 && at.onKey) return `${ruleText(s, policy, rule, link)}\n\n---\n\n${doc() ?? ''}`;
    if (!pa) return path.length === 4 ? ruleText(s, policy, rule, link) : doc();
    if (path[5] === 'ipBlock') return withDoc(`${ipBlockText(pa.peer, dir)}\n\n${peerText(s, policy, pa, link)}`);
    if (path[5] === 'namespaceSelector') return withDoc(peerText(s, policy, pa, link, true));
    if (path.length <= 5 || path[5] === 'podSelector') return withDoc(peerText(s, policy, pa, link));
    return doc();
  }
  if (path[3] === 'ports') {
    if (path.length === 4 && at.onKey) return `${portsText(policy, rule)}\n\n${ruleText(s, policy, rule, link)}`;
    const port = itemAt(rule.ports, offset);
    if (!port) return doc();
    if (key === 'endPort') return endPortText(port);
    if (key === 'protocol' && at.onKey) return doc();
    return portItemText(s, policy, rule, port, link);
  }
  return doc();
}

/** The API documentation of the field under the cursor, from the NetworkPolicy schema. */
function fieldDoc(at: PathAt): string | undefined {
  if (!at.onKey) return undefined;
  const field = schemaAt(at.path);
  if (!field) return undefined;
  const values = field.enum ?? field.items?.enum;
  return `**${at.path[at.path.length - 1]}** (${field.type})\n\n${field.doc}${values ? `\n\nOne of: ${values.map((e) => `\`${e}\``).join(', ')}` : ''}`;
}
