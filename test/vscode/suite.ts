// The API suite that runs inside a real VS Code extension host: written once, run by
// @vscode/test-electron (npm run test:electron) and inside code-server (test/e2e). It drives
// the installed extension through vscode.execute*Provider commands and the extension's commands.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { ExtensionApi } from '../../client/src/extension';
import type { GraphResult } from '../../server/src/protocol';
import type { PolicyTreeNode } from '../../client/src/policy-tree';

/** Polls `fn` until it returns a truthy value or the deadline passes. */
async function until<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100)); // polling with a deadline, not a fixed sleep
  }
}

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder (examples/shop) is open');
  return f.uri;
}

function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, needle);
  return doc.positionAt(i + delta);
}

/** The extension's API (what activate() returns). */
async function api(): Promise<ExtensionApi> {
  const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'netpol-lens');
  assert.ok(ext, 'extension installed');
  return (await ext.activate()) as ExtensionApi;
}

const tests: [string, () => Promise<void>][] = [];
const it = (name: string, fn: () => Promise<void>) => tests.push([name, fn]);

it('the extension activates and its commands are registered', async () => {
  const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'netpol-lens');
  assert.ok(ext, 'extension installed');
  await ext.activate();
  const commands = await vscode.commands.getCommands(true);
  for (const c of ['netpolLens.showFlows', 'netpolLens.showFlowGraph', 'netpolLens.explainConnection', 'netpolLens.compareFlowsWithHead',
    'netpolLens.insertDefaultDenyAll', 'netpolLens.copyFlowsAsMermaid']) assert.ok(commands.includes(c), c);
});

it('code lenses above every policy', async () => {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'policies.yaml'));
  await vscode.window.showTextDocument(doc);
  const lenses = await until('code lenses', async () => {
    const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    return l && l.length >= 5 ? l : undefined;
  });
  const titles = lenses.map((l) => l.command?.title ?? '');
  assert.ok(titles.includes('selects 1 workload in the workspace · ingress: from 1 workload on TCP 5432'), titles.join('\n'));
});

it('hover on a podSelector lists the matched workloads', async () => {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'policies.yaml'));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'app: database', 2));
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /Selects pods labelled app=database in namespace shop\*\*: in the workspace, 1 workload with 1 pod/);
  assert.match(text, /shop\/database/);
});

it('diagnostics on a broken policy, and a quick fix applied to the document', async () => {
  const uri = vscode.Uri.joinPath(folder(), 'scratch-api-suite.yaml');
  // Selects nothing, so it cannot change the flows the later tests check.
  const text = 'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n' +
    '  podSelector: {matchLabels: {app: none}}\n';
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const diag = await until('deprecated-api-version diagnostic',
    () => vscode.languages.getDiagnostics(uri).find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'deprecated-api-version'));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range,
    vscode.CodeActionKind.QuickFix.value);
  const fix = actions.find((a) => a.title.includes('networking.k8s.io/v1'));
  assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  assert.equal(doc.getText(), text.replace('extensions/v1beta1', 'networking.k8s.io/v1'));
  await until('diagnostic gone', () => !vscode.languages.getDiagnostics(uri).some((d) =>
    String(typeof d.code === 'object' ? d.code.value : d.code) === 'deprecated-api-version'));
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.workspace.fs.delete(uri);
});

it('commands: copy flows as Mermaid, explain a connection', async () => {
  const mermaid = await vscode.commands.executeCommand<string>('netpolLens.copyFlowsAsMermaid');
  assert.match(mermaid, /^graph LR/);
  assert.match(mermaid, /shop_backend -->\|TCP 5432\| shop_database/);
  const r = await vscode.commands.executeCommand<{ allowed: boolean; markdown: string }>('netpolLens.explainConnection',
    { from: 'analytics/analytics', to: 'shop/database', port: '5432' });
  assert.equal(r.allowed, false);
  assert.match(r.markdown, /denied/);
  // An address as the source, and a port that does not parse: rejected, not read as every port.
  const fromIp = await vscode.commands.executeCommand<{ allowed: boolean; markdown: string }>('netpolLens.explainConnection',
    { from: '203.0.113.7', to: 'web/frontend', port: '443/TCP' });
  assert.equal(fromIp.allowed, true, fromIp.markdown);
  // A named port resolves on the destination (backend's http is TCP 9090), as in a policy.
  const named = await vscode.commands.executeCommand<{ allowed: boolean; markdown: string }>('netpolLens.explainConnection',
    { from: 'web/frontend', to: 'shop/backend', port: 'http' });
  assert.equal(named.allowed, true, named.markdown);
  assert.match(named.markdown, /on TCP 9090: allowed/);
  const bad = await vscode.commands.executeCommand<{ allowed: boolean; markdown: string }>('netpolLens.explainConnection',
    { from: 'web/frontend', to: 'shop/backend', port: '99999' });
  assert.equal(bad.allowed, false);
  assert.match(bad.markdown, /^Invalid port 99999/);
});

