// egress-without-dns: a policy isolates egress and, for some pod it selects, no egress rule of
// the policies selecting that pod allows DNS (UDP and TCP 53): every name lookup then fails.
// What counts as DNS allowed is decided in dns.ts.
import type { Finding } from '../types';
import { finding, listWorkloads, type Check } from './context';
import { dnsCoverage, dnsFix, dnsServers } from './dns';

/** Egress isolated without DNS, with the fix adding the DNS rule. */
export const egressWithoutDns: Check = {
  id: 'egress-without-dns',
  severity: 'warning',
  summary: 'Egress is isolated and DNS (UDP and TCP 53) is not allowed, so name lookups fail; fix: add the DNS rule.',
  example: 'policyTypes: [Egress] with no rule to port 53',
  run(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.policies) {
      if (!p.isolates.egress) continue;
      const c = dnsCoverage(ctx.s, p);
      if (c.none.length === 0) continue;
      // Workloads, not pods: one Deployment is one workload whatever its replicas.
      const who = c.none.length === c.selected ? `the ${c.selected === 1 ? 'workload' : `${c.selected} workloads`} it selects (${listWorkloads(c.none)})`
        : `${c.none.length} of the ${c.selected} workloads it selects (${listWorkloads(c.none)})`;
      const to = dnsServers(ctx.s).length > 0 ? ' to kube-dns' : '';
      out.push(finding(ctx, this, p.podSelector.span,
        `This policy isolates egress, and no egress rule of the policies selecting ${who} allows DNS (UDP and TCP 53${to}): every name lookup will fail. Add ` +
          `an egress rule to kube-dns on UDP and TCP 53.`,
        { fixes: dnsFix(ctx, p) }));
    }
    return out;
  },
};
