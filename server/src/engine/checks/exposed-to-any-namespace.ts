// exposed-to-any-namespace: a peer with `namespaceSelector: {}` admits pods of every namespace,
// those created later included. Opt-in (default off): often meant, and `exposure` lists them all.
import { isEmptySelector } from '../label-selector';
import { podPhrase } from '../describe/phrases';
import type { Finding } from '../types';
import { finding, isolatingRules, peerKey, type Check } from './context';

/** A peer open to every namespace, reported only when enabled in netpolLens.severity. */
export const exposedToAnyNamespace: Check = {
  id: 'exposed-to-any-namespace',
  severity: 'warning',
  optIn: true,
  summary: 'A peer with namespaceSelector: {} admits pods of every namespace, including namespaces created later (off unless enabled in netpolLens.severity).',
  example: '- namespaceSelector: {}',
  run(ctx) {
    const out: Finding[] = [];
    for (const { dir, rule } of isolatingRules(ctx)) {
      for (const peer of rule.peers ?? []) {
        if (peer.kind !== 'pods' || !peer.namespaceSelector || !isEmptySelector(peer.namespaceSelector) || peer.podSelector?.invalid) continue;
        const who = podPhrase(peer.podSelector);
        const way = dir === 'ingress' ? 'may connect to the selected pods' : 'may be reached by the selected pods';
        const message = `This \`${peerKey(dir)}\` peer is open to every namespace: ${who} in any namespace, including namespaces created later, ${way}.`;
        out.push(finding(ctx, this, peer.span, message));
      }
    }
    return out;
  },
};
