// Hover text for what selectors match: a policy's podSelector, one peer of a rule, and the
// namespaces a namespaceSelector reaches, each with its count and links to the manifests.
import { isEmptySelector } from '../label-selector';
import type { PeerAnalysis, Snapshot } from '../snapshot';
import type { Policy, Workload } from '../types';
import { count, joinAnd, peerPhrase, podPhrase, podsPhrase } from './phrases';

/** Turns a place in a file into a markdown link with the given text (the caller knows lines). */
export type LinkFn = (file: string, offset: number, text: string) => string;

/** How many workloads a hover lists before it says "… and N more". */
export const MAX_LISTED = 20;

/** A bullet list of workloads (kind and linked namespace/name), capped at MAX_LISTED. */
export function listWorkloads(ws: readonly Workload[], link: LinkFn, suffix?: (w: Workload) => string): string {
  // SEMANTICS.md: a hostNetwork pod is computed like others, and warned about wherever it is listed.
  const lines = ws.slice(0, MAX_LISTED).map((w) =>
    `- ${w.kind} ${link(w.file, w.span.start, `${w.namespace}/${w.name}`)}${suffix ? suffix(w) : ''}${w.hostNetwork ? ' (hostNetwork: most CNIs do not ' +
    'enforce policies on it)' : ''}`);
  if (ws.length > MAX_LISTED) lines.push(`- … and ${ws.length - MAX_LISTED} more`);
  return lines.join('\n');
}

/**
 * What a policy's podSelector selects: "Selects pods labelled app=db in namespace app: in the
 * workspace, 1 workload with 2 pods". Counts are of the workspace: the cluster may hold more.
 */
export function selectionText(s: Snapshot, policy: Policy, link: LinkFn): string {
  const sel = policy.podSelector;
  const selected = s.analyze(policy).selected;
  if (sel.invalid) return '**Selects nothing**: the podSelector is invalid (see the diagnostics), so the policy isolates no pod.';
  const head = `**Selects ${podPhrase(sel)} in namespace ${policy.namespace}**: ${workspaceCount(selected)}`;
  const dirs = [policy.isolates.ingress ? 'ingress' : '', policy.isolates.egress ? 'egress' : ''].filter(Boolean);
  const iso = dirs.length ? `\n\nThe policy isolates them for ${joinAnd(dirs)}.` : '';
  const none = selected.length === 0 && !policy.namespaceExplicit ? `\n\nNamespace ${policy.namespace} is the default namespace: metadata.namespace is not set.`
    : '';
  return `${head}${iso}${none}${selected.length ? `\n\n${listWorkloads(selected, link)}` : ''}`;
}

/** "in the workspace, 2 workloads with 3 pods." or "no workload in the workspace." */
function workspaceCount(ws: readonly Workload[], where = ''): string {
  return ws.length ? `in the workspace, ${count(ws.length, 'workload')}${where} with ${podsPhrase(ws)}.` : `no workload in the workspace${where}.`;
}

/** The namespaces a peer's namespaceSelector matches, linked to their manifests when declared. */
export function namespacesText(s: Snapshot, pa: PeerAnalysis, link: LinkFn): string {
  if (pa.peer.kind !== 'pods' || !pa.peer.namespaceSelector) return '';
  const names = pa.namespaces;
  if (pa.peer.namespaceSelector.invalid) return '**Matches no namespace**: the namespaceSelector is invalid.';
  const shown = names.slice(0, MAX_LISTED).map((n) => {
    const d = s.namespaces.get(n)?.declared;
    return d ? link(d.file, d.span.start, n) : `${n} (no Namespace manifest)`;
  });
  const more = names.length > MAX_LISTED ? `, … and ${names.length - MAX_LISTED} more` : '';
  const all = isEmptySelector(pa.peer.namespaceSelector) ? ' (`{}`: every namespace)' : '';
  return `**Matches ${count(names.length, 'namespace')} in the workspace**${all}: ${shown.join(', ') || 'none'}${more}`;
}

/**
 * What one peer matches. A podSelector alone looks in the policy's namespace; with a
 * namespaceSelector in the same item, in the matching namespaces (AND); an ipBlock matches
 * addresses, and pods only when their IP is known.
 */
export function peerText(s: Snapshot, policy: Policy, pa: PeerAnalysis, link: LinkFn, withNamespaces = false): string {
  const peer = pa.peer;
  const phrase = peerPhrase(peer, policy.namespace);
  if (peer.kind === 'invalid') return `**Matches nothing**: ${peer.reason}`;
  if (peer.kind === 'ipBlock') {
    const ws = pa.workloads;
    const pods = ws.length ? `\n\nWorkloads whose every pod has a known IP inside: ${count(ws.length, 'workload')} in the workspace\n${listWorkloads(ws, link)}`
      : '';
    return `**Matches ${phrase}**${pods}`;
  }
  const ws = pa.workloads;
  // Where the matches are, unless the phrase already names that one namespace.
  const where = peer.namespaceSelector && pa.namespaces.length === 1 && !phrase.endsWith(`namespace ${pa.namespaces[0]}`) ? ` in namespace ${pa.namespaces[0]}`
    : '';
  const head = peer.podSelector?.invalid || peer.namespaceSelector?.invalid ? `**Matches nothing**: ${phrase}`
    : `**Matches ${phrase}**: ${workspaceCount(ws, where)}`;
  const and = peer.podSelector && peer.namespaceSelector ? '\n\nBoth selectors are in one item, so they are ANDed: these pods, in those namespaces.' : '';
  const ns = withNamespaces || (peer.namespaceSelector && !peer.podSelector) ? `\n\n${namespacesText(s, pa, link)}` : '';
  return `${head}${and}${ns}${ws.length ? `\n\n${listWorkloads(ws, link)}` : ''}`;
}