/** What `node dist/cli.js flows` of the installed extension prints for the shop's manifests. */
function cliFlows(...args: string[]): string {
  const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'netpol-lens');
  assert.ok(ext);
  const files = ['namespaces.yaml', 'policies.yaml', 'workloads.yaml'].map((f) => join(folder().fsPath, f));
  // ELECTRON_RUN_AS_NODE: under test-electron process.execPath is the Electron binary.
  return execFileSync(process.execPath, [join(ext.extensionPath, 'dist', 'cli.js'), 'flows', '--no-color', ...args, ...files],
    { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' } });
}

/** Runs Show Allowed Flows for a scope and returns the text of the document it opens. */
async function showFlows(scope: object, path: string): Promise<string> {
  await vscode.commands.executeCommand('netpolLens.showFlows', scope);
  const editor = await until(`the flows document ${path}`,
    () => vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'netpol-flows' && e.document.uri.path === path));
  return editor.document.getText();
}

it('command: show allowed flows opens the same text as `netpol-lens flows`, per scope', async () => {
  const workspace = await showFlows({}, '/flows/workspace.netpol-flows');
  assert.match(workspace, /shop\/backend \(Deployment\)\s+->\s+shop\/database \(StatefulSet\)\s+TCP 5432/);
  assert.equal(workspace, cliFlows());
  const web = await showFlows({ namespace: 'web' }, '/flows/web.netpol-flows');
  assert.equal(web, cliFlows('--namespace', 'web'));
  assert.ok(web.trim().split('\n').every((l) => l.includes('web/')), web);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'policies.yaml'));
  const at = positionOf(doc, 'name: database-from-backend');
  const policy = await showFlows({ policyAt: { uri: doc.uri.toString(), line: at.line, character: at.character } },
    '/flows/shop · database-from-backend.netpol-flows');
  assert.equal(policy, cliFlows('--workload', 'shop/database'), 'the policy selects only the database');
});

it('command: show flow graph returns the graph it draws', async () => {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'policies.yaml'));
  await vscode.window.showTextDocument(doc);
  const g = await vscode.commands.executeCommand<{ nodes: { id: string }[]; edges: { blocked: boolean }[] }>('netpolLens.showFlowGraph');
  assert.equal(g.nodes.length, 6);
  assert.ok(g.edges.some((e) => e.blocked));
});

it('the flow graph focuses on the policy at the cursor and follows the cursor and the active editor', async () => {
  const { flowGraph } = await api();
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'policies.yaml'));
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  const cursorAt = (needle: string) => { const p = positionOf(doc, needle); editor.selection = new vscode.Selection(p, p); };
  const focused = (g: GraphResult | undefined) => (g?.nodes ?? []).filter((n) => n.focused).map((n) => n.id).sort();
  cursorAt('name: database-from-backend');
  const g = await vscode.commands.executeCommand<GraphResult>('netpolLens.showFlowGraph');
  assert.deepEqual(g.focus, ['shop/database-from-backend']);
  assert.deepEqual(focused(g), ['shop/database/StatefulSet']);
  cursorAt('name: backend-from-frontend');
  const moved = await until('the graph to follow the cursor', () => (flowGraph()?.focus?.[0] === 'shop/backend-from-frontend' ? flowGraph() : undefined));
  assert.deepEqual(focused(moved), ['shop/backend/Deployment']);
  assert.ok(moved.edges.some((e) => e.blocked && e.to === 'shop/backend/Deployment'), 'what the policy blocks is drawn');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'namespaces.yaml')), vscode.ViewColumn.One);
  const none = await until('the graph to follow the active editor', () => (flowGraph()?.focus?.length === 0 ? flowGraph() : undefined));
  assert.deepEqual(focused(none), []);
});

