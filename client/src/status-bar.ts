// The status-bar item: how many policies and workloads are indexed, a spinner while indexing,
// and whether the language server has stopped (then a click restarts it).
import * as vscode from 'vscode';
import type { StatusResult } from '../../server/src/protocol';
import { Commands } from '../../server/src/protocol';
import { clusterStatusText } from './cluster-status';

/** The item and how to change what it says. */
export interface StatusBar {
  item: vscode.StatusBarItem;
  /** Shows the index counts (or the spinner while indexing). */
  update(s: StatusResult): void;
  /** Shows that the server is starting. */
  starting(): void;
  /** Shows that the server is not running; a click restarts it. */
  stopped(): void;
}

/** Creates the item; update() it with each status. */
export function createStatusBar(): StatusBar {
  const item = vscode.window.createStatusBarItem('netpolLens.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'NetworkPolicy Lens';
  const starting = () => {
    item.text = '$(sync~spin) NetworkPolicy Lens';
    item.tooltip = 'NetworkPolicy Lens: starting the language server';
    item.command = Commands.showFlows;
    item.backgroundColor = undefined;
  };
  starting();
  item.show();
  return {
    item,
    starting,
    update(s) {
      const busy = s.indexing || s.render.rendering;
      const cluster = clusterStatusText(s.cluster);
      item.text = busy ? '$(sync~spin) NetworkPolicy Lens' : `$(shield) ${s.policies} policies · ${s.workloads} workloads${cluster.text}`;
      const skipped = s.tooLarge ? ` ${s.tooLarge} skipped as larger than netpolLens.maxFileSize (named in the "NetworkPolicy Lens" output).` : '';
      item.tooltip = s.indexing
        ? 'NetworkPolicy Lens: indexing manifests'
        : renderTooltip(s, `NetworkPolicy Lens: ${s.files} manifest files indexed.${skipped}${cluster.tooltip} Click to show allowed flows.`);
      item.command = Commands.showFlows;
      item.backgroundColor = undefined;
    },
    stopped() {
      item.text = '$(error) NetworkPolicy Lens: stopped';
      item.tooltip = 'The NetworkPolicy Lens language server is not running. Click to restart it; its log is in the "NetworkPolicy Lens" output.';
      item.command = Commands.restartServer;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    },
  };
}

/** The tooltip, with what rendering did and links to its commands when there are targets. */
function renderTooltip(s: StatusResult, base: string): string | vscode.MarkdownString {
  const r = s.render;
  if (r.targets.length === 0) return base;
  const md = new vscode.MarkdownString(`${base}\n\n`);
  md.isTrusted = { enabledCommands: [Commands.showRendered, Commands.chooseRenderTarget] };
  if (r.rendering) md.appendMarkdown('Rendering charts and kustomizations…\n\n');
  else if (!r.enabled) md.appendMarkdown(`Charts and kustomizations are not rendered: ${r.disabledBecause ?? 'rendering is off'}.\n\n`);
  for (const t of r.targets) md.appendMarkdown(`- \`${t.id}\` (${t.kind}): ${t.state}${t.message ? `, ${t.message}` : ''}\n`);
  md.appendMarkdown(`\n[Show Rendered Manifests](command:${Commands.showRendered})`);
  if (r.targets.some((t) => t.alternatives.length > 0)) md.appendMarkdown(` · [Choose Render Target](command:${Commands.chooseRenderTarget})`);
  return md;
}
