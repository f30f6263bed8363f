// ingress-rules-ignored: ingress rules under a written policyTypes without Ingress do nothing.
import type { Check } from './context';
import { rulesIgnored } from './rules-ignored';

/** Ingress rules that a written policyTypes makes inert. */
export const ingressRulesIgnored: Check = {
  id: 'ingress-rules-ignored',
  severity: 'warning',
  summary: 'Ingress rules under a written policyTypes without Ingress do nothing; fix: add Ingress.',
  example: 'policyTypes: [Egress] + ingress: [...]',
  run(ctx) {
    return rulesIgnored(ctx, this, 'ingress');
  },
};
