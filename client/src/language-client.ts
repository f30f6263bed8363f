// Starts dist/server.js over IPC and restarts it when it dies, with a message and limits
// (restart-policy.ts: three restarts in three minutes, five in all), never a loop.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, CloseAction, ErrorAction, type LanguageClientOptions, type ServerOptions, type ErrorHandler,
  type Message } from 'vscode-languageclient/node';
import { Commands, RENDERED_SCHEME, SECTION } from '../../server/src/protocol';
import { NO_RESTARTS, decideRestart, DEFAULT_LIMITS } from './restart-policy';

/** The client, and how the Restart Language Server command forgets earlier automatic restarts. */
export interface ManagedClient {
  client: LanguageClient;
  resetRestarts(): void;
}

/** Creates the language client; call start() on it. `trace` receives `netpolLens.trace.server` output. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, trace: vscode.LogOutputChannel): ManagedClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  let history = NO_RESTARTS;
  const errorHandler: ErrorHandler = {
    error: (_error: Error, _message: Message | undefined, count: number | undefined) =>
      ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
    closed: () => {
      const d = decideRestart(history, Date.now());
      history = d.history;
      if (!d.restart) {
        const why = d.reason === 'total' ? `stopped ${DEFAULT_LIMITS.total + 1} times` : `stopped ${DEFAULT_LIMITS.perWindow + 1} times in 3 minutes`;
        return { action: CloseAction.DoNotRestart, message: `NetworkPolicy Lens: the language server ${why} and will not be restarted. See the ` +
          `"NetworkPolicy Lens" output for its log; run "NetworkPolicy Lens: Restart Language Server" to try again.` };
      }
      void vscode.window.showWarningMessage('NetworkPolicy Lens: the language server stopped unexpectedly and was restarted.');
      return { action: CloseAction.Restart, handled: true };
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      // A chart's or overlay's rendered output (read-only): every feature works there too.
      { scheme: RENDERED_SCHEME, language: 'yaml' },
    ],
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
    traceOutputChannel: trace, // its log level follows the setting (trace-channel.ts)
    errorHandler,
    // The extension shows explanations itself (its explanation view): lenses carry its command.
    // A function: a restart sends the settings and trust of that moment (binaries and clusters wait for trust).
    initializationOptions: () => ({
      settings: vscode.workspace.getConfiguration(SECTION), clientCommands: [Commands.showExplanation, Commands.revealLine],
      trusted: vscode.workspace.isTrusted,
    }),
  };
  return {
    client: new LanguageClient('netpolLens', 'NetworkPolicy Lens', serverOptions, clientOptions),
    resetRestarts: () => { history = NO_RESTARTS; },
  };
}
