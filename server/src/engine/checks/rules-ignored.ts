// Rules that do nothing: ingress (or egress) rules under a written policyTypes that lacks the
// direction. The direction is then not isolated and its rules are never consulted.
import type { Direction, Finding } from '../types';
import { addPolicyTypeEdit } from './add-policy-type';
import { finding, peerKey, type Check, type CheckContext } from './context';

/** The findings of one direction's rules-ignored check, with the fix adding the type. */
export function rulesIgnored(ctx: CheckContext, check: Check, dir: Direction): Finding[] {
  const out: Finding[] = [];
  const type = dir === 'ingress' ? 'Ingress' : 'Egress';
  for (const p of ctx.policies) {
    const rules = p[dir];
    if (!p.policyTypesWritten || p.isolates[dir] || rules.length === 0) continue;
    const span = { start: rules[0]!.span.start, end: rules[rules.length - 1]!.span.end };
    const edit = addPolicyTypeEdit(ctx, p, type);
    out.push(finding(ctx, check, span,
      `policyTypes is written without ${type}, so ${rules.length === 1 ? `this ${dir} rule does` : `these ${rules.length} ${dir} rules do`} nothing: ${dir} ` +
        `is not isolated, every ${dir === 'ingress' ? 'source' : 'destination'} stays allowed, and the ${peerKey(dir)} lists are never read. Add ${type} to ` +
        `policyTypes, or remove the rules.`,
      { fixes: edit ? [{ title: `Add ${type} to policyTypes`, preferred: true, edits: [edit] }] : undefined }));
  }
  return out;
}
