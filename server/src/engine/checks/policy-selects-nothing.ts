// policy-selects-nothing: a policy whose podSelector matches no workload of the workspace in its
// namespace has no effect on anything the workspace describes; pods seen elsewhere soften it.
import { describeSelector } from '../label-selector';
import { count } from '../describe/phrases';
import type { Finding } from '../types';
import { finding, type Check } from './context';
import { contentUnknown } from './peer-reach';
import { DECLARE_HINT, soften } from './pods-elsewhere';
import { labelTypoFixes } from './selector-fixes';

/** A policy that selects no workload of the workspace in its namespace. */
export const policySelectsNothing: Check = {
  id: 'policy-selects-nothing',
  severity: 'warning',
  summary: 'No workload in the workspace matches the policy\'s podSelector in its namespace (information or hint when a Service or an operator\'s resource ' +
    'shows the pods run elsewhere; none when .netpol-lens.yaml declares them).',
  example: 'podSelector: {matchLabels: {app: typo}}',
  run(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.policies) {
      // An invalid selector is the validation's finding; an unknown system namespace proves nothing.
      if (p.podSelector.invalid || contentUnknown(ctx.s, p.namespace)) continue;
      if (ctx.s.analyze(p).selected.length > 0) continue;
      const inNs = ctx.s.index.inNamespace(p.namespace).length;
      const where = p.namespaceExplicit ? `namespace ${p.namespace}`
        : `namespace ${p.namespace} (metadata.namespace is not set, so the policy lands in the default namespace)`;
      const elsewhere = ctx.s.elsewhere.podsMatching(p.namespace, p.podSelector);
      const soft = elsewhere && soften(elsewhere, p.namespace, 'this podSelector');
      if (soft?.mute) continue;
      const message = inNs === 0
        ? `No workload in the workspace runs in ${where}, so this policy selects none of the workspace's pods.`
        : `This podSelector (${describeSelector(p.podSelector)}) matches none of the workspace's ${count(inNs, 'workload')} in ${where}.`;
      const advice = inNs === 0
        ? ` Check metadata.namespace. ${DECLARE_HINT}`
        : ` Compare it with the pods' labels (a Deployment's spec.template.metadata.labels), or fix the namespace. ${DECLARE_HINT}`;
      const fixes = labelTypoFixes(ctx, p, p.podSelector, [p.namespace]);
      out.push(finding(ctx, this, p.podSelector.span, soft ? `${message} ${soft.because}` : message + advice,
        { ...(soft ? { severity: soft.severity } : {}), fixes }));
    }
    return out;
  },
};
