// The semantic findings of each policy, kept between snapshots so that an edit re-checks only
// the policies it can change. Every check looks at one policy, the workload index and the other
// policies of the same namespace (DNS coverage, duplicate names), so a policy's findings stay
// valid while its analysis (new when the policy or any workload or namespace changes), the
// analyses of its namespace's policies and its yaml object (the text fixes are built from) are
// the same objects. Spans are stored relative to the policy's start and moved when an edit
// before it shifts the policy.
import type { ManifestObject } from '../parse-manifests';
import type { PolicyAnalysis, Snapshot } from '../snapshot';
import type { Finding, Policy } from '../types';
import { memo } from './context';

interface Entry {
  /** The analyses of every policy of the namespace when the findings were made, in order. */
  deps: readonly PolicyAnalysis[];
  /** The yaml tree fixes were built from (the same object while its `---` section's text is unchanged). */
  node: unknown;
  withText: boolean;
  /** The policy's start offset the spans below belong to. */
  base: number;
  findings: Finding[];
}

const entries = new WeakMap<PolicyAnalysis, Entry>();
const byNamespace = new WeakMap<Snapshot, Map<string, PolicyAnalysis[]>>();

/** The analyses of every policy of a namespace in this snapshot (grouped once per snapshot). */
function namespaceAnalyses(s: Snapshot, ns: string): PolicyAnalysis[] {
  const m = memo(byNamespace, s, () => {
    const out = new Map<string, Policy[]>();
    for (const p of s.policies) {
      const list = out.get(p.namespace);
      if (list) list.push(p); else out.set(p.namespace, [p]);
    }
    return new Map([...out].map(([k, ps]) => [k, ps.map((p) => s.analyze(p))]));
  });
  return m.get(ns) ?? [];
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The cached findings of a policy, moved to its current offset; undefined when they may be stale. */
export function cachedFindings(s: Snapshot, p: Policy, object: ManifestObject | undefined, withText: boolean): Finding[] | undefined {
  const e = entries.get(s.analyze(p));
  if (!e || e.node !== object?.node || e.withText !== withText || !sameList(e.deps, namespaceAnalyses(s, p.namespace))) return undefined;
  const delta = p.span.start - e.base;
  if (delta !== 0) {
    e.findings = e.findings.map((f) => shifted(f, delta));
    e.base = p.span.start;
  }
  return e.findings;
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
  entries.set(a, { deps: namespaceAnalyses(s, p.namespace), node: object?.node, withText, base: p.span.start, findings });
}

/** A copy of a finding with its span and its fixes' spans (all inside the policy) moved. */
function shifted(f: Finding, delta: number): Finding {
  const move = (sp: { start: number; end: number }) => ({ start: sp.start + delta, end: sp.end + delta });
  const out: Finding = { ...f, span: move(f.span) };
  if (f.fixes) out.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, span: move(e.span) })) }));
  return out;
}
