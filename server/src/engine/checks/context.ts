// What every semantic check receives: the snapshot, the file, its policies and, for open
// documents, its text and yaml objects (needed only to build fixes).
import type { ManifestObject } from '../parse-manifests';
import type { Snapshot } from '../snapshot';
import type { Finding, Policy, Severity, Span } from '../types';

/** The inputs of the checks for one file. */
export interface CheckContext {
  s: Snapshot;
  file: string;
  policies: Policy[];
  text?: string;
  objects?: readonly ManifestObject[];
}

/** The yaml object of a policy, when the file's trees are kept. */
export function objectOf(ctx: CheckContext, policy: Policy): ManifestObject | undefined {
  return ctx.objects?.find((o) => o.span.start === policy.span.start);
}

/** Builds a finding of this file. */
export function finding(ctx: CheckContext, id: string, severity: Severity, span: Span, message: string, extra: Partial<Finding> = {}): Finding {
  return { id, severity, file: ctx.file, span, message, ...extra };
}