it('command: insert a default deny-all policy for the namespace at the cursor', async () => {
  const uri = vscode.Uri.joinPath(folder(), 'namespaces.yaml');
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  const original = doc.getText();
  const at = doc.positionAt(original.indexOf('name: logging'));
  editor.selection = new vscode.Selection(at, at);
  const title = await vscode.commands.executeCommand<string>('netpolLens.insertDefaultDenyAll', 'ingress and egress');
  assert.equal(title, 'Insert a default deny-all policy for ingress and egress in namespace logging');
  assert.ok(doc.getText().startsWith(original));
  assert.match(doc.getText().slice(original.length), /name: default-deny-all\n {2}namespace: logging\n/);
  // The cursor goes to the inserted policy (at the end of the file, otherwise out of sight).
  assert.equal(doc.lineAt(editor.selection.active.line).text, 'apiVersion: networking.k8s.io/v1');
  assert.ok(editor.selection.active.line >= doc.positionAt(original.length).line, 'on the inserted policy');
  await vscode.commands.executeCommand('workbench.action.files.revert', uri);
  assert.equal(doc.getText(), original);
});

it('command: insert deny-all with no manifest at hand writes a new YAML document', async () => {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const title = await vscode.commands.executeCommand<string>('netpolLens.insertDefaultDenyAll', 'egress', 'web');
  assert.equal(title, 'Insert a default deny-all policy for egress in namespace web');
  const doc = vscode.window.activeTextEditor?.document;
  assert.ok(doc && doc.uri.scheme === 'untitled' && doc.languageId === 'yaml', 'an untitled YAML document');
  assert.equal(doc.getText(), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-egress\n  namespace: web\nspec:\n' +
    '  podSelector: {}\n  policyTypes:\n    - Egress\n');
  // The server reads it as a policy: it gets a lens like any other.
  await until('a lens on the new policy', async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider',
    doc.uri))?.some((l) => /selects 1 workload/.test(l.command?.title ?? '')));
  // The unsaved policy counts: asking again opens no second deny-all for web's egress.
  assert.equal(await vscode.commands.executeCommand<string | undefined>('netpolLens.insertDefaultDenyAll', 'egress', 'web'), undefined);
  assert.equal(vscode.window.activeTextEditor?.document, doc, 'no other document opened');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  // shop's default-deny (every pod, no rules) already denies ingress: nothing to insert.
  assert.equal(await vscode.commands.executeCommand<string | undefined>('netpolLens.insertDefaultDenyAll', 'ingress', 'shop'), undefined);
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'untitled' && !d.isClosed && /default-deny-ingress/.test(d.getText())),
    'no deny-all document for shop');
});

it('command: compare flows with HEAD shows what an edit opens', async () => {
  const same = await vscode.commands.executeCommand<{ head: string; working: string }>('netpolLens.compareFlowsWithHead');
  assert.ok(same, 'the workspace is a git repository');
  assert.equal(same.head, same.working);
  const uri = vscode.Uri.joinPath(folder(), 'policies.yaml');
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  const original = doc.getText();
  // Open the database to analytics: the working tree now allows a flow HEAD did not.
  await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(original.indexOf('app: backend\n      ports:')),
    doc.positionAt(original.indexOf('app: backend\n      ports:') + 'app: backend'.length)), 'app: analytics'));
  const changed = await until('flows to change', async () => {
    const r = await vscode.commands.executeCommand<{ head: string; working: string }>('netpolLens.compareFlowsWithHead');
    return r && r.head !== r.working ? r : undefined;
  });
  assert.match(changed.head, /shop\/backend \(Deployment\)\s+->\s+shop\/database/);
  assert.doesNotMatch(changed.working, /shop\/backend \(Deployment\)\s+->\s+shop\/database \(StatefulSet\)\s+TCP 5432/);
  // The engine's diff (netpolLens/diff): a pod-only peer stays in shop, where no pod is app=analytics.
  assert.equal((changed as { diff?: string }).diff, 'Closed (1):\n  shop/backend (Deployment)  ->  shop/database (StatefulSet)  TCP 5432\n');
  assert.ok(vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputTextDiff)), 'a diff editor is open');
  // Revert acts on the active editor (the diff is active now): make the edited one active first.
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert', uri);
  assert.equal(doc.getText(), original, 'later tests see the committed policies');
});

