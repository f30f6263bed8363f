// Code lenses above policies (what they select and allow) and workloads (isolation, reach).
import type { CodeLens } from 'vscode-languageserver';
import { fileLenses } from '../engine/index';
import { toRange } from '../convert';
import type { ShowExplanationArgs } from '../protocol';
import type { FeatureContext } from './context';

/**
 * The code lenses of a document; none for documents without Kubernetes objects. `command` is the
 * client's own showExplanation or the server's serverExplain, whichever the client can run.
 */
export function codeLenses(ctx: FeatureContext, command: string, fromRendered: { offset: number; title: string }[] = []): CodeLens[] {
  const { uri, document } = ctx.doc;
  // A template or kustomize resource: lenses on what its rendered objects select and allow.
  const rendered: CodeLens[] = fromRendered.map((l) => {
    const args: ShowExplanationArgs = { uri, title: l.title,
      markdown: `${l.title}\n\nComputed on the rendered output (NetworkPolicy Lens: Show Rendered Manifests…).` };
    return { range: toRange(document, { start: l.offset, end: l.offset }), command: { title: l.title, command, arguments: [args] } };
  });
  const objects = ctx.doc.facts.objects;
  if (!objects?.length) return rendered;
  // The explanation is computed when the lens is clicked (netpolLens/explanation at `offset`),
  // not for every lens of a 2,000-policy file on every request.
  return fileLenses(ctx.snapshot, uri, objects).map((l) => {
    const args: ShowExplanationArgs = { uri, title: l.title, offset: l.explainAt, subject: l.subject };
    return { range: toRange(document, { start: l.offset, end: l.offset }), command: { title: l.title, command, arguments: [args] } };
  });
}
