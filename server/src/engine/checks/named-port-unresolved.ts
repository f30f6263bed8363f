// named-port-unresolved: a named port that no destination of its rule has (a typo, or the
// wrong protocol): the port item then allows nothing.
import type { Finding } from '../types';
import { analyzedRules, finding, type Check } from './context';
import { closestPortName, namedPorts, onlyIpBlocks, portHolders, resolveNamedPort } from './named-port-resolution';

/** A named port that resolves on no destination. */
export const namedPortUnresolved: Check = {
  id: 'named-port-unresolved',
  severity: 'warning',
  summary: 'No destination of the rule has a container port with this name (and protocol).',
  example: 'port: htttp',
  run(ctx) {
    const out: Finding[] = [];
    for (const { analysis: a, dir, rule: ra } of analyzedRules(ctx)) {
      if (onlyIpBlocks(ra)) continue; // named-port-to-ipblock says it
      for (const port of namedPorts(ra)) {
        const r = resolveNamedPort(ctx.s, a, ra, port);
        // Without destinations (or with unknown ones) there is nothing to prove.
        if (!r.destinations || r.unknown || r.numbers.size > 0) continue;
        const whose = dir === 'ingress' ? 'selected workload' : 'destination workload';
        const other = (['TCP', 'UDP', 'SCTP'] as const).find((proto) => proto !== port.protocol && portHolders(ctx.s).has(`${proto}/${port.port}`));
        const close = closestPortName(ctx.s, port);
        const hint = other ? ` A ${other} port has that name: set protocol: ${other}.` : close ? ` Did you mean "${close}"?` : ' Use a container port name of the destination pods, or the port number.';
        out.push(finding(ctx, this, port.span,
          `No ${whose} has a ${port.protocol} container port named "${port.port}", so this port item allows nothing.${hint}`));
      }
    }
    return out;
  },
};
