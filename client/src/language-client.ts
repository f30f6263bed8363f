// Starts dist/server.js over IPC and restarts it when it dies, with a message and a limit
// (three restarts in three minutes), never a loop.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, CloseAction, ErrorAction, type LanguageClientOptions, type ServerOptions, type ErrorHandler, type Message } from 'vscode-languageclient/node';
import { SECTION } from '../../server/src/protocol';

const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** Creates the language client; call start() on it. `trace` receives `netpolLens.trace.server` output. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, trace: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const restarts: number[] = [];
  const errorHandler: ErrorHandler = {
    error: (_error: Error, _message: Message | undefined, count: number | undefined) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
    closed: () => {
      const now = Date.now();
      while (restarts.length && now - restarts[0]! > RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length >= MAX_RESTARTS) {
        return { action: CloseAction.DoNotRestart, message: `NetworkPolicy Lens: the language server stopped ${MAX_RESTARTS + 1} times in 3 minutes and will not be restarted. See the "NetworkPolicy Lens" output for its log; run "Developer: Reload Window" to try again.` };
      }
      restarts.push(now);
      void vscode.window.showWarningMessage('NetworkPolicy Lens: the language server stopped unexpectedly and was restarted.');
      return { action: CloseAction.Restart, handled: true };
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', language: 'json' },
    ],
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
    traceOutputChannel: trace, // its log level follows the setting (trace-channel.ts)
    errorHandler,
    initializationOptions: { settings: vscode.workspace.getConfiguration(SECTION) },
  };
  return new LanguageClient('netpolLens', 'NetworkPolicy Lens', serverOptions, clientOptions);
}
