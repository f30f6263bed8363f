// Code lenses through the real server: the client is told to re-ask when another document's
// change moves them, and clicking one works in clients without the VS Code extension's command.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, uriOf } from '../helpers/lsp-client';

const pod = (app: string, name = 'mover') => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: ${app}}}\n`;
const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: follow, namespace: shop}\nspec:\n' +
  '  podSelector: {matchLabels: {app: mover}}\n';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'netpol-lens-'));
  writeFileSync(join(dir, 'apps.yaml'), pod('web', 'web'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Opens the pod and the policy, then moves the pod's label so the policy's lens changes. */
async function moveLabel(c: LspClient): Promise<void> {
  const pods = uriOf(join(dir, 'pods.yaml'));
  const pol = uriOf(join(dir, 'policy.yaml'));
  await c.open(pods, pod('other'));
  await c.open(pol, policy);
  c.clearDiagnostics(pol);
  await c.change(pods, pod('mover'));
  await c.diagnosticsFor(pol);
}

test('a change in one document that moves another\'s lenses sends workspace/codeLens/refresh', async () => {
  const c = await LspClient.start(dir, { workspace: { codeLens: { refreshSupport: true } } });
  try {
    const before = c.codeLensRefreshes;
    await moveLabel(c);
    await c.until(() => c.codeLensRefreshes > before, 'a codeLens refresh request', 5000);
    const lenses = await c.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: uriOf(join(dir, 'policy.yaml')) } });
    assert.match(lenses[0]!.command.title, /^selects 1 workload/);
  } finally {
    await c.stop();
  }
});

test('no codeLens refresh for a client that does not announce refreshSupport', async () => {
  const c = await LspClient.start(dir);
  try {
    await moveLabel(c);
    // The server sends a refresh right after publishing; a reply to a later request comes after it.
    await c.request('netpolLens/status', {});
    assert.equal(c.codeLensRefreshes, 0);
  } finally {
    await c.stop();
  }
});

type Lens = { command: { title: string; command: string; arguments?: unknown[] } };
const lensesOf = (c: LspClient, uri: string) => c.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });

test('in a generic client a lens runs a server command that returns and shows the explanation', async () => {
  const c = await LspClient.start(dir, { clientInfo: { name: 'Neovim' } });
  try {
    const provider = c.initializeResult!.capabilities.executeCommandProvider as { commands: string[] } | undefined;
    // Never the VS Code client's own command: vscode-languageclient would register it a second time.
    assert.deepEqual(provider?.commands, ['netpolLens.server.explain']);
    const uri = uriOf(join(dir, 'policy.yaml'));
    await c.open(uri, policy);
    const [lens] = await lensesOf(c, uri);
    assert.equal(lens!.command.command, 'netpolLens.server.explain');
    const r = await c.request<{ markdown: string }>('workspace/executeCommand', { command: lens!.command.command, arguments: lens!.command.arguments });
    assert.match(r.markdown, /\*\*Selects pods labelled app=mover in namespace [a-z-]+\*\*: no workload in the workspace\./);
    await c.until(() => c.shown.length > 0, 'window/showMessage');
    assert.equal(c.shown[0]!.type, 3);
    assert.match(c.shown[0]!.message, /^selects 0 workloads[^\n]*\n\n[^]*Selects pods labelled app=mover in namespace [a-z-]+: no workload in the workspace\./);
    assert.doesNotMatch(c.shown[0]!.message, /\*\*|\]\(/, 'plain text: no markdown emphasis or links');
  } finally {
    await c.stop();
  }
});

test('lenses carry the VS Code client\'s command when it implements it', async () => {
  const cases: [string, Parameters<typeof LspClient.start>[1], string][] = [
    ['VS Code (clientInfo)', { clientInfo: { name: 'Visual Studio Code' } }, 'netpolLens.showExplanation'],
    ['declared in initializationOptions', { clientInfo: { name: 'Neovim' }, initializationOptions: { clientCommands: ['netpolLens.showExplanation'] } },
      'netpolLens.showExplanation'],
    ['a VS Code client declaring none', { clientInfo: { name: 'Visual Studio Code' }, initializationOptions: { clientCommands: [] } },
      'netpolLens.server.explain'],
  ];
  for (const [what, options, command] of cases) {
    const c = await LspClient.start(dir, options);
    try {
      const uri = uriOf(join(dir, 'policy.yaml'));
      await c.open(uri, policy);
      assert.deepEqual((await lensesOf(c, uri)).map((l) => l.command.command), [command], what);
    } finally {
      await c.stop();
    }
  }
});
