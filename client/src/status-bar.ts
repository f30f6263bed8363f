// The status-bar item: how many policies and workloads are indexed, a spinner while indexing.
import * as vscode from 'vscode';
import type { StatusResult } from '../../server/src/protocol';
import { Commands } from '../../server/src/protocol';

/** Creates the item; update() it with each status notification. */
export function createStatusBar(): { item: vscode.StatusBarItem; update(s: StatusResult): void } {
  const item = vscode.window.createStatusBarItem('netpolLens.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'NetworkPolicy Lens';
  item.command = Commands.showFlows;
  item.text = '$(sync~spin) NetworkPolicy Lens';
  item.tooltip = 'NetworkPolicy Lens: indexing manifests';
  item.show();
  return {
    item,
    update(s) {
      item.text = s.indexing ? '$(sync~spin) NetworkPolicy Lens' : `$(shield) ${s.policies} policies · ${s.workloads} workloads`;
      item.tooltip = s.indexing ? 'NetworkPolicy Lens: indexing manifests' : `NetworkPolicy Lens: ${s.files} manifest files indexed. Click to show allowed flows.`;
    },
  };
}