it('netpolLens.trace.server turns tracing on and off without touching the log level', async () => {
  const { trace } = await api();
  const config = vscode.workspace.getConfiguration('netpolLens');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'policies.yaml'));
  const hover = () => vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'app: database', 2));
  try {
    await config.update('trace.server', 'messages', vscode.ConfigurationTarget.Global);
    await until('the trace channel at level Trace', () => trace.logLevel === vscode.LogLevel.Trace);
    const before = trace.linesWritten;
    await until('a traced hover request', async () => { await hover(); return trace.linesWritten > before; });
  } finally {
    await config.update('trace.server', undefined, vscode.ConfigurationTarget.Global);
  }
  await until('the trace channel off', () => trace.logLevel === vscode.LogLevel.Off);
  const off = trace.linesWritten;
  await hover();
  await hover();
  assert.equal(trace.linesWritten, off, 'nothing is traced with the setting off');
});

it('the status item and the tree follow an edit, the status shows a stopped server, and Restart Language Server brings it back', async () => {
  const { status, client, tree } = await api();
  const count = () => Number(/(\d+) policies/.exec(status.item.text)?.[1] ?? Number.NaN);
  const before = await until('the status to show counts', () => (Number.isFinite(count()) ? count() : undefined));
  // What the status said each time the tree was told to re-read (it is told right after the status).
  const treeRefreshedAt: number[] = [];
  const listening = tree.onDidChangeTreeData(() => treeRefreshedAt.push(count()));
  try {
    // An untitled document: no file watcher fires, only the edit tells the server.
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: '' });
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0),
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: scratch\n  namespace: web\nspec:\n  podSelector: {}\n' +
      '  policyTypes: [Ingress]\n'));
    await until('the status to count the typed policy', () => count() === before + 1).catch((e: Error) => {
      throw new Error(`${e.message}: before ${before}, now "${status.item.text}"`);
    });
    await until('the tree to re-read after the edit', () => treeRefreshedAt.includes(before + 1));
    const label = (n: PolicyTreeNode) => String(tree.getTreeItem(n).label);
    const web = (await tree.getChildren()).find((n) => label(n) === 'web');
    const frontend = web && (await tree.getChildren(web)).find((n) => label(n) === 'frontend');
    assert.ok(frontend, 'web/frontend in the tree');
    const [ingress] = await tree.getChildren(frontend);
    assert.deepEqual((await tree.getChildren(ingress)).map(label), ['scratch'], 'the typed policy isolates the frontend');
  } finally {
    listening.dispose();
  }
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await client.stop();
  await until('the status item to show the stopped server', () => status.item.text.includes('stopped'));
  assert.equal(status.item.command, 'netpolLens.restartServer');
  await vscode.commands.executeCommand('netpolLens.restartServer');
  await until('the status to show counts again', () => count() === before, 60_000);
  assert.equal(status.item.command, 'netpolLens.showFlows');
});

it('the Network Policies tree shows isolation per direction, each with its policies', async () => {
  const { tree } = await api();
  const label = (n: PolicyTreeNode) => String(tree.getTreeItem(n).label);
  const describe = (n: PolicyTreeNode) => `${label(n)}: ${String(tree.getTreeItem(n).description)}`;
  const namespaces = await tree.getChildren();
  const child = async (parent: PolicyTreeNode, name: string) => {
    const c = (await tree.getChildren(parent)).find((n) => label(n) === name);
    assert.ok(c, `${label(parent)} has ${name}`);
    return c;
  };
  const shop = namespaces.find((n) => label(n) === 'shop');
  assert.ok(shop, namespaces.map(label).join(', '));
  const backend = await child(shop, 'backend');
  assert.equal(describe(backend), 'backend: Deployment · in: isolated · out: isolated');
  const directions = await tree.getChildren(backend);
  assert.deepEqual(directions.map(describe), ['ingress: isolated by 2 policies', 'egress: isolated by 3 policies']);
  assert.deepEqual((await tree.getChildren(directions[0])).map(label).sort(), ['backend-from-frontend', 'default-deny']);
  assert.equal((tree.getTreeItem(directions[0]!).iconPath as vscode.ThemeIcon).id, 'shield');
  const web = namespaces.find((n) => label(n) === 'web');
  assert.ok(web);
  const frontend = await child(web, 'frontend');
  assert.equal(describe(frontend), 'frontend: Deployment · in: open · out: open');
  const open = await tree.getChildren(frontend);
  assert.deepEqual(open.map(describe), ['ingress: open: any pod can reach it', 'egress: open: it can reach anything']);
  assert.equal((tree.getTreeItem(open[1]!).iconPath as vscode.ThemeIcon).id, 'unlock');
});

