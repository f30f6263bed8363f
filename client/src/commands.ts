// The extension's commands: show flows, explain a connection, show an explanation, insert a
// default deny-all policy, copy flows as Mermaid. Logic lives in the server; these only ask it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, Requests, type DenyAllDirections, type DenyAllParams, type DenyAllResult, type ExplainParams, type ExplainResult, type FlowsParams,
  type FlowsResult, type ShowExplanationArgs } from '../../server/src/protocol';
import type { FlowsJson } from './flows-model';
import type { VirtualDocuments } from './virtual-documents';
import { addressInputError, portInputError } from './connection-input';

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
    ? [{ label: '$(shield) Policy at the cursor', description: 'the workloads it selects',
      scope: { policyAt: { uri: editor.document.uri.toString(), line: editor.selection.active.line, character: editor.selection.active.character } } }]
    : [];
  const items: (vscode.QuickPickItem & { scope: Omit<FlowsParams, 'format'> })[] = [
    ...atCursor,
    { label: '$(globe) Workspace', description: `${json.workloads.length} workloads`, scope: {} },
    ...namespaces.map((ns) => ({ label: `$(folder) ${ns}`, description: 'namespace', scope: { namespace: ns } })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Show allowed flows for…' });
  return picked?.scope;
}

const DIRECTIONS: DenyAllDirections[] = ['ingress and egress', 'ingress', 'egress'];

/** Asks for one of the namespaces the index knows (those of its workloads). */
async function pickNamespace(client: LanguageClient): Promise<string | undefined> {
  const json = await fetchFlows(client);
  const namespaces = [...new Set(json.workloads.map((w) => w.namespace))].sort();
  if (namespaces.length === 0) return vscode.window.showInputBox({ title: 'Default deny-all policy: namespace', placeHolder: 'default' });
  return vscode.window.showQuickPick(namespaces, { title: 'Default deny-all policy for namespace…' });
}

/** Registers every command; returns their disposables. */
export function registerCommands(client: LanguageClient, docs: VirtualDocuments): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.showExplanation, async (args: ShowExplanationArgs) => {
      const markdown = args.markdown ?? (`${args.title}\n` +
        `\n${(await client.sendRequest<{ markdown: string }>(Requests.explanation, { uri: args.uri, offset: args.offset ?? 0 })).markdown}`);
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
        const typeIt = { label: '$(edit) Type an address…', description: 'IP or CIDR outside the cluster' };
        const endpoint = async (title: string): Promise<string | undefined> => {
          const picked = await vscode.window.showQuickPick([...refs, typeIt], { title });
          if (picked !== typeIt) return picked?.label;
          return vscode.window.showInputBox({ title: `${title}: address`, placeHolder: '10.0.0.1 or 10.0.0.0/8', validateInput: addressInputError });
        };
        const from = await endpoint('Explain connection: source');
        if (!from) return;
        const to = await endpoint(`Explain connection from ${from} to…`);
        if (!to) return;
        const port = await vscode.window.showInputBox({ title: 'Port (optional)', placeHolder: '5432, 53/UDP, or empty for every port',
          validateInput: portInputError });
        if (port === undefined) return;
        params = { from, to, port: port.trim() || undefined };
      }
      const r = await client.sendRequest<ExplainResult>(Requests.explain, params);
      await vscode.commands.executeCommand(Commands.showExplanation,
        { uri: '', title: `${params.from} to ${params.to}`, markdown: r.markdown } satisfies ShowExplanationArgs);
      return r;
    }),
    vscode.commands.registerCommand(Commands.copyFlowsAsMermaid, async () => {
      // Written by the server, so ranges have the flows text's names (0.0.0.0/0 (anywhere)).
      const mermaid = (await client.sendRequest<FlowsResult>(Requests.flows, { format: 'mermaid' } satisfies FlowsParams)).text;
      await vscode.env.clipboard.writeText(mermaid);
      void vscode.window.showInformationMessage('NetworkPolicy Lens: flows copied as a Mermaid graph.');
      return mermaid;
    }),
    vscode.commands.registerCommand(Commands.insertDenyAll, async (which?: DenyAllDirections, namespace?: string) => {
      // At a manifest: the server's refactoring, which knows the namespace there and the file's style.
      const editor = vscode.window.activeTextEditor;
      if (editor && namespace === undefined) {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, editor.selection,
          vscode.CodeActionKind.Refactor.value);
        const denyAll = (actions ?? []).filter((a) => /deny-all/i.test(a.title) && (!which || a.title.includes(`deny-all policy for ${which} in`)));
        const picked = denyAll.length > 1 ? await vscode.window.showQuickPick(denyAll.map((a) => ({ label: a.title, action: a })),
          { title: 'Insert default deny-all policy' }) : denyAll[0] && { action: denyAll[0] };
        if (picked) {
          if (picked.action.edit) await vscode.workspace.applyEdit(picked.action.edit);
          return picked.action.title;
        }
        if (denyAll.length > 1) return undefined; // the user dismissed the pick
      }
      // Nowhere to insert it: pick an indexed namespace and the directions; the server writes the
      // policy (a free name, quoted scalars) or says the namespace already denies them.
      const ns = namespace ?? (await pickNamespace(client));
      if (!ns) return undefined;
      const dirs = which ?? (await vscode.window.showQuickPick(DIRECTIONS.map((d) => ({ label: d, dirs: d })),
        { title: `Default deny-all policy for namespace ${ns}: deny…` }))?.dirs;
      if (!dirs) return undefined;
      const r = await client.sendRequest<DenyAllResult>(Requests.denyAll, { namespace: ns, directions: dirs } satisfies DenyAllParams);
      if ('error' in r) {
        void vscode.window.showInformationMessage(`NetworkPolicy Lens: ${r.error}`);
        return undefined;
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: r.text });
      await vscode.window.showTextDocument(doc);
      return `Insert a default deny-all policy for ${dirs} in namespace ${ns}`;
    }),
  ];
}
