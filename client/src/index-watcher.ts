// Follows the server's index for the status item, the tree and the flow graph. The server
// notifies its status only at indexing and on watched-file changes, so an edit in an open
// document would leave them stale: after each burst of diagnostics (which the server publishes
// once it has re-read an edited document) the watcher asks for the status itself.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { Requests, StatusNotification, type StatusResult } from '../../server/src/protocol';

const MANIFEST = /\.(ya?ml|json)$/i;
const DEBOUNCE_MS = 200;

/** Fires with the server's status after indexing, file changes and edits. */
export class IndexWatcher implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<StatusResult>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  /** The status after a change of the index. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly client: LanguageClient) {
    this.disposables.push(
      client.onNotification(StatusNotification, (s: StatusResult) => this.emitter.fire(s)),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.scheme === 'untitled' || MANIFEST.test(u.path))) this.schedule();
      }),
    );
  }

  /** Asks for the status soon (coalescing bursts). */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), DEBOUNCE_MS);
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    if (this.client.state !== State.Running) return;
    try {
      this.emitter.fire(await this.client.sendRequest<StatusResult>(Requests.status, {}));
    } catch {
      // The server stopped meanwhile; the state listener shows that.
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.emitter.dispose();
  }
}
