// policy-without-namespace: a policy with no metadata.namespace lands in whatever namespace
// it is applied to (kubectl's current one); the workspace assumes netpolLens.defaultNamespace.
import type { Finding } from '../types';
import { finding, type Check } from './context';

/** A policy without metadata.namespace, and where it lands. */
export const policyWithoutNamespace: Check = {
  id: 'policy-without-namespace',
  severity: 'information',
  summary: 'No metadata.namespace: says which namespace the policy lands in (netpolLens.defaultNamespace).',
  example: 'metadata: {name: p}',
  run(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.policies) {
      if (p.namespaceExplicit) continue;
      out.push(finding(ctx, this, p.nameSpan ?? p.span,
        `metadata.namespace is not set: this policy lands in namespace "${p.namespace}" here (netpolLens.defaultNamespace), and in kubectl's current ` +
          `namespace when applied. It selects pods of that namespace only; set metadata.namespace to make it explicit.`));
    }
    return out;
  },
};
