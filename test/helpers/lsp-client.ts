// A real LSP client for protocol tests: forks the bundled dist/server.js over stdio and
// speaks JSON-RPC to it. No mocks and no sleeps: tests await notifications with deadlines.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection, type PublishDiagnosticsParams,
  type Diagnostic } from 'vscode-languageserver-protocol/node';
import { ROOT } from './fixtures';

/** Status payload of `netpolLens/status`. */
interface Status { indexing: boolean; files: number; policies: number; workloads: number }

/** How to start the server: its settings, and what the client announces in `initialize`. */
export interface StartOptions {
  /** What `workspace/configuration` answers for every item (null: the client has none). */
  settings?: Record<string, unknown> | null;
  /** Wait until the first indexing is done (default true). */
  waitIndexed?: boolean;
  /** Extra `workspace` client capabilities, merged over the defaults. */
  workspace?: Record<string, unknown>;
  /** Sent as `clientInfo`. */
  clientInfo?: { name: string; version?: string };
  /** Sent as `initializationOptions`. */
  initializationOptions?: unknown;
}

/** A started server and helpers to drive it. */
export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: (() => void)[] = [];
  private status?: Status;
  settings: Record<string, unknown> | null = {};
  /** The server's answer to `initialize`. */
  initializeResult?: { capabilities: Record<string, unknown> };
  /** How many `workspace/codeLens/refresh` requests the server sent. */
  codeLensRefreshes = 0;
  /** `window/logMessage` and `window/showMessage` notifications, in order. */
  readonly logs: { type: number; message: string }[] = [];
  readonly shown: { type: number; message: string }[] = [];
  /** `$/progress` notifications, in order (`value.kind`: begin, report, end). */
  readonly progress: { token: unknown; value: { kind: string; message?: string } }[] = [];
  /** What the server registered dynamically (`client/registerCapability`). */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  private versions = new Map<string, number>();
  stderr = '';
  exited = false;

  private constructor(readonly proc: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    proc.on('exit', () => { this.exited = true; this.wake(); });
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => { this.diagnostics.set(p.uri, p); this.wake(); });
    this.connection.onNotification('netpolLens/status', (s: Status) => { this.status = s; this.wake(); });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability',
      (p: { registrations: { method: string; registerOptions?: unknown }[] }) => { for (const r of p.registrations)
      this.registrations.push(r); this.wake(); return null; });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', (p: { token: unknown; value: { kind: string; message?: string } }) => { this.progress.push(p); this.wake(); });
    this.connection.onRequest('workspace/codeLens/refresh', () => { this.codeLensRefreshes++; this.wake(); return null; });
    this.connection.onNotification('window/logMessage', (m: { type: number; message: string }) => { this.logs.push(m); this.wake(); });
    this.connection.onNotification('window/showMessage', (m: { type: number; message: string }) => { this.shown.push(m); this.wake(); });
    this.connection.listen();
  }

  /** Starts the server on a workspace folder and waits until it has indexed it. */
  static async start(folder: string | undefined, options: StartOptions = {}): Promise<LspClient> {
    const proc = spawn(process.execPath, [join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: 'pipe' });
    const client = new LspClient(proc);
    client.settings = options.settings === undefined ? {} : options.settings;
    const rootUri = folder ? pathToFileURL(folder).toString() : null;
    client.initializeResult = await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: folder ? [{ uri: rootUri, name: 'ws' }] : null,
      clientInfo: options.clientInfo,
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true, ...options.workspace },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } } },
      },
    });
    await client.connection.sendNotification('initialized', {});
    if (options.waitIndexed !== false) await client.until(() => client.status?.indexing === false, 'indexing to finish');
    return client;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when `cond` holds, re-checked at every notification; fails after `ms`. */
  async until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!cond()) {
      if (this.exited) throw new Error(`server exited while waiting for ${what}\n${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  /** The last status notification. */
  lastStatus(): Status | undefined {
    return this.status;
  }

  /** Opens a document (text given, or read from disk) and waits for its diagnostics. */
  async open(uriOrPath: string, text?: string, languageId = 'yaml'): Promise<Diagnostic[]> {
    const uri = /^[a-zA-Z][\w+.-]+:/.test(uriOrPath) ? uriOrPath : pathToFileURL(uriOrPath).toString();
    const content = text ?? readFileSync(new URL(uri), 'utf8');
    this.versions.set(uri, 1);
    this.diagnostics.delete(uri);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: content } });
    return this.diagnosticsFor(uri, 1);
  }

  /** Replaces a document's whole text and waits for the diagnostics of the new version. */
  async change(uri: string, text: string): Promise<Diagnostic[]> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return this.diagnosticsFor(uri, version);
  }

  /** Waits for diagnostics of a document at a version (or any version). */
  async diagnosticsFor(uri: string, version?: number, ms?: number): Promise<Diagnostic[]> {
    await this.until(() => { const d = this.diagnostics.get(uri); return !!d &&
      (version === undefined || d.version === undefined || d.version >= version); }, `diagnostics of ${uri}`, ms);
    return this.diagnostics.get(uri)!.diagnostics;
  }

  /** The diagnostics last published for a document, if any (for `until` conditions). */
  currentDiagnostics(uri: string): Diagnostic[] | undefined {
    return this.diagnostics.get(uri)?.diagnostics;
  }

  /** Forgets the diagnostics seen so far for a document, to wait for the next publish. */
  clearDiagnostics(uri: string): void {
    this.diagnostics.delete(uri);
  }

  /** Sends a notification (resolves once it is written). */
  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** Sends a request and returns its result. */
  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Shuts the server down and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch { /* already gone */ }
    await this.until(() => this.exited, 'server exit', 5000).catch(() => this.proc.kill('SIGKILL'));
    this.connection.dispose();
  }
}

/** The file URI of a path. */
export function uriOf(path: string): string {
  return pathToFileURL(path).toString();
}
