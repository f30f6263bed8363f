// Named ports that resolve nowhere, to several numbers, or towards an ipBlock (where they
// match nothing).
import type { Direction, Finding, Workload } from '../types';
import { finding, type CheckContext } from './context';

/** named-port-unresolved, named-port-ambiguous, named-port-to-ipblock. */
export function namedPortChecks(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const p of ctx.policies) {
    const a = ctx.s.analyze(p);
    for (const dir of ['ingress', 'egress'] as Direction[]) {
      for (const ra of a[dir]) {
        const named = (ra.rule.ports ?? []).filter((x) => typeof x.port === 'string' && !x.invalid);
        if (named.length === 0) continue;
        const onlyIpBlocks = dir === 'egress' && !!ra.peers && ra.peers.length > 0 && ra.peers.every((x) => x.peer.kind === 'ipBlock');
        // Destinations: the selected pods for ingress; the peer pods (or every workload) for egress.
        const destinations: readonly Workload[] = dir === 'ingress' ? a.selected : ra.peers ? [...new Set(ra.peers.flatMap((x) => x.workloads))] : ctx.s.workloads;
        for (const port of named) {
          if (onlyIpBlocks) {
            out.push(finding(ctx, 'named-port-to-ipblock', 'warning', port.span, `A named port towards an ipBlock matches nothing: an address has no container port named "${port.port}". Use the port number.`));
            continue;
          }
          if (destinations.length === 0) continue;
          const numbers = new Set<number>();
          for (const w of destinations) for (const cp of w.ports) if (cp.name === port.port && cp.protocol === port.protocol) numbers.add(cp.port);
          if (numbers.size === 0) {
            out.push(finding(ctx, 'named-port-unresolved', 'warning', port.span,
              `No ${dir === 'ingress' ? 'selected' : 'destination'} workload has a ${port.protocol} container port named "${port.port}", so this port allows nothing.`));
          } else if (numbers.size > 1) {
            out.push(finding(ctx, 'named-port-ambiguous', 'information', port.span,
              `"${port.port}" resolves to different ports on different destinations: ${[...numbers].sort((x, y) => x - y).join(', ')}.`));
          }
        }
      }
    }
  }
  return out;
}
