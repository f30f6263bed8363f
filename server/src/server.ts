// The language server: connection, capabilities and wiring only; no Kubernetes logic here.
// Runs with --stdio or --node-ipc. Every feature lives in features/, every rule in engine/.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DidChangeWatchedFilesNotification, FileChangeType, WatchKind, CodeActionKind,
  CodeLensRefreshRequest, ShowMessageNotification, MessageType, type InitializeParams, type InitializeResult, type WorkspaceFolder,
  type WorkspaceFoldersChangeEvent, type CancellationToken } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ManifestStore } from './workspace/manifest-store';
import { RenderedSources } from './workspace/rendered-sources';
import { ClusterSources, clusterSettings } from './workspace/cluster-sources';
import { OversizedFiles } from './workspace/oversized-files';
import { boundHeapGrowth } from './workspace/heap';
import { diagnosticsFor } from './features/diagnostics';
import { completion } from './features/completion';
import { hover } from './features/hover';
import { codeLenses } from './features/code-lens';
import { codeActions } from './features/code-actions';
import { documentSymbols } from './features/document-symbols';
import { references } from './features/references';
import { executeCommand } from './features/execute-command';
import { flowsRequest, explainRequest, graphRequest, treeRequest, flowsOfFilesRequest, explanationRequest, denyAllRequest } from './features/requests';
import { diffRequest } from './features/diff-request';
import {
  Commands, DEFAULT_SETTINGS, Requests, SECTION, SEVERITY_OVERRIDES, StatusNotification, TrustedNotification, type RenderedParams,
  type RenderedResult, type InitializationOptions, type SeverityOverride, type Settings, type StatusResult, type FlowsParams,
  type ExplainParams, type GraphParams, type FlowsOfFilesParams, type ExplanationParams, type DenyAllParams, type DenyAllResult,
  type DiffParams,
} from './protocol';
import type { ClusterContextsParams, ClusterContextsResult } from './protocol';
import type { FeatureContext } from './features/context';
import type { Snapshot } from './engine/index';

// The LSP bench (2,000-policy file, 20 keystrokes): peak RSS ~340 MB with V8's default growth,
// ~300 MB at 150% with edit p95 unchanged (~80 ms); 100% saves more memory but its collections
// land on keystrokes (p95 ~95 ms). A long session (70 keystrokes) peaked at 458 MB by default.
boundHeapGrowth(150);
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let settings: Settings = { ...DEFAULT_SETTINGS };
/** The last `netpolLens` section the client pushed (initializationOptions or didChangeConfiguration). */
let pushedSettings: Partial<Settings> | undefined;
const store = new ManifestStore(settings);
const rendered = new RenderedSources(store, (m) => connection.console.log(m));
/** Whether binaries may run: VS Code's workspace trust, sent by the client; other clients are trusted. */
let trusted = true;
/** The live cluster of `netpolLens.cluster.context` (trusted workspaces only). */
const cluster = new ClusterSources(store, (m) => connection.console.log(m), (files) => { if (files) publishAll(); sendStatus(); });
let renderTimer: ReturnType<typeof setTimeout> | undefined;
/** Renders are started this long after the last save or disk change of an input. */
const RENDER_DEBOUNCE_MS = 300;
/** Disk files the store skipped for their size: logged once, counted in the status. */
const oversized = new OversizedFiles();
let folders: string[] = [];
let canPullConfiguration = false;
let canWatchFiles = false;
let canRefreshLenses = false;
let canChangeFolders = false;
/** The command code lenses carry: the client's own showExplanation, or the server's. */
let lensCommand: string = Commands.serverExplain;
/** The client's command that shows a line after an inserted policy, if it has one. */
let revealCommand: string | undefined;
/** The snapshot the client's code lenses were last refreshed for, and a refresh in flight. */
let lensSnapshot: Snapshot | undefined;
let lensRefresh: 'idle' | 'sent' | 'again' = 'idle';
/** Indexing runs in progress (the first indexing, added workspace folders, new settings). */
let indexing = 0;
/** Whether the first indexing has run; settings that arrive before it need no re-read. */
let indexed = false;
const pending = new Map<string, ReturnType<typeof setTimeout>>();
/** Edits are analyzed at most this long after the last keystroke. */
const DEBOUNCE_MS = 10;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const wsFolders: WorkspaceFolder[] = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  folders = wsFolders.filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri));
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  canRefreshLenses = !!params.capabilities.workspace?.codeLens?.refreshSupport;
  canChangeFolders = !!params.capabilities.workspace?.workspaceFolders;
  const init = params.initializationOptions as InitializationOptions | undefined;
  const clientCommands = Array.isArray(init?.clientCommands) ? init.clientCommands : isVsCodeHost(params.clientInfo?.name) ? [Commands.showExplanation] : [];
  lensCommand = clientCommands.includes(Commands.showExplanation) ? Commands.showExplanation : Commands.serverExplain;
  revealCommand = clientCommands.includes(Commands.revealLine) ? Commands.revealLine : undefined;
  trusted = init?.trusted !== false;
  const pushed = init?.settings;
  if (isObject(pushed)) settings = mergeSettings((pushedSettings = pushed));
  return {
    capabilities: {
      // Saves re-render the targets a file is an input of; keystrokes never do.
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      completionProvider: { triggerCharacters: [':', ' ', '-', '/'], resolveProvider: false },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.Refactor] },
      documentSymbolProvider: true,
      referencesProvider: true,
      executeCommandProvider: { commands: [Commands.serverExplain] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'netpol-lens', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  if (canChangeFolders) connection.workspace.onDidChangeWorkspaceFolders((e) => changeFolders(e));
  if (canWatchFiles) {
    // Manifests for every change; any path for deletes, since a deleted folder is reported once.
    await connection.client.register(DidChangeWatchedFilesNotification.type, {
      // Also what render targets read: Helm helpers (.tpl), vendored charts (.tgz), `Kustomization`.
      watchers: [{ globPattern: '**/*.{yaml,yml,json,tpl,tgz}' }, { globPattern: '**/Kustomization' }, { globPattern: '**/*', kind: WatchKind.Delete }],
    });
  }
  await refreshSettings();
  // From here on a settings change re-reads the folders (also one arriving mid-indexing).
  indexed = true;
  await indexWorkspace();
  await renderWorkspace();
});