it('command: show explanation from a lens opens the explanation beside', async () => {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'policies.yaml'));
  await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  const lenses = await until('code lenses', async () => {
    const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    return l && l.length >= 5 ? l : undefined;
  });
  const lens = lenses.find((l) => l.command?.title === 'selects 1 workload in the workspace · ingress: from 1 workload on TCP 5432');
  assert.ok(lens?.command, lenses.map((l) => l.command?.title).join('\n'));
  assert.equal(lens.command.command, 'netpolLens.showExplanation');
  const shown = await vscode.commands.executeCommand<{ title: string; markdown: string }>(lens.command.command, ...(lens.command.arguments ?? []));
  assert.equal(shown.title, 'shop/database-from-backend');
  assert.match(shown.markdown, /\[shop\/database\]\(file:/);
  // A second click (another lens) reuses the one view: one explanation tab, retitled.
  const other = lenses.find((l) => l.command?.title.startsWith('selects') && l !== lens)!;
  await vscode.commands.executeCommand(other.command!.command, ...(other.command!.arguments ?? []));
  const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && /explanation/.test(t.input.viewType));
  const one = await until('one explanation tab, retitled', () => tabs().length === 1 && tabs()[0]!.label !== 'shop/database-from-backend' && tabs());
  assert.match(one[0]!.label, /^shop\//);
});

it('completion, document symbols and references through the VS Code API', async () => {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'policies.yaml'));
  const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri,
    positionOf(doc, 'app: database', 'app: '.length));
  const labels = completions.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  assert.ok(labels.includes('backend') && labels.includes('database'), labels.join(', '));
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
  assert.deepEqual(symbols.map((x) => x.name), ['shop/default-deny', 'shop/allow-dns', 'shop/backend-from-frontend', 'shop/database-from-backend',
    'shop/backend-to-database']);
  assert.deepEqual(symbols[3]!.children.map((x) => `${x.name}: ${x.detail}`), ['ingress[0]: from app=backend on TCP 5432']);
  const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, positionOf(doc, 'app: backend', 6));
  assert.equal(refs.length, 1, JSON.stringify(refs));
  assert.match(refs[0]!.uri.path, /workloads\.yaml$/);
  const workloads = await vscode.workspace.openTextDocument(refs[0]!.uri);
  assert.equal(refs[0]!.range.start.line, positionOf(workloads, 'labels:\n        app: backend').line);
});

it('a Helm template shows its rendered policy\'s diagnostic on the template line; Show Rendered Manifests opens the output', async () => {
  const uri = vscode.Uri.joinPath(folder(), 'charts', 'demo', 'templates', 'np.yaml');
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const { client } = await api();
  const diag = await until('the rendered diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => String(d.code) === 'port-out-of-range'))
    .catch(async (e: Error) => {
      const status = await client.sendRequest('netpolLens/status', {});
      throw new Error(`${e.message}; diagnostics ${JSON.stringify(vscode.languages.getDiagnostics(uri))}; status ${JSON.stringify(status)}`);
    });
  assert.equal(diag.range.start.line, positionOf(doc, 'port: {{').line);
  assert.match(diag.message, /rendered by charts\/demo: `- port: 70000`/);
  // The rendered policy's findings, and no YAML error for {{ }} (the chart renders no workload in default).
  assert.deepEqual(vscode.languages.getDiagnostics(uri).map((d) => String(d.code)).sort(), ['policy-selects-nothing', 'port-out-of-range']);
  await vscode.commands.executeCommand('netpolLens.showRenderedManifests', 'charts/demo');
  const editor = await until('the rendered document', () => {
    const e = vscode.window.activeTextEditor;
    return e?.document.uri.scheme === 'netpol-rendered' ? e : undefined;
  });
  assert.match(editor.document.getText(), /# Source: demo\/templates\/np\.yaml[\s\S]*port: 70000/);
  await until('diagnostics in the rendered document',
    () => vscode.languages.getDiagnostics(editor.document.uri).some((d) => String(d.code) === 'port-out-of-range'));
});

/** The test-electron / code-server entry point. */
export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, fn] of tests) {
    try {
      console.log(`# start - ${name}`);
      await fn();
      console.log(`ok - ${name}`);
    } catch (e) {
      failures.push(name);
      console.log(`not ok - ${name}\n  ${(e as Error).stack ?? e}`);
    }
  }
  console.log(`# ${tests.length - failures.length}/${tests.length} passed`);
  if (failures.length) throw new Error(`${failures.length} API test(s) failed: ${failures.join('; ')}`);
}
