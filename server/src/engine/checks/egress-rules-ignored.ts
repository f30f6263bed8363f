// egress-rules-ignored: egress rules under a written policyTypes without Egress do nothing.
import type { Check } from './context';
import { rulesIgnored } from './rules-ignored';

/** Egress rules that a written policyTypes makes inert. */
export const egressRulesIgnored: Check = {
  id: 'egress-rules-ignored',
  severity: 'warning',
  summary: 'Egress rules under a written policyTypes without Egress do nothing; fix: add Egress.',
  example: 'policyTypes: [Ingress] + egress: [...]',
  run(ctx) {
    return rulesIgnored(ctx, this, 'egress');
  },
};
