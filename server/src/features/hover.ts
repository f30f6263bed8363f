// Hover: what a selector matches, what a rule allows in plain English, field documentation.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { hoverAt, type LinkFn } from '../engine/index';
import { toRange } from '../convert';
import type { FeatureContext } from './context';

/** The hover at a position; none outside Kubernetes objects. */
export function hover(ctx: FeatureContext, position: Position, fromRendered?: (link: LinkFn) => string | undefined): Hover | null {
  // Links to other manifests: `[ns/name](file:///path#L12)`, lines from the store (open or on disk).
  const link = (file: string, offset: number, text: string) => `[${text}](${file}#L${ctx.store.position(file, offset).line + 1})`;
  const objects = ctx.doc.facts.objects;
  if (!objects?.length) {
    // A template or kustomize resource: what the line became in the rendered output.
    const value = fromRendered?.(link);
    return value ? { contents: { kind: MarkupKind.Markdown, value } } : null;
  }
  const h = hoverAt(ctx.snapshot, objects, ctx.doc.document.offsetAt(position), link);
  if (!h) return null;
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(ctx.doc.document, h.span) };
}
