// Diagnostics of one open document: parse and validation findings of the file plus the
// semantic findings against the workspace, with the user's severity overrides.
import type { Diagnostic } from 'vscode-languageserver';
import { semanticFindings, type Snapshot } from '../engine/index';
import { toDiagnostic } from '../convert';
import type { OpenDocument } from '../workspace/manifest-store';
import type { Settings } from '../protocol';

/** The diagnostics to publish for an open document. */
export function diagnosticsFor(doc: OpenDocument, s: Snapshot, settings: Settings): Diagnostic[] {
  const td = doc.document;
  const findings = [...doc.facts.findings, ...semanticFindings(s, doc.uri, doc.text, doc.facts.objects)];
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const d = toDiagnostic(td, f, settings.severity[f.id]);
    if (d) out.push(d);
  }
  return out;
}
