// Hover: what a selector matches, what a rule allows in plain English, field documentation.
import type { Hover, Position } from 'vscode-languageserver';
import type { FeatureContext } from './context';

/** The hover at a position. */
export function hover(_ctx: FeatureContext, _position: Position): Hover | null {
  return null;
}
