// policy-selects-nothing: a policy whose podSelector matches no workload of its namespace has
// no effect on anything the workspace describes.
import { describeSelector } from '../label-selector';
import { count } from '../describe/phrases';
import type { Finding } from '../types';
import { finding, type Check } from './context';
import { contentUnknown } from './peer-reach';

/** A policy that selects no workload in its namespace. */
export const policySelectsNothing: Check = {
  id: 'policy-selects-nothing',
  severity: 'warning',
  summary: 'The policy\'s podSelector matches no workload in its namespace, so it has no effect there.',
  example: 'podSelector: {matchLabels: {app: typo}}',
  run(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.policies) {
      // An invalid selector is the validation's finding; an unknown system namespace proves nothing.
      if (p.podSelector.invalid || contentUnknown(ctx.s, p.namespace)) continue;
      if (ctx.s.analyze(p).selected.length > 0) continue;
      const inNs = ctx.s.index.inNamespace(p.namespace).length;
      const where = p.namespaceExplicit ? `namespace ${p.namespace}` : `namespace ${p.namespace} (metadata.namespace is not set, so the policy lands in the default namespace)`;
      const message = inNs === 0
        ? `This policy selects nothing: the workspace has no workload in ${where}. It has no effect until pods run there; check metadata.namespace.`
        : `This podSelector (${describeSelector(p.podSelector)}) matches none of the ${count(inNs, 'workload')} in ${where}, so the policy has no effect. Compare it with the pods' labels (a Deployment's spec.template.metadata.labels), or fix the namespace.`;
      out.push(finding(ctx, this, p.podSelector.span, message));
    }
    return out;
  },
};
