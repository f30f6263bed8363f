// Code lenses above policies (what they select and allow) and workloads (isolation, reach).
import type { CodeLens } from 'vscode-languageserver';
import type { FeatureContext } from './context';

/** The code lenses of a document. */
export function codeLenses(_ctx: FeatureContext): CodeLens[] {
  return [];
}
