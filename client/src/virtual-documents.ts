// Read-only virtual documents (flows text, explanations) under the `netpol-lens:` scheme.
import * as vscode from 'vscode';

/** The scheme of the extension's read-only documents. */
export const SCHEME = 'netpol-lens';

/** A content provider whose documents are set by path and refreshed on change. */
export class VirtualDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  /** Sets the content at a path and returns its URI. */
  set(path: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SCHEME, path });
    this.contents.set(path, content);
    this.emitter.fire(uri);
    return uri;
  }

  /** Opens a document with a language. */
  async show(path: string, content: string, language: string, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
    const uri = this.set(path, content);
    const doc = await vscode.workspace.openTextDocument(uri);
    const typed = doc.languageId === language ? doc : await vscode.languages.setTextDocumentLanguage(doc, language);
    return vscode.window.showTextDocument(typed, { preview: true, ...options });
  }
}
