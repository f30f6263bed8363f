// Semantic warnings against the workspace (selectors matching nothing, the AND/OR trap, DNS,
// ignored rules, named ports...). Each check is its own file here; this module runs them.
import type { ManifestObject } from '../parse-manifests';
import type { Snapshot } from '../snapshot';
import type { Finding, Policy } from '../types';
import { CHECKS, OPT_IN_CHECKS } from './all-checks';
import { groupBy, memo, objectOf, type CheckContext } from './context';
import { cachedFindings, storeFindings } from './findings-cache';
import { clusterFindings } from '../cluster-policy/checks';

const policiesByFile = new WeakMap<readonly Policy[], Map<string, Policy[]>>();

/** The policies of one file, grouped once per snapshot (a file lookup, not a scan per call). */
function policiesOf(s: Snapshot, file: string): Policy[] {
  return memo(policiesByFile, s.policies, () => groupBy(s.policies, (p) => p.file)).get(file) ?? [];
}

/**
 * The semantic findings for the policies of one file, in document order. Fixes (offset
 * edits) need the file's text and yaml objects (open documents); without them findings come
 * without fixes, and a `# OR:` comment acknowledging an AND/OR trap cannot be seen. Policies
 * whose inputs did not change since the last call reuse their findings (findings-cache.ts).
 * Opt-in checks (default off) run only when `optIn` names them.
 */
export function semanticFindings(s: Snapshot, file: string, text?: string, objects?: readonly ManifestObject[], optIn?: ReadonlySet<string>): Finding[] {
  const policies = policiesOf(s, file);
  const cluster = s.clusterPolicies.length > 0 ? clusterFindings(s, file) : [];
  if (policies.length === 0) return cluster;
  const ctx: CheckContext = { s, file, policies, text, objects };
  const withText = text !== undefined;
  const out: Finding[] = [];
  const stale: Policy[] = [];
  for (const p of policies) {
    const cached = cachedFindings(s, p, objectOf(ctx, p), withText);
    if (cached) for (const f of cached) out.push(f);
    else stale.push(p);
  }
  if (stale.length > 0) {
    const fresh = CHECKS.flatMap((check) => check.run({ ...ctx, policies: stale }));
    for (const f of fresh) out.push(f);
    const perPolicy = new Map<Policy, Finding[]>(stale.map((p) => [p, []]));
    const sorted = [...stale].sort((a, b) => a.span.start - b.span.start);
    let orphan = false;
    for (const f of fresh) {
      const p = containing(sorted, f.span.start);
      if (p) perPolicy.get(p)!.push(f);
      else orphan = true;
    }
    // A finding outside every policy cannot be given back later: store nothing this time.
    if (!orphan) for (const [p, fs] of perPolicy) storeFindings(s, p, objectOf(ctx, p), withText, fs);
  }
  for (const f of cluster) out.push(f);
  for (const check of OPT_IN_CHECKS) if (optIn?.has(check.id)) for (const f of check.run(ctx)) out.push(f);
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/** The policy whose span holds an offset (policies sorted by start, disjoint). */
function containing(sorted: readonly Policy[], offset: number): Policy | undefined {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = sorted[mid]!;
    if (offset < p.span.start) hi = mid - 1;
    else if (offset > p.span.end) lo = mid + 1;
    else return p;
  }
  return undefined;
}
