// Validation the API server does, as findings (see SEMANTICS.md). Placeholder until checks land.
import type { ManifestObject } from './parse-manifests';
import type { Finding } from './types';

/** The API-server validation errors of one object. */
export function validateObject(_obj: ManifestObject): Finding[] {
  return [];
}
