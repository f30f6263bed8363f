// peer-matches-nothing: a from/to peer whose selectors match no workload of the workspace
// admits nothing the workspace describes (a typo in a label, a pod in another namespace).
import { count, peerPhrase } from '../describe/phrases';
import type { Finding } from '../types';
import { analyzedPeers, finding, type Check } from './context';
import { peerReach } from './peer-reach';

/** A pod peer that matches no workload. */
export const peerMatchesNothing: Check = {
  id: 'peer-matches-nothing',
  severity: 'warning',
  summary: 'A from/to peer matches no workload of the workspace.',
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
      const where = nss.length === 1 ? `namespace ${nss[0]}` : `${count(nss.length, 'namespace')} (${nss.slice(0, 5).join(', ')}${nss.length > 5 ? ', …' : ''})`;
      out.push(finding(ctx, this, peer.podSelector?.span ?? peer.span,
        `This peer (${peerPhrase(peer, p.namespace)}) matches no workload: the workspace has none there (looked in ${where}). It admits nothing; check the labels${peer.namespaceSelector ? '' : ', and whether the pods are in another namespace (a podSelector alone looks only in the policy\'s own namespace)'}.`));
    }
    return out;
  },
};
