// named-port-to-ipblock: a named port in an egress rule whose peers are all ipBlocks matches
// nothing: an address has no container port names (SEMANTICS.md "Ports").
import type { Finding } from '../types';
import { finding, type Check } from './context';
import { namedPorts, onlyIpBlocks } from './named-port-resolution';

/** A named port towards addresses only. */
export const namedPortToIpblock: Check = {
  id: 'named-port-to-ipblock',
  severity: 'warning',
  summary: 'A named port in an egress rule towards ipBlocks only matches nothing.',
  example: 'to: [{ipBlock: ...}], ports: [{port: https}]',
  run(ctx) {
    const out: Finding[] = [];
    for (const p of ctx.policies) {
      for (const ra of ctx.s.analyze(p).egress) {
        if (!onlyIpBlocks(ra)) continue;
        for (const port of namedPorts(ra)) {
          out.push(finding(ctx, this, port.span,
            `A named port towards an ipBlock matches nothing: an address has no container port named "${port.port}", so this port item allows no traffic. ` +
              `Write the port number instead.`));
        }
      }
    }
    return out;
  },
};
