// The "Network Policies" tree in the Explorer: namespaces, their workloads (described with
// their isolation per direction), under each workload one row per direction with its own icon,
// and under that the policies that isolate it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type TreeResult, type FileLine } from '../../server/src/protocol';

type Ns = TreeResult['namespaces'][number];
type Wl = Ns['workloads'][number];
type Direction = 'ingress' | 'egress';
/** A row of the tree. */
export type PolicyTreeNode =
  | { kind: 'ns'; ns: Ns }
  | { kind: 'workload'; w: Wl }
  | { kind: 'direction'; w: Wl; direction: Direction }
  | { kind: 'policy'; name: string; direction: Direction; at: FileLine };

/** Tree data from the server's `netpolLens/tree`, refreshed when the index changes. */
export class PolicyTreeProvider implements vscode.TreeDataProvider<PolicyTreeNode> {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  constructor(private readonly client: LanguageClient) {}

  /** Re-reads the tree. */
  refresh(): void {
    this.emitter.fire();
  }

  async getChildren(node?: PolicyTreeNode): Promise<PolicyTreeNode[]> {
    if (!node) {
      const r = await this.client.sendRequest<TreeResult>(Requests.tree, {});
      return r.namespaces.map((ns) => ({ kind: 'ns', ns }));
    }
    if (node.kind === 'ns') return node.ns.workloads.map((w) => ({ kind: 'workload', w }));
    if (node.kind === 'workload') return (['ingress', 'egress'] as const).map((direction) => ({ kind: 'direction', w: node.w, direction }));
    if (node.kind === 'direction') return node.w[node.direction].map((p) => ({ kind: 'policy', name: p.name, direction: node.direction, at: p }));
    return [];
  }

  getTreeItem(node: PolicyTreeNode): vscode.TreeItem {
    if (node.kind === 'ns') {
      const item = new vscode.TreeItem(node.ns.name, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      item.description = `${node.ns.workloads.length} workload${node.ns.workloads.length === 1 ? '' : 's'}`;
      return item;
    }
    if (node.kind === 'workload') {
      const w = node.w;
      const inIso = w.ingress.length > 0, outIso = w.egress.length > 0;
      const item = new vscode.TreeItem(w.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${w.kind} · in: ${inIso ? 'isolated' : 'open'} · out: ${outIso ? 'isolated' : 'open'}`;
      item.iconPath = new vscode.ThemeIcon(inIso && outIso ? 'shield' : inIso || outIso ? 'workspace-untrusted' : 'unlock',
        new vscode.ThemeColor(inIso && outIso ? 'charts.green' : inIso || outIso ? 'charts.yellow' : 'charts.red'));
      item.tooltip = `${w.kind} ${w.name}\ningress: ${inIso ? `isolated by ${w.ingress.map((p) => p.name).join(', ')}`
        : 'not isolated: any pod can reach it'}\negress: ${outIso ? `isolated by ${w.egress.map((p) => p.name).join(', ')}`
        : 'not isolated: it can reach anything'}`;
      item.command = openCommand(w);
      item.contextValue = 'workload';
      return item;
    }
    if (node.kind === 'direction') {
      const policies = node.w[node.direction];
      const iso = policies.length > 0;
      const item = new vscode.TreeItem(node.direction, iso ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      // Isolated: only what a policy allows gets through; open: no policy selects it for this direction.
      item.description = iso ? `isolated by ${policies.length} polic${policies.length === 1 ? 'y' : 'ies'}` : node.direction === 'ingress'
        ? 'open: any pod can reach it' : 'open: it can reach anything';
      item.iconPath = new vscode.ThemeIcon(iso ? 'shield' : 'unlock', new vscode.ThemeColor(iso ? 'charts.green' : 'charts.red'));
      item.contextValue = iso ? 'isolated' : 'open';
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
