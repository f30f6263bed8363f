// The semantic warnings (checks/) with default severity, summary and example.
import type { CheckInfo } from '../check-catalog';

/** Semantic checks against the workspace. */
export const SEMANTIC_CHECKS: CheckInfo[] = [];
