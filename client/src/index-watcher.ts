// Follows the server's index for the status item, the tree and the flow graph: the server
// notifies its status after indexing, watched-file changes and each analysis of an edited
// document, so the watcher only relays that notification (it never polls).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StatusNotification, type StatusResult } from '../../server/src/protocol';

/** Fires with the server's status after indexing, file changes and edits. */
export class IndexWatcher implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<StatusResult>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The status after a change of the index. */
  readonly onDidChange = this.emitter.event;

  constructor(client: LanguageClient) {
    this.disposables.push(client.onNotification(StatusNotification, (s: StatusResult) => this.emitter.fire(s)));
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.emitter.dispose();
  }
}
