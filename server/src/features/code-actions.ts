// Code actions: quick fixes for findings and refactorings at the cursor, as minimal edits.
import type { CodeAction, CodeActionContext, Range } from 'vscode-languageserver';
import type { FeatureContext } from './context';

/** The code actions for a range. */
export function codeActions(_ctx: FeatureContext, _range: Range, _context: CodeActionContext): CodeAction[] {
  return [];
}