/** Plans the folders and renders their charts and kustomizations (unchanged ones come from the cache). */
async function renderWorkspace(): Promise<void> {
  if (renderTimer) { clearTimeout(renderTimer); renderTimer = undefined; }
  const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  progress?.begin('NetworkPolicy Lens: rendering charts and kustomizations', undefined, undefined, false);
  const done = rendered.refresh(folders, settings, trusted);
  sendStatus();
  let changed = false;
  try {
    changed = await done;
  } catch (e) {
    connection.console.error(`netpol-lens: rendering failed: ${(e as Error).stack ?? e}`);
  }
  if (changed) publishAll();
  sendStatus();
  progress?.done();
}

/** Renders again shortly after saves or disk changes of render inputs settle. */
function scheduleRender(): void {
  if (renderTimer) clearTimeout(renderTimer);
  renderTimer = setTimeout(() => { renderTimer = undefined; void renderWorkspace(); }, RENDER_DEBOUNCE_MS);
}

/**
 * Whether the client is VS Code or a fork (vscode-languageclient sends `vscode.env.appName`): there
 * the server runs only under this extension, which registers showExplanation. Extension versions
 * that send `clientCommands` make this guess unnecessary.
 */
function isVsCodeHost(name: string | undefined): boolean {
  return !!name && /^(Visual Studio Code|Code - OSS|VSCodium|code-server|Cursor|Windsurf|Positron)\b/i.test(name);
}

/**
 * Settings come from one place at a time: the pulled `netpolLens` section when the client
 * supports workspace/configuration and answers it with an object; otherwise (no pull, a null
 * answer, a failed pull) the last pushed section; with neither, the defaults. Keys missing or
 * invalid in the section chosen take their defaults.
 */
async function refreshSettings(): Promise<void> {
  let pulled: unknown;
  if (canPullConfiguration) {
    try {
      // Settings are declared per resource: ask for the first folder's (workspace-folder values, and
      // machine-overridable ones such as helmPath that a remote window keeps outside user settings).
      const scopeUri = folders[0] ? pathToFileURL(folders[0]).toString() : undefined;
      pulled = await connection.workspace.getConfiguration({ scopeUri, section: SECTION });
    } catch (e) {
      connection.console.warn(`netpol-lens: could not read settings: ${(e as Error).message}`);
    }
  }
  settings = mergeSettings(isObject(pulled) ? (pulled as Partial<Settings>) : pushedSettings ?? {});
  // Before the first indexing there is nothing to re-read: it reads with these settings.
  const before = JSON.stringify([settings.render, settings.helmPath, settings.kubectlPath, settings.renderTargets, settings.defaultNamespace,
    settings.exclude]);
  if (store.updateSettings(settings, folders) && indexed) await indexWorkspace();
  if (indexed && before !== lastRenderSettings) scheduleRender();
  lastRenderSettings = before;
  cluster.configure(settings.cluster, trusted);
}

