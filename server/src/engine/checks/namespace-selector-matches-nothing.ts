// namespace-selector-matches-nothing: a namespaceSelector that matches no namespace of the
// workspace, nor a built-in one (every namespace carries kubernetes.io/metadata.name). A
// namespace chosen by name almost surely exists in the cluster: only a likely typo is reported.
import { describeSelector } from '../label-selector';
import { PROJECT_CONFIG_FILE } from '../project-config';
import type { Finding, LabelSelector } from '../types';
import { analyzedPeers, finding, type Check } from './context';
import { closest } from './closest-name';
import { peerReach } from './peer-reach';

const NS_NAME = 'kubernetes.io/metadata.name';

/** The namespace names a selector requires (matchLabels or `In` on kubernetes.io/metadata.name). */
function namesChosen(sel: LabelSelector): string[] | undefined {
  const byLabel = sel.matchLabels.find(([k]) => k === NS_NAME);
  if (byLabel) return [byLabel[1]];
  const byIn = sel.matchExpressions.find((r) => r.key === NS_NAME && r.operator === 'In');
  return byIn?.values;
}

/** A namespaceSelector that matches no namespace of the workspace. */
export const namespaceSelectorMatchesNothing: Check = {
  id: 'namespace-selector-matches-nothing',
  severity: 'warning',
  summary: 'A namespaceSelector matches no namespace in the workspace (kubernetes.io/metadata.name=<name> is set on every namespace implicitly). A namespace ' +
    'chosen by name is assumed to exist: only a near-miss of a workspace namespace is reported, as a hint.',
  example: 'namespaceSelector: {matchLabels: {team: nobody}}',
  run(ctx) {
    const out: Finding[] = [];
    for (const { peer: pa } of analyzedPeers(ctx)) {
      const peer = pa.peer;
      if (peer.kind !== 'pods' || !peer.namespaceSelector || peer.namespaceSelector.invalid) continue;
      if (pa.namespaces.length > 0 || peerReach(ctx.s, pa).implicit.length > 0) continue;
      const sel = peer.namespaceSelector;
      const names = namesChosen(sel);
      const missing = names?.filter((n) => !ctx.s.namespaces.has(n)) ?? [];
      if (names && missing.length > 0) {
        // Chosen by name: it exists in the cluster unless the name is wrong. Say so only when a
        // namespace of the workspace has a name a letter or two away.
        // Short names are close to everything: one edit per four letters, at most two.
        const near = missing.map((n) => [n, closest(n, ctx.s.namespaces.keys(), Math.min(2,
          Math.floor(n.length / 4)))] as const).find(([, c]) => c !== undefined);
        if (!near) continue;
        out.push(finding(ctx, this, sel.span,
          `No namespace named "${near[0]}" is in the workspace; did you mean "${near[1]}"? (A namespace chosen by name is assumed to exist in the cluster; ` +
            `declare it under external.namespaces in ${PROJECT_CONFIG_FILE} if it is created elsewhere.)`,
          { severity: 'hint' }));
        continue;
      }
      const hint = names
        ? `The namespace${names.length > 1 ? 's' : ''} named ${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} in the workspace, but the selector's ` +
          `other requirements rule ${names.length > 1 ? 'them' : 'it'} out.`
        : `No Namespace manifest of the workspace matches the selector (${describeSelector(sel)}). Every namespace has the label ` +
          `kubernetes.io/metadata.name=<its name> implicitly: select by name with it, label the Namespace manifests, or declare namespaces created elsewhere ` +
          `under external.namespaces in ${PROJECT_CONFIG_FILE}.`;
      out.push(finding(ctx, this, sel.span,
        `This namespaceSelector matches no namespace in the workspace, so this peer admits none of the workspace's pods. ${hint}`));
    }
    return out;
  },
};
