// Diagnostics of one open document: parse and validation findings of the file plus the
// semantic findings against the workspace, with the user's severity overrides; for an input of
// a render target, the findings on its rendered objects.
import type { Diagnostic } from 'vscode-languageserver';
import { ALL_CHECKS, CONFIG_FILE, parseProjectConfig, readRenderConfig, semanticFindings, type Finding, type Snapshot } from '../engine/index';
import { toDiagnostic } from '../convert';
import type { OpenDocument } from '../workspace/manifest-store';
import type { SeverityOverride, Settings } from '../protocol';

const DEFAULT_SEVERITY = new Map(ALL_CHECKS.map((c) => [c.id, c.severity]));
const OPT_IN = ALL_CHECKS.filter((c) => c.optIn).map((c) => c.id);
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

/** The opt-in checks the user enabled: a severity other than "off" in netpolLens.severity. */
export function enabledOptIn(settings: Settings): Set<string> {
  return new Set(OPT_IN.filter((id) => settings.severity[id] !== undefined && settings.severity[id] !== 'off'));
}

/** The diagnostics to publish for an open document. */
export function diagnosticsFor(doc: OpenDocument, s: Snapshot, settings: Settings, fromRendered: readonly Finding[] = []): Diagnostic[] {
  const td = doc.document;
  // `fromRendered`: findings on rendered output whose source is this document, and render problems.
  const findings = [...doc.facts.findings, ...semanticFindings(s, doc.uri, doc.text, doc.facts.objects, enabledOptIn(settings)), ...fromRendered];
  // `.netpol-lens.yaml` is checked as typed (the plan read the saved file, whose findings it replaces).
  if (doc.uri.endsWith(`/${CONFIG_FILE}`)) {
    findings.length = 0;
    const render = readRenderConfig(doc.uri, doc.text).findings;
    for (const f of render) findings.push(f);
    // The `external:` part, unless the file does not even parse (said once, above).
    if (!render.some((f) => f.id === 'yaml-syntax')) {
      for (const p of parseProjectConfig(doc.text).problems) findings.push({ id: 'project-config', severity: 'error', file: doc.uri, span: p.span,
        message: p.message });
    }
  }
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const d = toDiagnostic(td, f, overrideFor(f, settings.severity[f.id]));
    if (d) out.push(d);
  }
  return out;
}
