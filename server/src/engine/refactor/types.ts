// What a refactoring is: plain data (a title, a kind and offset edits), never LSP types.
import type { TextEdit } from '../types';

/** An edit the editor can offer where the cursor is. */
export interface Refactoring {
  title: string;
  /** `quickfix` repairs a problem; `refactor` changes what the manifests do on request. */
  kind: 'quickfix' | 'refactor';
  edits: TextEdit[];
  /**
   * What to show once applied: an edit of `edits` and the offset in its new text where the
   * inserted object starts (a policy appended at the end of a long file is out of sight).
   */
  reveal?: { edit: number; offset: number };
}
