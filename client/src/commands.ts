// The extension's commands: show flows, explain a connection, show an explanation, insert a
// default deny-all policy, copy flows as Mermaid. Logic lives in the server; these only ask it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, Requests, type DenyAllDirections, type DenyAllParams, type DenyAllResult, type ExplainParams, type ExplainResult, type FlowsParams,
  type FlowsResult, type ShowExplanationArgs } from '../../server/src/protocol';
import type { FlowsJson } from './flows-model';
import type { VirtualDocuments } from './virtual-documents';
import { addressInputError, portInputError } from './connection-input';
import { ExplanationPanel, type Explanation } from './explanation-panel';

/** Asks the server for the flows JSON of a scope. */
export async function fetchFlows(client: LanguageClient, scope: Omit<FlowsParams, 'format'> = {}): Promise<FlowsJson> {
  const r = await client.sendRequest<FlowsResult>(Requests.flows, { ...scope, format: 'json' } satisfies FlowsParams);
  return JSON.parse(r.text) as FlowsJson;
}

/**
 * The `namespace/name` of the policy whose manifest holds the position, from the server's document
 * symbols (policies are classes there); undefined on a workload or outside every object.
 */
async function policyNameAt(uri: vscode.Uri, position: vscode.Position): Promise<string | undefined> {
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
  return (symbols ?? []).find((s) => s.kind === vscode.SymbolKind.Class && s.range.contains(position))?.name;
}

async function pickScope(client: LanguageClient): Promise<Omit<FlowsParams, 'format'> | undefined> {
  const json = await fetchFlows(client);
  const namespaces = [...new Set(json.workloads.map((w) => w.namespace))].sort();
  const editor = vscode.window.activeTextEditor;
  // Offered only with the cursor on a policy: on a Deployment it could only say "no policy here".
  const at = editor && (editor.document.languageId === 'yaml' || editor.document.languageId === 'json') ? editor.selection.active : undefined;
  const policy = editor && at ? await policyNameAt(editor.document.uri, at) : undefined;
  const atCursor: (vscode.QuickPickItem & { scope: Omit<FlowsParams, 'format'> })[] = editor && at && policy
    ? [{ label: `$(shield) Policy ${policy}`, description: 'the policy at the cursor: the workloads it selects',
      scope: { policyAt: { uri: editor.document.uri.toString(), line: at.line, character: at.character } } }]
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
    // After a policy is inserted at the end of a long file: the cursor on it, in the middle of the view.
    vscode.commands.registerCommand(Commands.revealLine, async (uri: string, line: number) => {
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri));
      const at = new vscode.Position(Math.min(line, editor.document.lineCount - 1), 0);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
    }),
    vscode.commands.registerCommand(Commands.showExplanation, async (args: ShowExplanationArgs): Promise<Explanation> => {
      // One view, reused: titled by what it explains, its links open the manifests at their lines.
      const body = args.markdown
        ?? (await client.sendRequest<{ markdown: string }>(Requests.explanation, { uri: args.uri, offset: args.offset ?? 0 })).markdown;
      const shown = { title: args.subject ?? args.title, markdown: body };
      ExplanationPanel.show(shown);
      return shown;
    }),
    vscode.commands.registerCommand(Commands.showFlows, async (scopeArg?: Omit<FlowsParams, 'format'>) => {
      const scope = scopeArg ?? (await pickScope(client));
      if (!scope) return;
      const r = await client.sendRequest<FlowsResult>(Requests.flows, { ...scope, format: 'text' } satisfies FlowsParams);
      // The tab names the scope: `shop · backend-from-frontend` for a policy (a `/` would be a folder).
      const p = scope.policyAt;
      const policy = p && (await policyNameAt(vscode.Uri.parse(p.uri), new vscode.Position(p.line, p.character)));
      const name = (p ? policy ?? `policy-at-${p.line + 1}` : scope.workload ?? scope.namespace ?? 'workspace').replace('/', ' · ');
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
          const applied = picked.action.edit && (await vscode.workspace.applyEdit(picked.action.edit));
          // The server's command after an inserted policy: show it (the lightbulb runs it too).
          const then = picked.action.command;
          if (applied && then) await vscode.commands.executeCommand(then.command, then.arguments?.[0], then.arguments?.[1]);
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
