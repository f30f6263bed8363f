// Refactorings where the cursor is (deny-all policies, the DNS rule), as plain offset edits.
// Pure: the code-actions feature only converts what this returns.
import type { ManifestObject } from '../parse-manifests';
import { looksLikeKubernetes } from '../read-file';
import type { Snapshot } from '../snapshot';
import type { Fix } from '../types';
import { denyAllRefactorings } from './deny-all';
import { dnsRuleRefactorings } from './dns-rule';
import type { Refactoring } from './types';

export type { Refactoring } from './types';
export { detectIndentStyle, DEFAULT_STYLE, type IndentStyle } from './indent-style';
export { denyAllLines, denyAllName, denyAllRefusal, appendDocument, namespaceAt, type DenyAllKind } from './deny-all';

/** What the refactorings at one offset of one file need. */
export interface RefactorInput {
  snapshot: Snapshot;
  file: string;
  text: string;
  /** The file's Kubernetes objects with their yaml trees. */
  objects: readonly ManifestObject[];
  offset: number;
  /** The namespace of objects that name none (the `defaultNamespace` setting). */
  defaultNamespace: string;
  /** Quick fixes already offered at this position, so no refactoring repeats one. */
  offered?: readonly Fix[];
}

/** Whether a text holds only blank lines, comments and `---`: a manifest yet to be written. */
function isBlank(text: string): boolean {
  for (let start = 0; start <= text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (!/^[ \t]*(?:#.*|---[ \t]*)?\r?$/.test(text.slice(start, end))) return false;
    start = end + 1;
  }
  return true;
}

/**
 * The refactorings available at an offset: deny-all insertions, then the DNS rule. Files that
 * are neither manifests nor blank get none (other YAML is left alone).
 */
export function refactoringsAt(input: RefactorInput): Refactoring[] {
  const { snapshot: s, file, text, objects, offset } = input;
  const blank = objects.length === 0 && isBlank(text);
  if (objects.length === 0 && !looksLikeKubernetes(text) && !blank) return [];
  return [
    ...denyAllRefactorings(s, file, text, objects, offset, input.defaultNamespace, blank),
    ...dnsRuleRefactorings(s, file, text, objects, offset, input.offered ?? []),
  ];
}
