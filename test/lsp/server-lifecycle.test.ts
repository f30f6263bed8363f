// The bundled server starts, indexes a workspace, publishes diagnostics and shuts down cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';
import { LspClient, uriOf } from '../helpers/lsp-client';

test('indexes the example workspace and reports its size', async () => {
  const c = await LspClient.start(join(ROOT, 'examples', 'shop'));
  try {
    const status = await c.request<{ indexing: boolean; files: number; policies: number; workloads: number; render: unknown }>('netpolLens/status', {});
    assert.deepEqual(status, { indexing: false, files: 3, policies: 5, workloads: 6, render: { rendering: false, enabled: true, targets: [] } });
  } finally {
    await c.stop();
  }
});

test('a broken document gets a yaml-syntax diagnostic on its line, and the server keeps serving', async () => {
  const c = await LspClient.start(join(ROOT, 'examples', 'shop'));
  try {
    const uri = uriOf(join(ROOT, 'examples', 'shop', 'scratch.yaml'));
    const diags = await c.open(uri, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: x\nspec:\n' +
      '  podSelector: {matchLabels: {app: x}\n');
    const d = diags.find((x) => x.code === 'yaml-syntax');
    assert.ok(d, JSON.stringify(diags));
    assert.ok(d.range.start.line >= 5, `range ${JSON.stringify(d.range)}`);
    const fixed = await c.change(uri, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: x\n  namespace: shop\nspec:\n' +
      '  podSelector: {matchLabels: {app: backend}}\n');
    assert.equal(fixed.filter((x) => x.code === 'yaml-syntax').length, 0);
    const status = await c.request<{ policies: number }>('netpolLens/status', {});
    assert.equal(status.policies, 6);
  } finally {
    await c.stop();
  }
});

test('flows request returns the same text as the CLI', async () => {
  const c = await LspClient.start(join(ROOT, 'examples', 'shop'));
  try {
    const r = await c.request<{ text: string }>('netpolLens/flows', { format: 'text' });
    assert.match(r.text, /shop\/backend \(Deployment\)\s+->\s+shop\/database \(StatefulSet\)\s+TCP 5432/);
  } finally {
    await c.stop();
  }
});
