// Rules that do nothing: egress (or ingress) rules under a written policyTypes that lacks
// the direction.
import { isSeq, isScalar, type Node } from 'yaml';
import type { Direction, Finding, Fix, Policy } from '../types';
import { finding, objectOf, type CheckContext } from './context';
import { appendSeqItem } from './yaml-edits';

/** egress-rules-ignored / ingress-rules-ignored, with a fix adding the missing type. */
export function policyTypesChecks(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const p of ctx.policies) {
    if (!p.policyTypesWritten) continue;
    for (const dir of ['ingress', 'egress'] as Direction[]) {
      if (p.isolates[dir] || p[dir].length === 0) continue;
      const type = dir === 'ingress' ? 'Ingress' : 'Egress';
      const first = p[dir][0]!.span;
      out.push(finding(ctx, `${dir}-rules-ignored`, 'warning', first,
        `policyTypes is written without ${type}, so these ${dir} rules do nothing (and ${dir} is not isolated). Add ${type} to policyTypes, or remove the rules.`,
        { fixes: addTypeFix(ctx, p, type) }));
    }
  }
  return out;
}

function addTypeFix(ctx: CheckContext, p: Policy, type: string): Fix[] | undefined {
  const obj = objectOf(ctx, p);
  if (!ctx.text || !obj) return undefined;
  const src = obj.src;
  const types = src.get(src.getMap(obj.node, 'spec'), 'policyTypes');
  if (!types || !isSeq(types.value)) return undefined;
  const seq = types.value;
  const title = `Add ${type} to policyTypes`;
  if ((seq as { flow?: boolean }).flow) {
    // `[Ingress]` → `[Ingress, Egress]`: insert before the closing bracket.
    const span = src.span(seq);
    const close = ctx.text.lastIndexOf(']', span.end);
    if (close < span.start) return undefined;
    const last = seq.items[seq.items.length - 1];
    const sep = last && isScalar(last) ? ', ' : '';
    const lastEnd = last ? src.span(last as Node).end : close;
    return [{ title, preferred: true, edits: [{ file: ctx.file, span: { start: lastEnd, end: lastEnd }, newText: `${sep}${type}` }] }];
  }
  const e = appendSeqItem(src, ctx.text, seq, [type]);
  return e ? [{ title, preferred: true, edits: [e] }] : undefined;
}
