// named-port-ambiguous: a named port that resolves to different numbers on different
// destinations. Legal (that is what names are for), but worth knowing when reading the rule.
import type { Finding } from '../types';
import { analyzedRules, finding, type Check } from './context';
import { namedPorts, onlyIpBlocks, resolveNamedPort } from './named-port-resolution';

/** A named port that means different numbers on different destinations. */
export const namedPortAmbiguous: Check = {
  id: 'named-port-ambiguous',
  severity: 'information',
  summary: 'A named port resolves to different numbers on different destinations.',
  example: 'http = 8080 on one pod, 9090 on another',
  run(ctx) {
    const out: Finding[] = [];
    for (const { analysis: a, rule: ra } of analyzedRules(ctx)) {
      if (onlyIpBlocks(ra)) continue;
      for (const port of namedPorts(ra)) {
        const r = resolveNamedPort(ctx.s, a, ra, port);
        if (r.numbers.size < 2) continue;
        const list = [...r.numbers].sort(([x], [y]) => x - y).map(([n, w]) => `${n} on ${w.namespace}/${w.name}`);
        out.push(finding(ctx, this, port.span,
          `"${port.port}" resolves to different ports on different destinations: ${list.join(', ')}${r.numbers.size >= 5 ? ', …' : ''}. Each destination is ` +
            `allowed on its own number; write the number if one port was meant.`));
      }
    }
    return out;
  },
};
