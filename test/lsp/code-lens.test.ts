// Code lenses through the real server: the client is told to re-ask when another document's
// change moves them, and clicking one works in clients without the VS Code extension's command.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, uriOf } from '../helpers/lsp-client';

const pod = (app: string, name = 'mover') => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: ${app}}}\n`;
const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: follow, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: mover}}\n';

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
