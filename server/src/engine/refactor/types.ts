// What a refactoring is: plain data (a title, a kind and offset edits), never LSP types.
import type { TextEdit } from '../types';

/** An edit the editor can offer where the cursor is. */
export interface Refactoring {
  title: string;
  /** `quickfix` repairs a problem; `refactor` changes what the manifests do on request. */
  kind: 'quickfix' | 'refactor';
  edits: TextEdit[];
}
