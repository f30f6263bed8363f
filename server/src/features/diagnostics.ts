// Diagnostics of one open document: parse and validation findings of the file plus the
// semantic findings against the workspace, with the user's severity overrides.
import type { Diagnostic } from 'vscode-languageserver';
import { ALL_CHECKS, semanticFindings, type Finding, type Snapshot } from '../engine/index';
import { toDiagnostic } from '../convert';
import type { OpenDocument } from '../workspace/manifest-store';
import type { SeverityOverride, Settings } from '../protocol';

const DEFAULT_SEVERITY = new Map(ALL_CHECKS.map((c) => [c.id, c.severity]));
const RANK = { error: 0, warning: 1, information: 2, hint: 3 } as const;

/**
 * The user's override for a finding. It sets the check's level; a finding that evidence of pods
 * elsewhere lowered below its check's default (a hint, information) is never raised above that.
 */
function overrideFor(f: Finding, override: SeverityOverride | undefined): SeverityOverride | undefined {
  if (!override || override === 'off') return override;
  const def = DEFAULT_SEVERITY.get(f.id);
  return def && RANK[f.severity] > RANK[def] && RANK[override] < RANK[f.severity] ? f.severity : override;
}

/** The diagnostics to publish for an open document. */
export function diagnosticsFor(doc: OpenDocument, s: Snapshot, settings: Settings): Diagnostic[] {
  const td = doc.document;
  const findings = [...doc.facts.findings, ...semanticFindings(s, doc.uri, doc.text, doc.facts.objects)];
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const d = toDiagnostic(td, f, overrideFor(f, settings.severity[f.id]));
    if (d) out.push(d);
  }
  return out;
}
