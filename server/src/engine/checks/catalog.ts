// The semantic checks' rows for the README table: id, default severity, summary, example.
// Taken from the checks themselves, so the table and the findings cannot disagree.
import type { CheckInfo } from '../check-catalog';
import { CHECKS, OPT_IN_CHECKS } from './all-checks';

/** Semantic checks against the workspace. */
export const SEMANTIC_CHECKS: CheckInfo[] = CHECKS.concat(OPT_IN_CHECKS).map(({ id, severity, summary, example, optIn }) =>
  (optIn ? { id, severity, summary, example, optIn } : { id, severity, summary, example }));
