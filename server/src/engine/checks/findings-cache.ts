// The semantic findings of each policy, kept between snapshots so that an edit re-checks only
// the policies it can change. Every check looks at one policy and the workload index, and two
// look at the other policies of the same namespace: DNS coverage (their pod selectors, egress
// isolation and DNS rules) and duplicate names. So a policy's findings stay valid while its
// analysis (new when the policy or any workload or namespace changes), its yaml object (the text
// fixes are built from) and the namespace's signature of those facts are the same. Spans are
// stored relative to the policy's start and moved when an edit before it shifts the policy.
import type { ManifestObject } from '../parse-manifests';
import type { PolicyAnalysis, Snapshot } from '../snapshot';
import type { Finding, LabelSelector, Policy } from '../types';
import { groupBy, memo } from './context';
import { ownDns } from './dns';

interface Entry {
  /** The namespace's signature (namespaceSignature) when the findings were made. */
  deps: string;
  /** The yaml tree fixes were built from (the same object while its `---` section's text is unchanged). */
  node: unknown;
  withText: boolean;
  /** The policy's start offset the spans below belong to. */
  base: number;
  findings: Finding[];
}

const entries = new WeakMap<PolicyAnalysis, Entry>();
const byNamespace = new WeakMap<Snapshot, Map<string, Policy[]>>();
const signatures = new WeakMap<Snapshot, Map<string, string>>();
const parts = new WeakMap<PolicyAnalysis, string>();

/**
 * What the checks read of a namespace's other policies, as one string: each policy's name, its
 * egress isolation and pod selector, and the DNS its egress rules allow. An edit of one policy's
 * ingress peers leaves it unchanged, so the other policies of the namespace keep their findings.
 * Built per namespace when asked, from parts kept with each policy's analysis.
 */
function namespaceSignature(s: Snapshot, ns: string): string {
  const done = memo(signatures, s, () => new Map<string, string>());
  let sig = done.get(ns);
  if (sig === undefined) {
    const policies = memo(byNamespace, s, () => groupBy(s.policies, (p) => p.namespace)).get(ns) ?? [];
    sig = policies.map((p) => {
      const a = s.analyze(p);
      return memo(parts, a, () => [p.name, p.isolates.egress ? 'E' : '', selectorKey(p.podSelector), p.isolates.egress ? [...ownDns(s, a)].sort().join()
        : ''].join('\u0001'));
    }).join('\u0002');
    done.set(ns, sig);
  }
  return sig;
}

function selectorKey(sel: LabelSelector): string {
  if (sel.invalid) return '!';
  return JSON.stringify([sel.matchLabels, sel.matchExpressions.map((r) => [r.key, r.operator, r.values])]);
}

/** The cached findings of a policy, moved to its current offset; undefined when they may be stale. */
export function cachedFindings(s: Snapshot, p: Policy, object: ManifestObject | undefined, withText: boolean): Finding[] | undefined {
  const e = entries.get(s.analyze(p));
  if (!e || e.node !== object?.node || e.withText !== withText || e.deps !== namespaceSignature(s, p.namespace)) return undefined;
  // Moved copies, not stored: they die young, where storing them would churn the old generation
  // on every keystroke of a large file (each policy after the edit moves).
  const delta = p.span.start - e.base;
  return delta === 0 ? e.findings : e.findings.map((f) => shifted(f, delta));
}

/**
 * Stores the findings just made for a policy. Findings reaching outside the policy's text
 * (another policy of the same name, a workload defined beside it in the same file) would not
 * move with the policy: such a policy is not stored and is checked again next time.
 */
export function storeFindings(s: Snapshot, p: Policy, object: ManifestObject | undefined, withText: boolean, findings: Finding[]): void {
  const a = s.analyze(p);
  const inside = (sp: { start: number; end: number }) => sp.start >= p.span.start && sp.end <= p.span.end;
  const movable = findings.every((f) => inside(f.span) && !f.related?.some((r) => r.file === p.file)
    && (f.fixes ?? []).every((fix) => fix.edits.every((e) => e.file === p.file && inside(e.span))));
  if (!movable) {
    entries.delete(a);
    return;
  }
  entries.set(a, { deps: namespaceSignature(s, p.namespace), node: object?.node, withText, base: p.span.start, findings });
}

/** A copy of a finding with its span and its fixes' spans (all inside the policy) moved. */
function shifted(f: Finding, delta: number): Finding {
  const move = (sp: { start: number; end: number }) => ({ start: sp.start + delta, end: sp.end + delta });
  const out: Finding = { ...f, span: move(f.span) };
  if (f.fixes) out.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, span: move(e.span) })) }));
  return out;
}
