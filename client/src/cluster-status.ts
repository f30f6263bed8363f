// The live cluster in the editor: what the status item says about it, the Choose Cluster Context
// command (a quick pick of the kubeconfig's contexts, read by the server), the cluster files'
// read-only documents and workspace trust. Logic stays in the server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CLUSTER_SCHEME, Commands, Requests, SECTION, TrustedNotification } from '../../server/src/protocol';
import type { ClusterContextsResult, ClusterStatus, RenderedResult } from '../../server/src/protocol';

/** The status item's cluster part: a suffix for its text and a sentence for its tooltip. */
export function clusterStatusText(c: ClusterStatus | undefined): { text: string; tooltip: string } {
  if (!c) return { text: '', tooltip: '' };
  const counts = `${c.namespaces} namespaces, ${c.pods} pods`;
  const problems = c.problems.length > 0 ? ` Not read: ${c.problems.join('; ')}.` : '';
  if (!c.connected) {
    const seen = c.pods > 0 ? ` (last seen: ${counts})` : '';
    return { text: ` · $(debug-disconnect) ${c.context}`, tooltip: ` Cluster "${c.context}": not connected${seen}.${problems}` };
  }
  return { text: ` · $(cloud) ${c.context}${c.problems.length > 0 ? ' $(warning)' : ''}`, tooltip: ` Cluster "${c.context}": ${counts}, watched.${problems}` };
}

type ContextItem = vscode.QuickPickItem & { context: string };

/** Asks the server for the kubeconfig's contexts and writes `netpolLens.cluster.context` (empty: off). */
export async function chooseClusterContext(client: LanguageClient): Promise<void> {
  if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage('NetworkPolicy Lens reads a cluster only in a trusted workspace.');
  const config = vscode.workspace.getConfiguration(SECTION);
  const chosen = config.get<string>('cluster.context', '');
  const r = await client.sendRequest<ClusterContextsResult>(Requests.clusterContexts, {});
  if ('error' in r) return void vscode.window.showErrorMessage(`NetworkPolicy Lens: ${r.error}`);
  const items: ContextItem[] = r.contexts.map((name) => ({
    label: `$(cloud) ${name}`,
    description: [name === r.current ? 'current context' : '', name === chosen ? 'watched' : ''].filter(Boolean).join(' · '),
    context: name,
  }));
  items.push({ label: '$(circle-slash) Off', description: chosen ? '' : 'watched', detail: 'Analyze the workspace alone.', context: '' });
  const picked = await vscode.window.showQuickPick(items, { title: 'NetworkPolicy Lens: analyze the workspace with the live cluster of…' });
  if (!picked) return;
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('cluster.context', picked.context, target);
}

/** Registers Choose Cluster Context, the cluster files' read-only documents, and tells the server when the user trusts the workspace. */
export function registerCluster(client: LanguageClient): vscode.Disposable[] {
  // Links in hovers and the tree open `netpol-cluster://CONTEXT/namespace-NS.yaml`: the server holds the text.
  const documents: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent: async (uri) => {
      const r = await client.sendRequest<RenderedResult>(Requests.rendered, { uri: uri.toString() });
      return 'text' in r ? r.text : `# ${r.error.replace('This target is not rendered (any more)', 'The cluster has no such file (any more)')}\n`;
    },
  };
  return [
    vscode.workspace.registerTextDocumentContentProvider(CLUSTER_SCHEME, documents),
    vscode.commands.registerCommand(Commands.chooseClusterContext, () => chooseClusterContext(client)),
    // The server starts renders and the cluster only once trusted (initializationOptions say so at start).
    vscode.workspace.onDidGrantWorkspaceTrust(() => { if (client.isRunning()) void client.sendNotification(TrustedNotification); }),
  ];
}
