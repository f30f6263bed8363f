// named-port-unresolved: a named port that no destination of its rule in the workspace has (a
// typo, or the wrong protocol): the port item then allows nothing there. Destinations known to
// run elsewhere with that port name (a Service's targetPort, an operator's pods) soften it.
import type { PodEvidence } from '../extract-evidence';
import type { PolicyAnalysis, RuleAnalysis, Snapshot } from '../snapshot';
import type { Finding, PolicyPort } from '../types';
import { analyzedRules, finding, type Check } from './context';
import { closestPortName, namedPorts, onlyIpBlocks, portHolders, resolveNamedPort } from './named-port-resolution';
import { DECLARE_HINT, soften } from './pods-elsewhere';

/** Pods outside the workspace that are destinations of the rule and have the port's name. */
function holderElsewhere(s: Snapshot, a: PolicyAnalysis, ra: RuleAnalysis, port: PolicyPort): { e: PodEvidence; ns: string } | undefined {
  const name = String(port.port);
  const at = (ns: string, sel: Parameters<Snapshot['elsewhere']['portHolder']>[1]) => {
    const e = s.elsewhere.portHolder(ns, sel, port.protocol, name);
    return e && { e, ns };
  };
  if (ra.rule.direction === 'ingress') return at(a.policy.namespace, a.policy.podSelector);
  if (!ra.peers) {
    for (const ns of s.elsewhere.namespaces()) { const r = at(ns, undefined); if (r) return r; }
    return undefined;
  }
  for (const pa of ra.peers) {
    if (pa.peer.kind !== 'pods') continue;
    for (const ns of pa.namespaces) { const r = at(ns, pa.peer.podSelector); if (r) return r; }
  }
  return undefined;
}

/** A named port that resolves on no destination of the workspace. */
export const namedPortUnresolved: Check = {
  id: 'named-port-unresolved',
  severity: 'warning',
  summary: 'No destination of the rule in the workspace has a container port with this name (and protocol); softened when a Service\'s targetPort or an ' +
    'operator\'s pods show the name elsewhere.',
  example: 'port: htttp',
  run(ctx) {
    const out: Finding[] = [];
    for (const { analysis: a, dir, rule: ra } of analyzedRules(ctx)) {
      if (onlyIpBlocks(ra)) continue; // named-port-to-ipblock says it
      for (const port of namedPorts(ra)) {
        const r = resolveNamedPort(ctx.s, a, ra, port);
        // Without destinations (or with unknown ones) there is nothing to prove.
        if (!r.destinations || r.unknown || r.numbers.size > 0) continue;
        const held = holderElsewhere(ctx.s, a, ra, port);
        const soft = held && soften(held.e, held.ns, dir === 'ingress' ? 'the policy\'s podSelector' : 'this rule\'s peer',
          `with a ${port.protocol} port named "${port.port}"`);
        if (soft?.mute) continue;
        const whose = dir === 'ingress' ? 'selected workload' : 'destination workload';
        const message = `No ${whose} in the workspace has a ${port.protocol} container port named "${port.port}", so this port item allows nothing to them.`;
        if (soft) {
          out.push(finding(ctx, this, port.span, `${message} ${soft.because}`, { severity: soft.severity }));
          continue;
        }
        const other = (['TCP', 'UDP', 'SCTP'] as const).find((proto) => proto !== port.protocol && portHolders(ctx.s).has(`${proto}/${port.port}`));
        const close = closestPortName(ctx.s, port);
        const hint = other ? ` A ${other} port has that name: set protocol: ${other}.` : close ? ` Did you mean "${close}"?`
          : ` Use a container port name of the destination pods, or the port number. ${DECLARE_HINT}`;
        out.push(finding(ctx, this, port.span, message + hint));
      }
    }
    return out;
  },
};
