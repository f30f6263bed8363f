// Find references: from a label in a selector to the workloads (or namespaces) that carry it.
import type { Location, Position } from 'vscode-languageserver';
import { labelReferences } from '../engine/index';
import type { FeatureContext } from './context';

/** The workloads a selector label at a position refers to. */
export function references(ctx: FeatureContext, position: Position): Location[] {
  const objects = ctx.doc.facts.objects;
  if (!objects?.length) return [];
  return labelReferences(ctx.snapshot, objects, ctx.doc.document.offsetAt(position)).map((r) => ({ uri: r.file, range: ctx.store.range(r.file, r.span) }));
}