/** The render-relevant settings the last render used. */
let lastRenderSettings = '';

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function mergeSettings(s: Partial<Settings>): Settings {
  return {
    defaultNamespace: typeof s.defaultNamespace === 'string' && s.defaultNamespace ? s.defaultNamespace : DEFAULT_SETTINGS.defaultNamespace,
    exclude: Array.isArray(s.exclude) ? s.exclude.filter((x) => typeof x === 'string') : DEFAULT_SETTINGS.exclude,
    maxFileSize: typeof s.maxFileSize === 'number' && s.maxFileSize > 0 ? s.maxFileSize : DEFAULT_SETTINGS.maxFileSize,
    severity: validSeverities(s.severity),
    render: typeof s.render === 'boolean' ? s.render : DEFAULT_SETTINGS.render,
    helmPath: typeof s.helmPath === 'string' ? s.helmPath : DEFAULT_SETTINGS.helmPath,
    kubectlPath: typeof s.kubectlPath === 'string' ? s.kubectlPath : DEFAULT_SETTINGS.kubectlPath,
    renderTargets: Array.isArray(s.renderTargets) ? s.renderTargets.filter((x) => typeof x === 'string') : DEFAULT_SETTINGS.renderTargets,
    cluster: clusterSettings(s.cluster),
  };
}

/** Invalid `netpolLens.severity` entries already logged, so each is reported once. */
const warnedSeverities = new Set<string>();

/** The overrides with a known value; the others are ignored (the check keeps its default) and logged. */
function validSeverities(x: unknown): Record<string, SeverityOverride> {
  const out: Record<string, SeverityOverride> = {};
  if (!isObject(x)) return out;
  for (const [id, value] of Object.entries(x)) {
    if ((SEVERITY_OVERRIDES as readonly unknown[]).includes(value)) { out[id] = value as SeverityOverride; continue; }
    const key = `${id}\0${JSON.stringify(value)}`;
    if (warnedSeverities.has(key)) continue;
    warnedSeverities.add(key);
    connection.console.warn(`netpol-lens: ignoring ${SECTION}.severity["${id}"] = ${JSON.stringify(value)}: use one of ${SEVERITY_OVERRIDES.join(', ')}.`);
  }
  return out;
}

/** Drops the files of removed workspace folders and indexes the added ones. */
async function changeFolders(e: WorkspaceFoldersChangeEvent): Promise<void> {
  const paths = (list: WorkspaceFolder[]) => list.filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri));
  const removed = new Set(paths(e.removed));
  const added = paths(e.added).filter((p) => !folders.includes(p));
  folders = [...folders.filter((f) => !removed.has(f)), ...added];
  store.setRoots(folders);
  scheduleRender();
  for (const f of removed) oversized.forget(f);
  loadConfigs();
  if (added.length > 0) await indexWorkspace(added);
  else {
    publishAll();
    sendStatus();
  }
}

/** Reads the folders' `.netpol-lens.yaml` (what exists outside the workspace); logs what they could not use. */
function loadConfigs(): void {
  for (const p of store.loadProjectConfigs(folders)) connection.console.warn(`netpol-lens: ${p.file}:${p.line}: ${p.message}`);
}

/** Reads every manifest of the given workspace folders in batches, reporting $/progress. */
async function indexWorkspace(roots: string[] = folders): Promise<void> {
  indexing++;
  loadConfigs();
  sendStatus();
  const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  progress?.begin('NetworkPolicy Lens: indexing manifests', 0, undefined, false);
  // Plan first: the inputs of charts and kustomizations are never read raw, even for a moment.
  guard('plan', () => rendered.replan(folders, settings), undefined);
  let reported = 0;
  await store.indexFolders(roots, async (done, total) => {
    // The loop yields every few milliseconds; progress is worth a message ten times a second.
    if (Date.now() - reported >= 100 || done === total) {
      reported = Date.now();
      progress?.report(Math.round((done / total) * 100), `${done}/${total}`);
    }
    await new Promise((r) => setImmediate(r)); // let requests in between batches
  });
  progress?.done();
  if (roots === folders) oversized.clear(); // new settings: what is too large is decided again
  for (const path of store.listFolderFiles(roots)) noteSkipped(path);
  indexing--;
  publishAll();
  sendStatus();
}

function status(): StatusResult {
  const s = store.snapshot();
  const status: StatusResult = { indexing: indexing > 0, files: store.fileCount(), policies: s.policies.length, workloads: s.workloads.length,
    render: rendered.status() };
  if (oversized.count > 0) status.tooLarge = oversized.count;
  const live = cluster.status();
  if (live) status.cluster = live;
  return status;
}

