// Find references: from a label in a selector to the workloads (or namespaces) that carry it.
import type { Location, Position } from 'vscode-languageserver';
import { labelReferences } from '../engine/index';
import type { FeatureContext } from './context';

/** The workloads (or Namespace manifests) a selector label at a position refers to. */
export function references(ctx: FeatureContext, position: Position, includeDeclaration = false): Location[] {
  const objects = ctx.doc.facts.objects;
  if (!objects?.length) return [];
  const refs = labelReferences(ctx.snapshot, objects, ctx.doc.document.offsetAt(position));
  if (!refs) return [];
  const places = includeDeclaration ? [refs.declaration, ...refs.references] : refs.references;
  return places.map((r) => ({ uri: r.file, range: ctx.store.range(r.file, r.span) }));
}
