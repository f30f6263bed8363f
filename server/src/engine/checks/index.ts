// Semantic warnings against the workspace (selectors matching nothing, the AND/OR trap, DNS,
// ignored rules, named ports...). Each check is its own file here; this module runs them.
import type { ManifestObject } from '../parse-manifests';
import type { Snapshot } from '../snapshot';
import type { Finding, Policy } from '../types';
import { CHECKS } from './all-checks';
import { memo, type CheckContext } from './context';

const policiesByFile = new WeakMap<readonly Policy[], Map<string, Policy[]>>();

/** The policies of one file, grouped once per snapshot (a file lookup, not a scan per call). */
function policiesOf(s: Snapshot, file: string): Policy[] {
  return memo(policiesByFile, s.policies, () => {
    const m = new Map<string, Policy[]>();
    for (const p of s.policies) {
      const list = m.get(p.file);
      if (list) list.push(p); else m.set(p.file, [p]);
    }
    return m;
  }).get(file) ?? [];
}

/**
 * The semantic findings for the policies of one file, in document order. Fixes (offset
 * edits) need the file's text and yaml objects (open documents); without them findings come
 * without fixes, and a `# OR:` comment acknowledging an AND/OR trap cannot be seen.
 */
export function semanticFindings(s: Snapshot, file: string, text?: string, objects?: readonly ManifestObject[]): Finding[] {
  const policies = policiesOf(s, file);
  if (policies.length === 0) return [];
  const ctx: CheckContext = { s, file, policies, text, objects };
  const out = CHECKS.flatMap((check) => check.run(ctx));
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}
