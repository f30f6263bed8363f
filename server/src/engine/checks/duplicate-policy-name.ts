// duplicate-policy-name: two policies with one name in one namespace; applying both, the
// later replaces the earlier, so one of them never takes effect.
import type { Policy, Finding } from '../types';
import { finding, groupBy, memo, type Check } from './context';

const byNameOf = new WeakMap<readonly Policy[], Map<string, Policy[]>>();

/** The workspace's policies by namespace and name, built once per snapshot. */
function policiesByName(all: readonly Policy[]): Map<string, Policy[]> {
  return memo(byNameOf, all, () => groupBy(all, (q) => (q.name ? `${q.namespace}\0${q.name}` : undefined)));
}

/** Two policies sharing a name in a namespace. */
export const duplicatePolicyName: Check = {
  id: 'duplicate-policy-name',
  severity: 'warning',
  summary: 'Two policies share a name in one namespace; one replaces the other.',
  example: 'two "default-deny" in shop',
  run(ctx) {
    const out: Finding[] = [];
    const byName = policiesByName(ctx.s.policies);
    for (const p of ctx.policies) {
      if (!p.name) continue;
      const twins = (byName.get(`${p.namespace}\0${p.name}`) ?? []).filter((q) => q !== p);
      if (twins.length === 0) continue;
      out.push(finding(ctx, this, p.nameSpan ?? p.span,
        `Another policy in namespace ${p.namespace} is also named "${p.name}": a namespace holds one policy per name, so applying both, the later replaces ` +
          `the earlier. Rename one of them.`,
        { related: twins.map((q) => ({ file: q.file, span: q.nameSpan ?? q.span, message: `the other policy named "${p.name}"` })) }));
    }
    return out;
  },
};
