// Rendered sources in VS Code: the read-only `netpol-rendered:` documents (a target's output,
// served by the server), "Show Rendered Manifests…" and "Choose Render Target…".
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, RENDERED_SCHEME, Requests, SECTION, type RenderedResult, type RenderTargetStatus, type StatusResult } from '../../server/src/protocol';

/** Serves a target's rendered output by its URI, asking the server each time it is opened. */
export class RenderedDocuments implements vscode.TextDocumentContentProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly client: LanguageClient) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const r = await this.client.sendRequest<RenderedResult>(Requests.rendered, { uri: uri.toString() });
    return 'text' in r ? r.text : `# ${r.error}\n`;
  }

  /** A render finished: open rendered documents show the new output. */
  refresh(targets: RenderTargetStatus[]): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === RENDERED_SCHEME && targets.some((t) => t.uri === doc.uri.toString())) this.emitter.fire(doc.uri);
    }
  }
}

/** The commands of rendered sources. */
export function registerRenderCommands(client: LanguageClient, provider: RenderedDocuments): vscode.Disposable[] {
  const status = () => client.sendRequest<StatusResult>(Requests.status, {});
  const label = (t: RenderTargetStatus) => `${t.kind === 'helm' ? '$(package)' : '$(layers)'} ${t.id}`;
  return [
    vscode.workspace.registerTextDocumentContentProvider(RENDERED_SCHEME, provider),
    vscode.commands.registerCommand(Commands.showRendered, async (id?: string) => {
      const s = await status();
      const rendered = s.render.targets.filter((t) => t.uri);
      if (rendered.length === 0) {
        const why = s.render.disabledBecause ?? (s.render.targets.length === 0 ? 'no Helm chart or kustomization was found'
          : 'no target could be rendered (see the Problems view)');
        void vscode.window.showInformationMessage(`NetworkPolicy Lens: nothing is rendered: ${why}.`);
        return;
      }
      const pick = id ? rendered.find((t) => t.id === id) : rendered.length === 1 ? rendered[0]
        : (await vscode.window.showQuickPick(rendered.map((t) => ({ label: label(t), description: t.folder, target: t })),
          { title: 'Show Rendered Manifests' }))?.target;
      if (!pick?.uri) return;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(pick.uri));
      const yaml = doc.languageId === 'yaml' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
      await vscode.window.showTextDocument(yaml, { preview: true });
    }),
    vscode.commands.registerCommand(Commands.chooseRenderTarget, async () => {
      const s = await status();
      const choices = s.render.targets.filter((t) => t.alternatives.length > 0 && t.state !== 'failed');
      if (choices.length === 0) {
        void vscode.window.showInformationMessage('NetworkPolicy Lens: no alternative overlays to choose from: every target found is analyzed.');
        return;
      }
      const picked = await vscode.window.showQuickPick(
        choices.map((t) => ({ label: label(t), description: t.state === 'rendered' ? 'analyzed now' : `alternative to ${t.alternatives.join(', ')}`,
          target: t })),
        { title: 'Choose which overlay to analyze' },
      );
      if (!picked) return;
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(picked.target.folder));
      const config = vscode.workspace.getConfiguration(SECTION, folder?.uri);
      const others = new Set(picked.target.alternatives);
      const kept = (config.get<string[]>('renderTargets') ?? []).filter((x) => !others.has(x) && x !== picked.target.id);
      await config.update('renderTargets', [...kept, picked.target.id], folder ? vscode.ConfigurationTarget.WorkspaceFolder
        : vscode.ConfigurationTarget.Workspace);
    }),
  ];
}
