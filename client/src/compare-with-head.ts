// "Compare flows with HEAD": flows of the committed manifests beside those of the working
// tree, in a diff editor. Runs git, so it is disabled in untrusted workspaces.
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type DiffParams, type DiffResult, type FlowsOfFilesParams, type FlowsParams, type FlowsResult } from '../../server/src/protocol';
import type { VirtualDocuments } from './virtual-documents';
import { decodeFileText } from './file-text';

const run = promisify(execFile);
const BUFFER = 64 * 1024 * 1024;

/**
 * Every committed file under one workspace folder; the server alone decides which are manifests
 * (by the index's rule). The folder may sit below the repository's root: `ls-tree` run there
 * lists paths relative to it, and `HEAD:./path` resolves them from the same place (a bare
 * `HEAD:path` would be read from the root). Only blobs: a submodule has no text at HEAD.
 * Undefined when it is not in git.
 */
async function committedFiles(folder: vscode.WorkspaceFolder): Promise<FlowsOfFilesParams['files'] | undefined> {
  const cwd = folder.uri.fsPath;
  try {
    await run('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd });
  } catch {
    return undefined;
  }
  const { stdout } = await run('git', ['ls-tree', '-r', '-z', 'HEAD'], { cwd, maxBuffer: BUFFER });
  // Each entry is `<mode> <type> <object>\t<path>`.
  const names = stdout.split('\0').flatMap((entry) => {
    const tab = entry.indexOf('\t');
    return tab > 0 && entry.slice(0, tab).split(' ')[1] === 'blob' ? [entry.slice(tab + 1)] : [];
  });
  const files: FlowsOfFilesParams['files'] = [];
  for (const name of names) {
    // Bytes, decoded as the server decodes files on disk (a UTF-16 file must not differ from HEAD).
    const { stdout } = await run('git', ['show', `HEAD:./${name}`], { cwd, maxBuffer: BUFFER, encoding: 'buffer' });
    files.push({ uri: vscode.Uri.joinPath(folder.uri, name).toString(), text: decodeFileText(stdout), folder: folder.uri.toString() });
  }
  return files;
}

/** Opens a diff between the flows at HEAD and the flows of the working tree. */
export async function compareFlowsWithHead(
  client: LanguageClient, docs: VirtualDocuments,
): Promise<{ head: string; working: string; diff?: string } | undefined> {
  if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage('Compare flows with HEAD runs git, which Restricted Mode does not allow.');
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const files: FlowsOfFilesParams['files'] = [];
  let inGit = 0;
  try {
    for (const folder of folders) {
      const committed = await committedFiles(folder);
      if (!committed) continue;
      inGit++;
      for (const f of committed) files.push(f);
    }
  } catch (e) {
    return void vscode.window.showWarningMessage(`Compare flows with HEAD: git failed (${(e as Error).message.split('\n')[0]}).`);
  }
  if (inGit === 0) return void vscode.window.showWarningMessage('Open a folder under git (with a commit) to compare flows with HEAD.');
  const head = (await client.sendRequest<FlowsResult>(Requests.flowsOfFiles, { files } satisfies FlowsOfFilesParams)).text;
  const working = (await client.sendRequest<FlowsResult>(Requests.flows, { format: 'text' } satisfies FlowsParams)).text;
  const left = docs.set('/compare/HEAD.netpol-flows', head);
  const right = docs.set('/compare/working-tree.netpol-flows', working);
  await vscode.commands.executeCommand('vscode.diff', left, right, 'Flows: HEAD ↔ working tree');
  // What the edits open and close, counted by the engine's diff (the same as `netpol-lens diff --base HEAD`).
  const diff = (await client.sendRequest<DiffResult>(Requests.diff, { files, format: 'text' } satisfies DiffParams)).text;
  const counts = Array.from(diff.matchAll(/^(Opened|Closed|Changed) \((\d+)\):$/gm), (m) => `${m[2]} ${m[1]!.toLowerCase()}`);
  void vscode.window.showInformationMessage(counts.length > 0 ? `Flows since HEAD: ${counts.join(', ')}.` : 'No flow changed since HEAD.');
  return { head, working, diff };
}
