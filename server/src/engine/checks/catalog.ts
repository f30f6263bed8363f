// The semantic checks' rows for the README table: id, default severity, summary, example.
// Taken from the checks themselves, so the table and the findings cannot disagree.
import type { CheckInfo } from '../check-catalog';
import { CHECKS } from './all-checks';

/** Semantic checks against the workspace. */
export const SEMANTIC_CHECKS: CheckInfo[] = CHECKS.map(({ id, severity, summary, example }) => ({ id, severity, summary, example }));
