// Semantic warnings against the workspace (selector matches nothing, the AND/OR trap, DNS...).
// Each check is its own file in this folder; this module runs them for one file.
import type { Snapshot } from '../snapshot';
import type { Finding } from '../types';

/** The semantic findings for the policies and workloads of one file. */
export function semanticFindings(_s: Snapshot, _file: string): Finding[] {
  return [];
}
