// "Add the DNS egress rule" as a refactoring on an egress-isolating policy under the cursor,
// built by the checks' own fix (checks/dns.ts) so the quick fix and this never disagree.
import { rulePorts } from '../connectivity';
import { dnsCoverage, dnsFix, ownDns } from '../checks/dns';
import { isEmptySelector } from '../label-selector';
import type { ManifestObject } from '../parse-manifests';
import type { Snapshot } from '../snapshot';
import type { Fix, LabelSelector, Policy } from '../types';
import type { Refactoring } from './types';

/**
 * Whether a policy's own egress rules already allow DNS on UDP and TCP 53: to a kube-dns
 * workload of the workspace, or (with none indexed) with port 53 written out or to anywhere.
 */
function allowsDns(s: Snapshot, p: Policy): boolean {
  const servers = s.workloads.filter((w) => w.labels.get('k8s-app') === 'kube-dns');
  const rules = s.analyze(p).egress;
  return (['UDP', 'TCP'] as const).every((proto) => rules.some((ra) => {
    if (!ra.peers) return rulePorts(ra.rule, servers[0]).has(proto, 53);
    if (servers.length > 0) return ra.peers.some((pa) => servers.some((d) => pa.matches(d) && rulePorts(ra.rule, d).has(proto, 53)));
    return ra.rule.ports !== undefined && rulePorts(ra.rule, undefined).has(proto, 53);
  }));
}

/**
 * Whether the policies selecting a policy's pods already allow them DNS together: every
 * selected workload gets UDP and TCP 53 (dnsCoverage, as egress-without-dns decides), or, with
 * none selected in the workspace, a policy of the namespace selecting every pod (or the same
 * pods, by the same selector) allows both.
 */
function namespaceAllowsDns(s: Snapshot, p: Policy): boolean {
  if (s.analyze(p).selected.length > 0) {
    const c = dnsCoverage(s, p);
    return c.none.length === 0 && c.partial.length === 0;
  }
  const covers = (q: Policy) => !q.podSelector.invalid && (isEmptySelector(q.podSelector) || sameSelector(q.podSelector, p.podSelector));
  return s.policies.some((q) => q !== p && q.namespace === p.namespace && q.isolates.egress && covers(q) && ownDns(s, s.analyze(q)).size === 2);
}

/** Whether two selectors say the same (so they select the same pods, in the cluster too). */
function sameSelector(a: LabelSelector, b: LabelSelector): boolean {
  const text = (x: LabelSelector) => JSON.stringify([[...x.matchLabels].sort(), x.matchExpressions.map((e) => [e.key, e.operator, [...e.values].sort()])]);
  return text(a) === text(b);
}

function sameEdits(a: Fix, b: Fix): boolean {
  return JSON.stringify(a.edits) === JSON.stringify(b.edits);
}

/**
 * The DNS rule for the egress-isolating policy at `offset`, unless the policy already allows
 * DNS itself, the namespace's policies allow it together, or one of the `offered` quick fixes
 * makes the very same edit. On a deny-all, as a new policy first (checks/dns-policy-fix.ts).
 */
export function dnsRuleRefactorings(s: Snapshot, file: string, text: string, objects: readonly ManifestObject[], offset: number,
  offered: readonly Fix[]): Refactoring[] {
  const obj = objects.find((o) => offset >= o.span.start && offset <= o.span.end);
  if (!obj) return [];
  const policy = s.policies.find((p) => p.file === file && p.span.start === obj.span.start);
  if (!policy || !policy.isolates.egress || allowsDns(s, policy) || namespaceAllowsDns(s, policy)) return [];
  const fixes = dnsFix({ s, file, policies: [policy], text, objects }, policy) ?? [];
  return fixes.filter((f) => !offered.some((o) => sameEdits(o, f))).map((f) => ({ title: f.title, kind: 'refactor' as const, edits: f.edits }));
}
