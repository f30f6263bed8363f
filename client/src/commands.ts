// The extension's commands: show flows, explain a connection, show an explanation, insert a
// default deny-all policy, copy flows as Mermaid. Logic lives in the server; these only ask it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, Requests, type ExplainParams, type ExplainResult, type FlowsParams, type FlowsResult, type ShowExplanationArgs } from '../../server/src/protocol';
import { toMermaid, type FlowsJson } from './flows-model';
import type { VirtualDocuments } from './virtual-documents';

/** Asks the server for the flows JSON of a scope. */
export async function fetchFlows(client: LanguageClient, scope: Omit<FlowsParams, 'format'> = {}): Promise<FlowsJson> {
  const r = await client.sendRequest<FlowsResult>(Requests.flows, { ...scope, format: 'json' } satisfies FlowsParams);
  return JSON.parse(r.text) as FlowsJson;
}

async function pickScope(client: LanguageClient): Promise<Omit<FlowsParams, 'format'> | undefined> {
  const json = await fetchFlows(client);
  const namespaces = [...new Set(json.workloads.map((w) => w.namespace))].sort();
  const editor = vscode.window.activeTextEditor;
  const atCursor: (vscode.QuickPickItem & { scope: Omit<FlowsParams, 'format'> })[] = editor && editor.document.languageId === 'yaml'
    ? [{ label: '$(shield) Policy at the cursor', description: 'the workloads it selects', scope: { policyAt: { uri: editor.document.uri.toString(), line: editor.selection.active.line, character: editor.selection.active.character } } }]
    : [];
  const items: (vscode.QuickPickItem & { scope: Omit<FlowsParams, 'format'> })[] = [
    ...atCursor,
    { label: '$(globe) Workspace', description: `${json.workloads.length} workloads`, scope: {} },
    ...namespaces.map((ns) => ({ label: `$(folder) ${ns}`, description: 'namespace', scope: { namespace: ns } })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Show allowed flows for…' });
  return picked?.scope;
}

/** Registers every command; returns their disposables. */
export function registerCommands(client: LanguageClient, docs: VirtualDocuments): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.showExplanation, async (args: ShowExplanationArgs) => {
      const markdown = args.markdown ?? `${args.title}\n\n${(await client.sendRequest<{ markdown: string }>(Requests.explanation, { uri: args.uri, offset: args.offset ?? 0 })).markdown}`;
      const editor = await docs.show(`/explanations/${encodeURIComponent(args.title)}.md`, markdown, 'markdown', { viewColumn: vscode.ViewColumn.Beside });
      await vscode.commands.executeCommand('markdown.showPreview', editor.document.uri);
    }),
    vscode.commands.registerCommand(Commands.showFlows, async (scopeArg?: Omit<FlowsParams, 'format'>) => {
      const scope = scopeArg ?? (await pickScope(client));
      if (!scope) return;
      const r = await client.sendRequest<FlowsResult>(Requests.flows, { ...scope, format: 'text' } satisfies FlowsParams);
      const name = scope.policyAt ? `policy-at-${scope.policyAt.line + 1}` : scope.workload ?? scope.namespace ?? 'workspace';
      await docs.show(`/flows/${name}.netpol-flows`, r.text, 'netpol-flows', { viewColumn: vscode.ViewColumn.Beside });
    }),
    vscode.commands.registerCommand(Commands.explainConnection, async (pre?: ExplainParams) => {
      let params = pre;
      if (!params) {
        const json = await fetchFlows(client);
        const refs = json.workloads.map((w) => ({ label: `${w.namespace}/${w.name}`, description: w.kind }));
        const from = await vscode.window.showQuickPick(refs, { title: 'Explain connection: source workload' });
        if (!from) return;
        const to = await vscode.window.showQuickPick([...refs, { label: '$(edit) Type an address…', description: 'IP outside the cluster' }], { title: `Explain connection from ${from.label} to…` });
        if (!to) return;
        const toRef = to.label.startsWith('$(edit)') ? await vscode.window.showInputBox({ title: 'Destination address', placeHolder: '10.0.0.1' }) : to.label;
        if (!toRef) return;
        const port = await vscode.window.showInputBox({ title: 'Port (optional)', placeHolder: '5432/TCP, or empty for every port' });
        params = { from: from.label, to: toRef, port: port || undefined };
      }
      const r = await client.sendRequest<ExplainResult>(Requests.explain, params);
      await vscode.commands.executeCommand(Commands.showExplanation, { uri: '', title: `${params.from} to ${params.to}`, markdown: r.markdown } satisfies ShowExplanationArgs);
      return r;
    }),
    vscode.commands.registerCommand(Commands.copyFlowsAsMermaid, async () => {
      const mermaid = toMermaid(await fetchFlows(client));
      await vscode.env.clipboard.writeText(mermaid);
      void vscode.window.showInformationMessage('NetworkPolicy Lens: flows copied as a Mermaid graph.');
      return mermaid;
    }),
    vscode.commands.registerCommand(Commands.insertDenyAll, async (which?: 'ingress and egress' | 'ingress' | 'egress') => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return void vscode.window.showWarningMessage('Open a manifest to insert a default deny-all policy into.');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, editor.selection, vscode.CodeActionKind.Refactor.value);
      const denyAll = (actions ?? []).filter((a) => /deny-all/i.test(a.title) && (!which || a.title.includes(`deny-all policy for ${which} in`)));
      const picked = denyAll.length > 1 ? await vscode.window.showQuickPick(denyAll.map((a) => ({ label: a.title, action: a })), { title: 'Insert default deny-all policy' }) : denyAll[0] && { action: denyAll[0] };
      if (!picked) return void (denyAll.length === 0 && vscode.window.showWarningMessage('No deny-all policy can be inserted here.'));
      if (picked.action.edit) await vscode.workspace.applyEdit(picked.action.edit);
      return picked.action.title;
    }),
  ];
}
