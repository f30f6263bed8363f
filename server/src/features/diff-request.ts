// `netpolLens/diff`: what the workspace opens and closes against files given whole (the client
// sends HEAD's), compared by the engine's diff and written as `netpol-lens diff` writes it.
import type { Snapshot } from '../engine/index';
import { writeDiff } from '../cli/diff-command';
import { makeStyle } from '../cli/style';
import type { DiffParams, DiffResult, Settings } from '../protocol';
import { snapshotOfFiles } from './requests';

/** The diff from the given files (old side) to the workspace snapshot (new side). */
export function diffRequest(current: Snapshot, p: DiffParams, settings: Settings, isRenderInput: (path: string) => boolean = () => false): DiffResult {
  const chunks: string[] = [];
  const format = p.format === 'md' || p.format === 'json' ? p.format : 'text';
  const changed = writeDiff(snapshotOfFiles(p, settings, isRenderInput), current, format, makeStyle(false), (c) => void chunks.push(c));
  return { text: chunks.join(''), changed };
}
