// dns-one-protocol: DNS allowed on UDP or on TCP only. Resolvers retry over TCP when a UDP
// answer is truncated (large records, DNSSEC, many addresses), and some use TCP first.
import type { Finding } from '../types';
import { finding, listWorkloads, type Check } from './context';
import { dnsCoverage, dnsFix } from './dns';

/** DNS allowed on one protocol only. */
export const dnsOneProtocol: Check = {
  id: 'dns-one-protocol',
  severity: 'warning',
  summary: 'DNS is allowed on UDP or TCP only; lookups that need the other protocol fail.',
  example: 'ports: [{protocol: UDP, port: 53}]',
  run(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.policies) {
      if (!p.isolates.egress) continue;
      const c = dnsCoverage(ctx.s, p);
      if (c.partial.length === 0) continue;
      const only = c.partial[0]!.protocol;
      const other = only === 'UDP' ? 'TCP' : 'UDP';
      const fix = dnsFix(ctx, p);
      out.push(finding(ctx, this, p.podSelector.span,
        `DNS is allowed on ${only} 53 only for ${listWorkloads(c.partial.map((x) => x.workload))}: lookups over ${other} (${other === 'TCP' ? 'retries of truncated answers: large records, DNSSEC' : 'resolvers that start with UDP'}) will fail. Allow both UDP and TCP port 53.`,
        { fixes: fix?.map((f) => ({ ...f, preferred: false })) }));
    }
    return out;
  },
};
