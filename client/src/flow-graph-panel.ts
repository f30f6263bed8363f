// The "Show flow graph" webview: bundled, offline, strict CSP, themed by VS Code variables,
// refreshed as documents change, and a click on a node opens the workload's manifest.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type GraphParams, type GraphResult } from '../../server/src/protocol';

/** Opens (or reveals) the flow graph focused on the active document's policies. */
export class FlowGraphPanel {
  private static open?: FlowGraphPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private timer?: ReturnType<typeof setTimeout>;

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly client: LanguageClient, private focusUri: string | undefined, extensionUri: vscode.Uri) {
    panel.webview.html = html(panel.webview, extensionUri);
    panel.webview.onDidReceiveMessage((m: { type: string; uri?: string; line?: number }) => {
      if (m.type === 'ready') void this.refresh();
      if (m.type === 'open' && m.uri) void vscode.window.showTextDocument(vscode.Uri.parse(m.uri), { selection: new vscode.Range(m.line ?? 0, 0, m.line ?? 0, 0), viewColumn: vscode.ViewColumn.One });
    }, undefined, this.disposables);
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId === 'yaml' || e.document.languageId === 'json') this.schedule();
    }, undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  /** The open panel, if any. */
  static get current(): FlowGraphPanel | undefined {
    return FlowGraphPanel.open;
  }

  /** Refreshes soon, coalescing bursts (typing, index changes); the server debounces too. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 300);
  }

  /** Shows the graph for the active editor's document. */
  static show(context: vscode.ExtensionContext, client: LanguageClient): FlowGraphPanel {
    const focus = vscode.window.activeTextEditor?.document.uri.toString();
    if (FlowGraphPanel.open) {
      FlowGraphPanel.open.focusUri = focus;
      FlowGraphPanel.open.panel.reveal(vscode.ViewColumn.Beside);
      void FlowGraphPanel.open.refresh();
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
    const graph = await this.client.sendRequest<GraphResult>(Requests.graph, { uri: this.focusUri } satisfies GraphParams);
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
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource}; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('flow-graph.css')}"><title>Flow Graph</title></head>
<body><div id="summary">Loading flows…</div><div id="graph"></div>
<script nonce="${nonce}" src="${media('flow-graph.js')}"></script></body></html>`;
}
