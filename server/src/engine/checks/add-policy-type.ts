// The fix shared by egress/ingress-rules-ignored and the DNS rule: add `Ingress` or `Egress` to
// a written policyTypes list, as one more item in the list's own style.
import { isScalar, isSeq, type Node } from 'yaml';
import type { Policy, TextEdit } from '../types';
import { objectOf, type CheckContext } from './context';
import { writesJson } from '../json-style';
import { appendBlockItem, appendFlowItem, isFlow } from '../yaml-edits';

/** The edit adding a type to the policy's written policyTypes; undefined without one or without the text. */
export function addPolicyTypeEdit(ctx: Pick<CheckContext, 'text' | 'objects'>, p: Policy, type: 'Ingress' | 'Egress'): TextEdit | undefined {
  const obj = objectOf(ctx, p);
  if (!ctx.text || !obj) return undefined;
  const src = obj.src;
  const entry = src.get(src.getMap(obj.node, 'spec'), 'policyTypes');
  const seq = entry?.value;
  if (!seq || !isSeq(seq) || entry!.pair.value !== seq) return undefined; // an alias lives elsewhere
  if (isFlow(seq)) {
    // Quote like the last item does: `[Ingress]` -> `[Ingress, Egress]`, `["Ingress"]` -> `["Ingress", "Egress"]`.
    const last = seq.items[seq.items.length - 1] as Node | undefined;
    const quote = isScalar(last) ? (last as { type?: string }).type : undefined;
    const written = quote === 'QUOTE_DOUBLE' || (!last && writesJson(p.file, obj)) ? `"${type}"` : quote === 'QUOTE_SINGLE' ? `'${type}'` : type;
    return appendFlowItem(src, ctx.text, seq, written);
  }
  return appendBlockItem(src, ctx.text, seq, [`- ${type}`]);
}
