// Diagnostics of one open document: parse and validation findings of the file plus the
// semantic findings against the workspace, with the user's severity overrides; for an input of
// a render target, the findings on its rendered objects.
import type { Diagnostic } from 'vscode-languageserver';
import { CONFIG_FILE, readRenderConfig, semanticFindings, type Finding, type Snapshot } from '../engine/index';
import { toDiagnostic } from '../convert';
import type { OpenDocument } from '../workspace/manifest-store';
import type { Settings } from '../protocol';

/** The diagnostics to publish for an open document. */
export function diagnosticsFor(doc: OpenDocument, s: Snapshot, settings: Settings, fromRendered: readonly Finding[] = []): Diagnostic[] {
  const td = doc.document;
  // `fromRendered`: findings on rendered output whose source is this document, and render problems.
  const findings = [...doc.facts.findings, ...semanticFindings(s, doc.uri, doc.text, doc.facts.objects), ...fromRendered];
  // `.netpol-lens.yaml` is checked as typed (the plan read the saved file, whose findings it replaces).
  if (doc.uri.endsWith(`/${CONFIG_FILE}`)) findings.splice(0, findings.length, ...readRenderConfig(doc.uri, doc.text).findings);
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const d = toDiagnostic(td, f, settings.severity[f.id]);
    if (d) out.push(d);
  }
  return out;
}
