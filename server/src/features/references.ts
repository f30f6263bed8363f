// Find references: from a label in a selector to the workloads that carry it.
import type { Location, Position } from 'vscode-languageserver';
import type { FeatureContext } from './context';

/** The workloads a selector label at a position refers to. */
export function references(_ctx: FeatureContext, _position: Position): Location[] {
  return [];
}
