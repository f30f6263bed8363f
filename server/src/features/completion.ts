// Completion: keys, enum values, label keys/values, named ports and policy snippets.
import {
  CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type CompletionList, type Position,
} from 'vscode-languageserver';
import { completeAt, completeConfig, CONFIG_FILE, type CompletionItemData, type ConfigCompletionContext } from '../engine/index';
import { toRange } from '../convert';
import type { FeatureContext } from './context';

const KIND: Record<CompletionItemData['kind'], CompletionItemKind> = {
  field: CompletionItemKind.Property, value: CompletionItemKind.EnumMember, 'label-key': CompletionItemKind.Field,
  'label-value': CompletionItemKind.Value, port: CompletionItemKind.Constant, snippet: CompletionItemKind.Snippet,
};

/** Completion items at a position. */
export function completion(ctx: FeatureContext, position: Position, config?: ConfigCompletionContext): CompletionList | null {
  const doc = ctx.doc.document;
  // `.netpol-lens.yaml` has its own keys; `config` carries the folder's charts and kustomizations.
  const items = ctx.doc.uri.endsWith(`/${CONFIG_FILE}`)
    ? completeConfig(ctx.doc.text, doc.offsetAt(position), config ?? { charts: [], kustomizations: [], namespaces: [...ctx.snapshot.namespaces.keys()] })
    : completeAt(ctx.snapshot, ctx.doc.uri, ctx.doc.text, doc.offsetAt(position), ctx.settings.defaultNamespace);
  if (items.length === 0) return null;
  return {
    isIncomplete: false,
    items: items.map((x): CompletionItem => ({
      label: x.label,
      kind: KIND[x.kind],
      detail: x.detail,
      documentation: x.documentation ? { kind: MarkupKind.Markdown, value: x.documentation } : undefined,
      textEdit: { range: toRange(doc, x.replace), newText: x.insertText },
      insertTextFormat: x.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      sortText: x.sortText,
      // Our continuation lines are indented from the key's column (past a `- `): keep them as written.
      insertTextMode: x.asIs ? InsertTextMode.asIs : undefined,
    })),
  };
}
