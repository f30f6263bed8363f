// Code actions: quick fixes for our diagnostics (the fixes their findings carry) and the
// engine's refactorings at the cursor, converted to LSP edits. No YAML logic here.
import { CodeActionKind, type CodeAction, type CodeActionContext, type Diagnostic, type Range, type TextEdit as LspTextEdit,
  type WorkspaceEdit } from 'vscode-languageserver';
import { refactoringsAt, semanticFindings, type Finding, type Fix, type Snapshot, type TextEdit } from '../engine/index';
import { toRange } from '../convert';
import type { FeatureContext } from './context';

const SOURCE = 'netpol-lens';

/**
 * The code actions for a range: quick fixes of the diagnostics given, then refactorings.
 * `revealCommand`: the client's command that shows a line of a document (when it has one), run
 * after a refactoring that inserts an object.
 */
export function codeActions(ctx: FeatureContext, range: Range, context: CodeActionContext, revealCommand?: string): CodeAction[] {
  const wants = (kind: string) => !context.only || context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const out: CodeAction[] = [];
  const offered: Fix[] = [];
  const ours = context.diagnostics.filter((d) => d.source === SOURCE);
  if (ours.length > 0 && wants(CodeActionKind.QuickFix)) {
    for (const d of ours) {
      const f = findingOf(ctx, ctx.doc.facts.findings, d) ?? findingOf(ctx, semanticOf(ctx), d);
      for (const fix of f?.fixes ?? []) {
        offered.push(fix);
        out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.preferred ?? false,
          edit: workspaceEdit(ctx, fix.edits) });
      }
    }
  }
  if (wants(CodeActionKind.Refactor)) {
    const refactorings = refactoringsAt({
      snapshot: ctx.snapshot, file: ctx.doc.uri, text: ctx.doc.text, objects: ctx.doc.facts.objects ?? [],
      offset: ctx.doc.document.offsetAt(range.start), defaultNamespace: ctx.settings.defaultNamespace, offered,
    });
    for (const r of refactorings) {
      const kind = r.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.Refactor;
      if (!wants(kind)) continue;
      const shown = r.reveal && r.edits[r.reveal.edit];
      // The line the inserted text puts its object on: the edit's start, plus the lines before it in the new text.
      const line = shown && toRange(ctx.doc.document, shown.span).start.line + shown.newText.slice(0, r.reveal!.offset).split('\n').length - 1;
      const command = revealCommand && shown?.file === ctx.doc.uri && line !== undefined
        ? { title: 'Show the inserted policy', command: revealCommand, arguments: [ctx.doc.uri, line] } : undefined;
      out.push({ title: r.title, kind, edit: workspaceEdit(ctx, r.edits), ...(command ? { command } : {}) });
    }
  }
  return out;
}

/**
 * The semantic findings of the document, once per snapshot: editors ask for code actions at
 * every cursor move, and the checks cost ~0.2 ms per policy. A snapshot never changes, and a new
 * one (any edit anywhere) is a new key, so the memo needs no clearing.
 */
const semanticMemo = new WeakMap<Snapshot, Map<string, Finding[]>>();

function semanticOf(ctx: FeatureContext): Finding[] {
  let byUri = semanticMemo.get(ctx.snapshot);
  if (!byUri) semanticMemo.set(ctx.snapshot, (byUri = new Map()));
  let found = byUri.get(ctx.doc.uri);
  if (!found) byUri.set(ctx.doc.uri, (found = semanticFindings(ctx.snapshot, ctx.doc.uri, ctx.doc.text, ctx.doc.facts.objects)));
  return found;
}

/** The finding behind a diagnostic: same check id and the same range in this version. */
function findingOf(ctx: FeatureContext, findings: Finding[], d: Diagnostic): Finding | undefined {
  const doc = ctx.doc.document;
  return findings.find((f) => f.id === d.code && f.file === ctx.doc.uri && sameRange(toRange(doc, f.span), d.range));
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Offset edits as a WorkspaceEdit; edits of other files convert through the store. */
function workspaceEdit(ctx: FeatureContext, edits: TextEdit[]): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of edits) {
    const range = e.file === ctx.doc.uri ? toRange(ctx.doc.document, e.span) : ctx.store.range(e.file, e.span);
    (changes[e.file] ??= []).push({ range, newText: e.newText });
  }
  return { changes };
}
