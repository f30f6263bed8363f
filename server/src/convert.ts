// The only place where engine offsets become LSP positions and ranges, and engine findings
// become LSP diagnostics. JavaScript offsets are UTF-16 units, LSP's default encoding.
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Severity, Span } from './engine/index';
import type { SeverityOverride } from './protocol';

/** A span of a document as an LSP range. */
export function toRange(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A finding as a diagnostic (code = check id), or undefined when its check is turned off. */
export function toDiagnostic(doc: TextDocument, f: Finding, override?: SeverityOverride): Diagnostic | undefined {
  if (override === 'off') return undefined;
  const severity = SEVERITY[override ?? f.severity];
  const d: Diagnostic = { range: toRange(doc, f.span), severity, code: f.id, source: 'netpol-lens', message: f.message };
  if (f.related?.length) {
    d.relatedInformation = f.related.filter((r) => r.file === doc.uri).map((r) =>
      ({ location: { uri: r.file, range: toRange(doc, r.span) }, message: r.message }));
  }
  return d;
}
