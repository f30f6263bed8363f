// Document symbols: policies and their rules.
import type { DocumentSymbol } from 'vscode-languageserver';
import type { FeatureContext } from './context';

/** The symbols of a document. */
export function documentSymbols(_ctx: FeatureContext): DocumentSymbol[] {
  return [];
}
