// The VS Code extension: starts the language server, wires the status bar, commands and
// read-only documents. Everything about Kubernetes happens in the server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './language-client';
import { createStatusBar } from './status-bar';
import { registerCommands } from './commands';
import { SCHEME, VirtualDocuments } from './virtual-documents';
import { FlowGraphPanel } from './flow-graph-panel';
import { PolicyTreeProvider } from './policy-tree';
import { compareFlowsWithHead } from './compare-with-head';
import { TraceChannel } from './trace-channel';
import { Commands, StatusNotification, type StatusResult } from '../../server/src/protocol';

let client: LanguageClient | undefined;

/** What activate() returns: the API suite (test/vscode) reads these. */
export interface ExtensionApi {
  client: LanguageClient;
  trace: TraceChannel;
}

/** Activates on YAML and JSON documents. */
export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const output = vscode.window.createOutputChannel('NetworkPolicy Lens', { log: true });
  const trace = new TraceChannel('NetworkPolicy Lens Trace');
  const docs = new VirtualDocuments();
  const status = createStatusBar();
  client = createLanguageClient(context, output, trace);
  const tree = new PolicyTreeProvider(client);
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('netpolLens.policies', tree),
    output,
    trace,
    status.item,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, docs),
    client.onNotification(StatusNotification, (s: StatusResult) => { status.update(s); if (!s.indexing) tree.refresh(); }),
    ...registerCommands(client, docs),
    vscode.commands.registerCommand(Commands.compareWithHead, () => client && compareFlowsWithHead(client, docs)),
    vscode.commands.registerCommand(Commands.restartServer, () => client?.restart()),
    vscode.commands.registerCommand(Commands.showFlowGraph, () => client && FlowGraphPanel.show(context, client).refresh()),
  );
  await client.start();
  return { client, trace };
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
