// The VS Code extension: starts the language server, wires the status bar, commands and
// read-only documents. Everything about Kubernetes happens in the server.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './language-client';
import { createStatusBar, type StatusBar } from './status-bar';
import { registerCommands } from './commands';
import { SCHEME, VirtualDocuments } from './virtual-documents';
import { FlowGraphPanel } from './flow-graph-panel';
import { PolicyTreeProvider } from './policy-tree';
import { compareFlowsWithHead } from './compare-with-head';
import { TraceChannel } from './trace-channel';
import { IndexWatcher } from './index-watcher';
import { Commands, TrustedNotification, type GraphResult } from '../../server/src/protocol';
import { RenderedDocuments, registerRenderCommands } from './rendered-documents';
import { registerCluster } from './cluster-status';

let client: LanguageClient | undefined;

/** What activate() returns: the API suite (test/vscode) reads these. */
export interface ExtensionApi {
  client: LanguageClient;
  trace: TraceChannel;
  status: StatusBar;
  tree: PolicyTreeProvider;
  /** The graph the open flow graph panel shows. */
  flowGraph(): GraphResult | undefined;
}

/** How long the tree waits after the last status before it re-reads (edits coalesce). */
const TREE_REFRESH_MS = 300;

/** Activates on YAML and JSON documents. */
export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  let treeRefresh: ReturnType<typeof setTimeout> | undefined;
  const output = vscode.window.createOutputChannel('NetworkPolicy Lens', { log: true });
  const trace = new TraceChannel('NetworkPolicy Lens Trace');
  const docs = new VirtualDocuments();
  const status = createStatusBar();
  const { client: lsp, resetRestarts } = createLanguageClient(context, output, trace);
  client = lsp;
  const tree = new PolicyTreeProvider(lsp);
  const rendered = new RenderedDocuments(lsp);
  const index = new IndexWatcher(lsp);
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('netpolLens.policies', tree),
    output,
    trace,
    status.item,
    index,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, docs),
    index.onDidChange((s) => {
      status.update(s);
      if (s.indexing) return;
      // The server reports after every analysis (each pause in typing): the tree, a request
      // over every workload, is re-read once the edits settle.
      clearTimeout(treeRefresh);
      treeRefresh = setTimeout(() => tree.refresh(), TREE_REFRESH_MS);
      FlowGraphPanel.current?.schedule();
    }),
    { dispose: () => clearTimeout(treeRefresh) },
    lsp.onDidChangeState((e) => {
      if (e.newState === State.Stopped) status.stopped();
      else if (e.newState === State.Starting) status.starting();
    }),
    vscode.commands.registerCommand(Commands.compareWithHead, () => compareFlowsWithHead(lsp, docs)),
    vscode.commands.registerCommand(Commands.restartServer, () => { resetRestarts(); return lsp.restart(); }),
    vscode.commands.registerCommand(Commands.showFlowGraph, () => FlowGraphPanel.show(context, lsp).refresh()),
    index.onDidChange((s) => { if (!s.render.rendering) rendered.refresh(s.render.targets); }),
    // Rendering runs binaries: only once the user trusts the workspace.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void lsp.sendNotification(TrustedNotification)),
  );
  for (const d of registerRenderCommands(lsp, rendered)) context.subscriptions.push(d);
  for (const d of registerCommands(lsp, docs)) context.subscriptions.push(d);
  for (const d of registerCluster(lsp)) context.subscriptions.push(d);
  await lsp.start();
  return { client: lsp, trace, status, tree, flowGraph: () => FlowGraphPanel.current?.graph };
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