/** After the store read (or skipped) a disk file: logs it when it was skipped for its size. */
function noteSkipped(path: string): void {
  if (store.indexed(pathToFileURL(path).toString()) || !store.indexable(path)) { oversized.forget(path); return; }
  const line = oversized.check(path, settings.maxFileSize);
  if (line) connection.console.warn(line);
}

function sendStatus(): void {
  void connection.sendNotification(StatusNotification, status());
}

/** Publishes the diagnostics of every open document; `edited` is the document that changed, if one did. */
function publishAll(edited?: string): void {
  const s = store.snapshot();
  for (const doc of store.openDocuments()) {
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.document.version, diagnostics: guard('diagnostics', () => diagnosticsFor(doc, s, settings,
      rendered.findingsFor(doc.uri, s)), []) });
  }
  refreshLenses(s, edited);
}

/**
 * Asks the client to re-request code lenses after the analysis changed: a label edit in one file
 * changes the lenses of others. Editors re-ask an edited document's lenses themselves, so a change
 * with no other open document needs none. One request in flight at a time; changes meanwhile
 * send one more when it is answered.
 */
function refreshLenses(s: Snapshot, edited?: string): void {
  if (!canRefreshLenses || s === lensSnapshot) return;
  lensSnapshot = s;
  if (!store.openDocuments().some((d) => d.uri !== edited)) return;
  if (lensRefresh !== 'idle') { lensRefresh = 'again'; return; }
  lensRefresh = 'sent';
  connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined).finally(() => {
    const again = lensRefresh === 'again';
    lensRefresh = 'idle';
    if (again) { lensSnapshot = undefined; refreshLenses(store.snapshot()); }
  });
}

function analyze(document: TextDocument): void {
  const t = pending.get(document.uri);
  if (t) clearTimeout(t);
  pending.delete(document.uri);
  // TextDocuments updates its documents in place on every change: the store gets a frozen copy,
  // so its text, facts, version and offset conversions always describe the same version.
  store.setOpen(TextDocument.create(document.uri, document.languageId, document.version, document.getText()));
  publishAll(document.uri);
  sendStatus();
}

