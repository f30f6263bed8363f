// Semantic warnings against the workspace (selector matches nothing, the AND/OR trap, DNS...).
// Each concern is its own file in this folder; this module runs them for one file.
import type { ManifestObject } from '../parse-manifests';
import type { Snapshot } from '../snapshot';
import type { Finding } from '../types';
import type { CheckContext } from './context';
import { selectionChecks } from './selection';
import { andOrTrap } from './and-or-trap';
import { dnsChecks } from './dns';
import { policyTypesChecks } from './policy-types';
import { namedPortChecks } from './named-ports';
import { hygieneChecks } from './hygiene';

const CHECKS: ((ctx: CheckContext) => Finding[])[] = [selectionChecks, andOrTrap, dnsChecks, policyTypesChecks, namedPortChecks, hygieneChecks];

/** The semantic findings for the policies of one file; fixes need the file's text and trees. */
export function semanticFindings(s: Snapshot, file: string, text?: string, objects?: readonly ManifestObject[]): Finding[] {
  const policies = s.policies.filter((p) => p.file === file);
  if (policies.length === 0) return [];
  const ctx: CheckContext = { s, file, policies, text, objects };
  return CHECKS.flatMap((check) => check(ctx));
}
