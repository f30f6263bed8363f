// The "Network Policies" tree in the Explorer: namespaces, their workloads with an icon for
// isolation per direction, and the policies that select each workload.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type TreeResult, type FileLine } from '../../server/src/protocol';

type Ns = TreeResult['namespaces'][number];
type Wl = Ns['workloads'][number];
type Node = { kind: 'ns'; ns: Ns } | { kind: 'workload'; w: Wl } | { kind: 'policy'; name: string; direction: string; at: FileLine };

/** Tree data from the server's `netpolLens/tree`, refreshed on each status notification. */
export class PolicyTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  constructor(private readonly client: LanguageClient) {}

  /** Re-reads the tree. */
  refresh(): void {
    this.emitter.fire();
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const r = await this.client.sendRequest<TreeResult>(Requests.tree, {});
      return r.namespaces.map((ns) => ({ kind: 'ns', ns }));
    }
    if (node.kind === 'ns') return node.ns.workloads.map((w) => ({ kind: 'workload', w }));
    if (node.kind === 'workload') {
      return [
        ...node.w.ingress.map((p) => ({ kind: 'policy' as const, name: p.name, direction: 'ingress', at: p })),
        ...node.w.egress.map((p) => ({ kind: 'policy' as const, name: p.name, direction: 'egress', at: p })),
      ];
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'ns') {
      const item = new vscode.TreeItem(node.ns.name, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      item.description = `${node.ns.workloads.length} workload${node.ns.workloads.length === 1 ? '' : 's'}`;
      return item;
    }
    if (node.kind === 'workload') {
      const w = node.w;
      const inIso = w.ingress.length > 0, outIso = w.egress.length > 0;
      const item = new vscode.TreeItem(w.name, inIso || outIso ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.description = `${w.kind} · in: ${inIso ? 'isolated' : 'open'} · out: ${outIso ? 'isolated' : 'open'}`;
      item.iconPath = new vscode.ThemeIcon(inIso && outIso ? 'shield' : inIso || outIso ? 'workspace-untrusted' : 'unlock', new vscode.ThemeColor(inIso && outIso ? 'charts.green' : inIso || outIso ? 'charts.yellow' : 'charts.red'));
      item.tooltip = `${w.kind} ${w.name}\ningress: ${inIso ? `isolated by ${w.ingress.map((p) => p.name).join(', ')}` : 'not isolated: any pod can reach it'}\negress: ${outIso ? `isolated by ${w.egress.map((p) => p.name).join(', ')}` : 'not isolated'}`;
      item.command = openCommand(w);
      item.contextValue = 'workload';
      return item;
    }
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
    item.description = node.direction;
    item.iconPath = new vscode.ThemeIcon(node.direction === 'ingress' ? 'arrow-down' : 'arrow-up');
    item.command = openCommand(node.at);
    return item;
  }
}

function openCommand(at: FileLine): vscode.Command {
  return { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.parse(at.uri), { selection: new vscode.Range(at.line, 0, at.line, 0) }] };
}
