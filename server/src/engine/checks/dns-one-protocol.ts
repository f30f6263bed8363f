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
      // Workloads of one policy can lack different protocols (other policies add UDP to some, TCP to others).
      const groups = (['UDP', 'TCP'] as const).map((only) => ({ only, ws: c.partial.filter((x) => x.protocol === only).map((x) => x.workload) })).filter((g) =>
        g.ws.length > 0);
      const which = groups.map((g) => `on ${g.only} 53 only for ${listWorkloads(g.ws)}`).join(', and ');
      const fails = groups.map(({ only }) => (only === 'UDP' ? 'over TCP (retries of truncated answers: large records, DNSSEC)'
        : 'over UDP (resolvers that start with UDP)'));
      const fix = dnsFix(ctx, p);
      out.push(finding(ctx, this, p.podSelector.span,
        `DNS is allowed ${which}: lookups ${fails.join(' and ')} will fail. Allow both UDP and TCP port 53.`,
        { fixes: fix?.map((f) => ({ ...f, preferred: false })) }));
    }
    return out;
  },
};
