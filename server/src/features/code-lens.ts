// Code lenses above policies (what they select and allow) and workloads (isolation, reach).
import type { CodeLens } from 'vscode-languageserver';
import { policyLensTitle, workloadLensTitle } from '../engine/index';
import { toRange } from '../convert';
import { Commands, type ShowExplanationArgs } from '../protocol';
import type { FeatureContext } from './context';

/** The code lenses of a document. */
export function codeLenses(ctx: FeatureContext): CodeLens[] {
  const s = ctx.snapshot;
  const uri = ctx.doc.uri;
  const doc = ctx.doc.document;
  const lenses: CodeLens[] = [];
  // The explanation is computed when the lens is clicked (netpolLens/explanation), not for
  // every lens of a 2,000-policy file on every request.
  const lens = (start: number, title: string, explainAt: number) => {
    const args: ShowExplanationArgs = { uri, title, offset: explainAt };
    lenses.push({ range: toRange(doc, { start, end: start }), command: { title, command: Commands.showExplanation, arguments: [args] } });
  };
  for (const p of s.policies) {
    if (p.file !== uri) continue;
    lens(p.span.start, policyLensTitle(s, p), p.podSelector.span.start);
  }
  for (const w of s.workloads) {
    if (w.file !== uri) continue;
    lens(w.span.start, workloadLensTitle(s, w), w.span.start);
  }
  return lenses;
}
