// Whether a file or object is written as JSON, where comments cannot be added, inserted keys
// are quoted and nothing may follow the one value. Shared by fixes, refactorings and completion.
import type { ManifestObject } from './parse-manifests';
import { isFlow, quotesScalars } from './yaml-edits';

/** Whether a file is JSON by its name. */
export function isJsonFile(file: string): boolean {
  return /\.json$/i.test(file);
}

/** Whether an object is written as JSON: in a .json file, or as a flow map with double-quoted keys (JSON in a YAML file). */
export function writesJson(file: string, obj: ManifestObject | undefined): boolean {
  return isJsonFile(file) || (!!obj && isFlow(obj.node) && quotesScalars(obj.node));
}

/**
 * Whether a whole text is JSON, where nothing may follow its one value: by its name, or by a
 * text that is a single flow collection (`{...}` from its first character, no `---`).
 */
export function isJsonDocument(file: string, text: string): boolean {
  if (isJsonFile(file)) return true;
  const first = text.search(/\S/);
  return first >= 0 && (text[first] === '{' || text[first] === '[') && !/^---/m.test(text);
}
