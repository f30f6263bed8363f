// Completion: keys, enum values, label keys/values, named ports and policy snippets.
import type { CompletionList, Position } from 'vscode-languageserver';
import type { FeatureContext } from './context';

/** Completion items at a position. */
export function completion(_ctx: FeatureContext, _position: Position): CompletionList | null {
  return null;
}
