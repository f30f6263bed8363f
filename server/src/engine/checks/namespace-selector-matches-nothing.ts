// namespace-selector-matches-nothing: a namespaceSelector that matches no namespace of the
// workspace, nor a built-in one (every namespace carries kubernetes.io/metadata.name).
import { describeSelector } from '../label-selector';
import type { Finding } from '../types';
import { analyzedPeers, finding, type Check } from './context';
import { peerReach } from './peer-reach';

const NS_NAME = 'kubernetes.io/metadata.name';

/** A namespaceSelector that matches no namespace. */
export const namespaceSelectorMatchesNothing: Check = {
  id: 'namespace-selector-matches-nothing',
  severity: 'warning',
  summary: 'A namespaceSelector matches no namespace (kubernetes.io/metadata.name=<name> is set on every namespace implicitly).',
  example: 'namespaceSelector: {matchLabels: {team: nobody}}',
  run(ctx) {
    const out: Finding[] = [];
    for (const { peer: pa } of analyzedPeers(ctx)) {
      const peer = pa.peer;
      if (peer.kind !== 'pods' || !peer.namespaceSelector || peer.namespaceSelector.invalid) continue;
      if (pa.namespaces.length > 0 || peerReach(ctx.s, pa).implicit.length > 0) continue;
      const sel = peer.namespaceSelector;
      const byName = sel.matchLabels.find(([k]) => k === NS_NAME);
      const hint = byName && !ctx.s.namespaces.has(byName[1])
        ? `No namespace named "${byName[1]}" is in the workspace (kubernetes.io/metadata.name is the namespace's name).`
        : `No Namespace manifest of the workspace matches the selector (${describeSelector(sel)}). Every namespace has the label kubernetes.io/metadata.name=<its name> implicitly: select by name with it, or label the Namespace manifests.`;
      out.push(finding(ctx, this, sel.span, `This namespaceSelector matches no namespace, so this peer admits nothing. ${hint}`));
    }
    return out;
  },
};
