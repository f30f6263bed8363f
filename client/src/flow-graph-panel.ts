// The "Show flow graph" webview: bundled, offline, strict CSP, themed by VS Code variables. It
// focuses on the policy under the cursor (what it selects and blocks), follows the active
// editor and the cursor, redraws when the index changes (the server's status notification, which
// follows every edit it analyzes: extension.ts schedules the redraw), and a click on a node opens its manifest.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type GraphParams, type GraphResult } from '../../server/src/protocol';

/** The document and cursor the graph focuses on. */
type Focus = Pick<GraphParams, 'uri' | 'position'>;

function focusOf(editor: vscode.TextEditor | undefined): Focus | undefined {
  if (!editor || (editor.document.languageId !== 'yaml' && editor.document.languageId !== 'json')) return undefined;
  const { line, character } = editor.selection.active;
  return { uri: editor.document.uri.toString(), position: { line, character } };
}

/** Opens (or reveals) the flow graph focused on the policy at the cursor. */
export class FlowGraphPanel {
  private static open?: FlowGraphPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private shown?: GraphResult;

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly client: LanguageClient, private focus: Focus, extensionUri: vscode.Uri) {
    panel.webview.html = html(panel.webview, extensionUri);
    panel.webview.onDidReceiveMessage((m: { type: string; uri?: string; line?: number }) => {
      if (m.type === 'ready') void this.refresh();
      if (m.type === 'open' && m.uri) void vscode.window.showTextDocument(vscode.Uri.parse(m.uri),
        { selection: new vscode.Range(m.line ?? 0, 0, m.line ?? 0, 0), viewColumn: vscode.ViewColumn.One });
    }, undefined, this.disposables);
    // Focusing the panel leaves no active text editor: keep the last manifest's focus then.
    vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(focusOf(editor)), undefined, this.disposables);
    vscode.window.onDidChangeTextEditorSelection((e) => this.follow(focusOf(e.textEditor)), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  /** The open panel, if any. */
  static get current(): FlowGraphPanel | undefined {
    return FlowGraphPanel.open;
  }

  /** The graph last sent to the webview. */
  get graph(): GraphResult | undefined {
    return this.shown;
  }

  /** Refreshes soon, coalescing bursts (typing, cursor moves, index changes); the server debounces too. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 300);
  }

  private follow(focus: Focus | undefined): void {
    if (!focus) return;
    this.focus = focus;
    this.schedule();
  }

  /** Shows the graph for the active editor's document and cursor. */
  static show(context: vscode.ExtensionContext, client: LanguageClient): FlowGraphPanel {
    const focus = focusOf(vscode.window.activeTextEditor) ?? {};
    if (FlowGraphPanel.open) {
      FlowGraphPanel.open.focus = focus;
      FlowGraphPanel.open.panel.reveal(vscode.ViewColumn.Beside);
      return FlowGraphPanel.open;
    }
    const panel = vscode.window.createWebviewPanel('netpolLens.flowGraph', 'Flow Graph', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'client', 'media')],
    });
    FlowGraphPanel.open = new FlowGraphPanel(panel, client, focus, context.extensionUri);
    return FlowGraphPanel.open;
  }

  /** Asks the server for fresh graph data and sends it to the webview. */
  async refresh(): Promise<GraphResult> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const graph = await this.client.sendRequest<GraphResult>(Requests.graph, this.focus satisfies GraphParams);
    this.shown = graph;
    await this.panel.webview.postMessage({ type: 'graph', graph });
    return graph;
  }

  private dispose(): void {
    FlowGraphPanel.open = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = [...Array(32)].map(() => Math.floor(Math.random() * 36).toString(36)).join('');
  const media = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'client', 'media', f));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource}; style-src ${webview.cspSource}; script-src ` +
  `'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('flow-graph.css')}"><title>Flow Graph</title></head>
<body><div id="summary">Loading flows…</div><div id="graph"></div>
<script nonce="${nonce}" src="${media('flow-graph.js')}"></script></body></html>`;
}
