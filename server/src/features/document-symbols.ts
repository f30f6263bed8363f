// Document symbols: policies and their rules, and workloads.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { documentSymbols as symbolsOf, type SymbolInfo } from '../engine/index';
import { toRange } from '../convert';
import type { FeatureContext } from './context';

const KIND = { policy: SymbolKind.Class, rule: SymbolKind.Method, workload: SymbolKind.Object } as const;

/** The symbols of a document. */
export function documentSymbols(ctx: FeatureContext): DocumentSymbol[] {
  const doc = ctx.doc.document;
  const convert = (s: SymbolInfo): DocumentSymbol => ({
    name: s.name, detail: s.detail, kind: KIND[s.kind],
    range: toRange(doc, s.span), selectionRange: toRange(doc, s.selection),
    children: s.children.map(convert),
  });
  return symbolsOf(ctx.snapshot, ctx.doc.uri).map(convert);
}