documents.onDidOpen((e) => analyze(e.document));
documents.onDidSave((e) => {
  const path = e.document.uri.startsWith('file:') ? fileURLToPath(e.document.uri) : undefined;
  if (path && rendered.isInput(path)) scheduleRender();
});
connection.onNotification(TrustedNotification, () => {
  if (trusted) return;
  trusted = true;
  scheduleRender();
  cluster.configure(settings.cluster, trusted);
  sendStatus();
});
documents.onDidChangeContent((e) => {
  const open = store.getOpen(e.document.uri);
  // onDidOpen handles the first version (this event follows it for the same version).
  if (!open || open.document.version === e.document.version) return;
  const t = pending.get(e.document.uri);
  if (t) clearTimeout(t);
  pending.set(e.document.uri, setTimeout(() => analyze(e.document), DEBOUNCE_MS));
});
documents.onDidClose((e) => {
  const t = pending.get(e.document.uri);
  if (t) clearTimeout(t);
  pending.delete(e.document.uri);
  store.close(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  publishAll();
  sendStatus(); // an unsaved policy closed leaves the index
});

connection.onDidChangeWatchedFiles((params) => {
  // Deletes are applied in batches (a folder's costs one pass over the index), in event order.
  let deleted: string[] = [];
  let renderAgain = false;
  let configChanged = false;
  for (const c of params.changes) {
    if (!c.uri.startsWith('file:')) continue;
    const path = fileURLToPath(c.uri);
    // An input changed on disk, or a file appeared or vanished that may change the plan.
    if (rendered.isInput(path) || c.type !== FileChangeType.Changed) renderAgain = true;
    if (store.isProjectConfig(path)) configChanged = true;
    if (c.type === FileChangeType.Deleted) { deleted.push(path); oversized.forget(path); continue; }
    store.removeDisk(deleted);
    deleted = [];
    store.readDisk(path);
    noteSkipped(path);
  }
  store.removeDisk(deleted);
  if (renderAgain) scheduleRender();
  if (configChanged) loadConfigs();
  publishAll();
  sendStatus();
});

connection.onDidChangeConfiguration(async (params) => {
  const pushed: unknown = isObject(params.settings) ? params.settings[SECTION] : undefined;
  if (isObject(pushed)) pushedSettings = pushed as Partial<Settings>;
  await refreshSettings();
  publishAll();
  sendStatus();
});

/** Runs a feature on an up-to-date analysis of the document; failures log and return `fallback`. */
function withDocument<T>(uri: string, name: string, fallback: T, fn: (ctx: FeatureContext) => T, token?: CancellationToken): T {
  const document = documents.get(uri);
  if (!document) return fallback;
  let doc = store.getOpen(uri);
  if (!doc || doc.document.version !== document.version) doc = (analyze(document), store.getOpen(uri)!);
  // An oversized document is skipped (its only diagnostic is file-too-large): no feature scans it.
  if (doc.facts.findings.some((f) => f.id === 'file-too-large')) return fallback;
  if (token?.isCancellationRequested) return fallback;
  return guard(name, () => fn({ doc: doc!, snapshot: store.snapshot(), store, settings }), fallback);
}

function guard<T>(name: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (e) {
    connection.console.error(`netpol-lens: ${name} failed: ${(e as Error).stack ?? e}`);
    return fallback;
  }
}

connection.onCompletion((p, token) => withDocument(p.textDocument.uri, 'completion', null, (ctx) => completion(ctx, p.position,
  rendered.configContext(ctx.doc.uri, ctx.snapshot)), token));
connection.onHover((p, token) => withDocument(p.textDocument.uri, 'hover', null, (ctx) => hover(ctx, p.position,
  (link) => rendered.hoverFor(ctx.doc.uri, ctx.doc.text, ctx.doc.document.offsetAt(p.position), ctx.snapshot, link)), token));
connection.onCodeLens((p, token) => withDocument(p.textDocument.uri, 'codeLens', [], (ctx) => codeLenses(ctx, lensCommand, rendered.lensesFor(ctx.doc.uri,
  ctx.snapshot)), token));
connection.onExecuteCommand((p) => {
  const { result, message } = guard('executeCommand', () => executeCommand(store, p.command, p.arguments), { result: null });
  if (message) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
  return result;
});
connection.onCodeAction((p, token) => withDocument(p.textDocument.uri, 'codeAction', [], (ctx) => codeActions(ctx, p.range, p.context, revealCommand), token));
connection.onDocumentSymbol((p, token) => withDocument(p.textDocument.uri, 'documentSymbol', [], (ctx) => documentSymbols(ctx), token));
connection.onReferences((p, token) => withDocument(p.textDocument.uri, 'references', [], (ctx) => references(ctx, p.position), token));
connection.onRequest(Requests.status, () => status());
connection.onRequest(Requests.flows, (p: FlowsParams) => guard('flows', () => flowsRequest(store.snapshot(), p, store), { text: '' }));
connection.onRequest(Requests.graph, (p: GraphParams) =>
  guard('graph', () => graphRequest(store, p), { nodes: [], edges: [], unrestrictedPairs: 0, truncated: false }));
connection.onRequest(Requests.tree, () => guard('tree', () => treeRequest(store), { namespaces: [] }));
connection.onRequest(Requests.flowsOfFiles, (p: FlowsOfFilesParams) =>
  guard('flowsOfFiles', () => flowsOfFilesRequest(p, settings, (path) => store.isRenderInput(path)), { text: '' }));
connection.onRequest(Requests.diff, (p: DiffParams) =>
  guard('diff', () => diffRequest(store.snapshot(), p, settings, (path) => store.isRenderInput(path)), { text: '', changed: false }));
connection.onRequest(Requests.explanation, (p: ExplanationParams) => guard('explanation', () => explanationRequest(store, p), { markdown: '' }));
connection.onRequest<DenyAllResult, void>(Requests.denyAll, (p: DenyAllParams) => guard<DenyAllResult>('denyAll', () => denyAllRequest(store.snapshot(), p),
  { error: 'Writing the policy failed; see the server log.' }));
connection.onRequest<RenderedResult, void>(Requests.rendered, (p: RenderedParams) => {
  const text = rendered.text(p.uri) ?? cluster.text(p.uri);
  return text === undefined ? { error: 'This target is not rendered (any more); see the status item.' } : { text };
});
connection.onRequest<ClusterContextsResult, void>(Requests.clusterContexts, (p: ClusterContextsParams) => cluster.contexts(p ?? {}, settings.cluster, trusted));
connection.onShutdown(() => cluster.dispose());
connection.onRequest(Requests.explain, (p: ExplainParams) =>
  guard('explain', () => explainRequest(store, p), { allowed: false, markdown: 'The explanation failed; see the server log.' }));

documents.listen(connection);
connection.listen();
