// "Compare flows with HEAD": flows of the committed manifests beside those of the working
// tree, in a diff editor. Runs git, so it is disabled in untrusted workspaces.
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type FlowsOfFilesParams, type FlowsParams, type FlowsResult } from '../../server/src/protocol';
import type { VirtualDocuments } from './virtual-documents';

const run = promisify(execFile);
const MANIFEST = /\.(ya?ml|json)$/;

/** Opens a diff between the flows at HEAD and the flows of the working tree. */
export async function compareFlowsWithHead(client: LanguageClient, docs: VirtualDocuments): Promise<{ head: string; working: string } | undefined> {
  if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage('Compare flows with HEAD runs git, which Restricted Mode does not allow.');
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return void vscode.window.showWarningMessage('Open a folder under git to compare flows with HEAD.');
  const cwd = folder.uri.fsPath;
  let names: string[];
  try {
    const { stdout } = await run('git', ['ls-tree', '-r', '-z', '--name-only', 'HEAD'], { cwd, maxBuffer: 64 * 1024 * 1024 });
    names = stdout.split('\0').filter((n) => MANIFEST.test(n) && !n.split('/').includes('node_modules'));
  } catch (e) {
    return void vscode.window.showWarningMessage(`Compare flows with HEAD: git failed (${(e as Error).message.split('\n')[0]}).`);
  }
  const files: FlowsOfFilesParams['files'] = [];
  for (const name of names) {
    const { stdout } = await run('git', ['show', `HEAD:${name}`], { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
    files.push({ uri: vscode.Uri.joinPath(folder.uri, name).toString(), text: stdout });
  }
  const head = (await client.sendRequest<FlowsResult>(Requests.flowsOfFiles, { files } satisfies FlowsOfFilesParams)).text;
  const working = (await client.sendRequest<FlowsResult>(Requests.flows, { format: 'text' } satisfies FlowsParams)).text;
  const left = docs.set('/compare/HEAD.netpol-flows', head);
  const right = docs.set('/compare/working-tree.netpol-flows', working);
  await vscode.commands.executeCommand('vscode.diff', left, right, 'Flows: HEAD ↔ working tree');
  return { head, working };
}
