// The explanation view: one webview panel, reused by every lens click and Explain Connection,
// showing the server's markdown as HTML whose links open the policy, rule or workload at its line.
import * as vscode from 'vscode';
import { markdownHtml, parseTarget } from './markdown-html';

/** What the panel shows: its tab title and the server's markdown. */
export interface Explanation {
  title: string;
  markdown: string;
}

/** The single explanation panel; a new explanation replaces the shown one in place. */
export class ExplanationPanel {
  private static open?: ExplanationPanel;
  private shown: Explanation = { title: '', markdown: '' };
  private readonly nonce = [...Array(32)].map(() => Math.floor(Math.random() * 36).toString(36)).join('');

  private constructor(private readonly panel: vscode.WebviewPanel, private sourceColumn: vscode.ViewColumn) {
    panel.webview.onDidReceiveMessage((m: { type: string; href?: string }) => {
      if (m.type !== 'open' || !m.href) return;
      const { uri, line } = parseTarget(m.href);
      // Links name manifests (file: URIs, or the rendered documents' own scheme).
      void vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(line, 0, line, 0), viewColumn: this.sourceColumn });
    });
    panel.onDidDispose(() => { ExplanationPanel.open = undefined; });
  }

  /** The explanation on screen, if the panel is open. */
  static get current(): Explanation | undefined {
    return ExplanationPanel.open?.shown;
  }

  /** Shows an explanation beside the active editor, in the open panel when there is one. */
  static show(e: Explanation): ExplanationPanel {
    const source = vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One;
    let p = ExplanationPanel.open;
    if (!p) {
      const where = { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true };
      const panel = vscode.window.createWebviewPanel('netpolLens.explanation', e.title, where, { enableScripts: true, localResourceRoots: [] });
      p = ExplanationPanel.open = new ExplanationPanel(panel, source);
    } else {
      p.panel.reveal(undefined, true);
    }
    p.sourceColumn = source;
    p.shown = e;
    p.panel.title = e.title;
    p.panel.webview.html = page(e, p.nonce, p.panel.webview.cspSource);
    return p;
  }
}

function page(e: Explanation, nonce: string, csp: string): string {
  const title = e.title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${csp} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>${title}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px; line-height: 1.45; }
a { color: var(--vscode-textLink-foreground); cursor: pointer; text-decoration: none; }
a:hover { text-decoration: underline; }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 3px; }
ul { padding-left: 20px; }
</style></head>
<body><h2 id="title">${title}</h2><div id="explanation">${markdownHtml(e.markdown)}</div>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.addEventListener('click', (ev) => {
  const a = ev.target.closest('a[data-href]');
  if (!a) return;
  ev.preventDefault();
  vscode.postMessage({ type: 'open', href: a.getAttribute('data-href') });
});
</script></body></html>`;
}
