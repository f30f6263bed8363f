// peer-matches-nothing: a from/to peer whose selectors match no workload of the workspace admits
// nothing the workspace describes (a typo in a label, a pod in another namespace, or pods that
// run elsewhere: Services and operators' resources soften it, .netpol-lens.yaml silences it).
import { count, peerPhrase } from '../describe/phrases';
import type { Finding } from '../types';
import { analyzedPeers, finding, type Check } from './context';
import { peerReach } from './peer-reach';
import { DECLARE_HINT, soften } from './pods-elsewhere';
import { labelTypoFixes, namespaceSelectorFixes } from './selector-fixes';

/** A pod peer that matches no workload of the workspace. */
export const peerMatchesNothing: Check = {
  id: 'peer-matches-nothing',
  severity: 'warning',
  summary: 'A from/to peer matches no workload in the workspace (information or hint when a Service or an operator\'s resource shows the pods run elsewhere; ' +
    'none when .netpol-lens.yaml declares them).',
  example: '- podSelector: {matchLabels: {app: gone}}',
  run(ctx) {
    const out: Finding[] = [];
    for (const { policy: p, peer: pa } of analyzedPeers(ctx)) {
      const peer = pa.peer;
      if (peer.kind !== 'pods' || peer.podSelector?.invalid || peer.namespaceSelector?.invalid) continue;
      // No namespace at all is namespace-selector-matches-nothing's finding.
      if (pa.namespaces.length === 0) continue;
      const reach = peerReach(ctx.s, pa);
      if (reach.matchesSome || !reach.known) continue;
      const nss = pa.namespaces;
      const held = ctx.s.elsewhere.podsMatchingIn(nss, peer.podSelector);
      const soft = held && soften(held.e, held.ns, 'this peer');
      if (soft?.mute) continue;
      const where = nss.length === 1 ? `namespace ${nss[0]}`
        : `${count(nss.length, 'namespace')} (${nss.slice(0, 5).join(', ')}${nss.length > 5 ? ', …' : ''})`;
      const message = `No workload in the workspace matches this peer (${peerPhrase(peer, p.namespace)}; looked in ${where}).`;
      const advice = ` Check the labels${peer.namespaceSelector
        ? ''
        : ', and whether the pods are in another namespace (a podSelector alone looks only in the policy\'s own namespace)'}. ${DECLARE_HINT}`;
      const fixes = [...labelTypoFixes(ctx, p, peer.podSelector, nss), ...namespaceSelectorFixes(ctx, p, peer)];
      out.push(finding(ctx, this, peer.podSelector?.span ?? peer.span, soft ? `${message} ${soft.because}` : message + advice,
        { ...(soft ? { severity: soft.severity } : {}), fixes }));
    }
    return out;
  },
};
