// "Add the DNS egress rule" as a refactoring on an egress-isolating policy under the cursor,
// built by the checks' own fix (checks/dns.ts) so the quick fix and this never disagree.
import { rulePorts } from '../connectivity';
import { dnsFix } from '../checks/dns';
import type { ManifestObject } from '../parse-manifests';
import type { Snapshot } from '../snapshot';
import type { Fix, Policy } from '../types';
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

function sameEdits(a: Fix, b: Fix): boolean {
  return JSON.stringify(a.edits) === JSON.stringify(b.edits);
}

/**
 * The DNS rule for the egress-isolating policy at `offset`, unless the policy already allows
 * DNS itself or one of the `offered` quick fixes makes the very same edit.
 */
export function dnsRuleRefactorings(s: Snapshot, file: string, text: string, objects: readonly ManifestObject[], offset: number, offered: readonly Fix[]): Refactoring[] {
  const obj = objects.find((o) => offset >= o.span.start && offset <= o.span.end);
  if (!obj) return [];
  const policy = s.policies.find((p) => p.file === file && p.span.start === obj.span.start);
  if (!policy || !policy.isolates.egress || allowsDns(s, policy)) return [];
  const fixes = dnsFix({ s, file, policies: [policy], text, objects }, policy) ?? [];
  return fixes.filter((f) => !offered.some((o) => sameEdits(o, f))).map((f) => ({ title: f.title, kind: 'refactor' as const, edits: f.edits }));
}
