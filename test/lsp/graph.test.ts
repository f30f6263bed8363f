// The flow graph data the webview draws, through the real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';
import { LspClient, uriOf } from '../helpers/lsp-client';
import { expectGolden } from '../helpers/golden';

interface Graph { nodes: { id: string; uri: string; line: number; focused: boolean }[]; edges: { from: string; to: string; label: string; blocked: boolean }[];
  unrestrictedPairs: number }

test('graph of the shop: backend to database allowed, analytics and logging blocked by the focused policies', async () => {
  const c = await LspClient.start(join(ROOT, 'examples', 'shop'));
  try {
    const g = await c.request<Graph>('netpolLens/graph', { uri: uriOf(join(ROOT, 'examples', 'shop', 'policies.yaml')) });
    assert.equal(g.nodes.length, 6);
    const edge = (from: string, to: string) => g.edges.find((e) => e.from.startsWith(from + '/') && e.to.startsWith(to + '/'));
    assert.deepEqual(edge('shop/backend', 'shop/database'),
      { from: 'shop/backend/Deployment', to: 'shop/database/StatefulSet', label: 'TCP 5432', blocked: false });
    assert.equal(edge('analytics/analytics', 'shop/database')?.blocked, true);
    assert.equal(edge('logging/logging', 'shop/database')?.blocked, true);
    assert.equal(edge('web/frontend', 'shop/backend')?.label, 'TCP 9090');
    const db = g.nodes.find((n) => n.id === 'shop/database/StatefulSet')!;
    assert.equal(db.focused, true);
    assert.match(db.uri, /workloads\.yaml$/);
    assert.ok(db.line > 0);
    assert.ok(g.unrestrictedPairs > 0);
    const unfocused = await c.request<Graph>('netpolLens/graph', {});
    assert.ok(unfocused.edges.every((e) => !e.blocked), 'no blocked edges without a focused policy');
  } finally {
    await c.stop();
  }
});

interface Tree { namespaces: { name: string; workloads: { name: string; kind: string; line: number; ingress: { name: string }[];
  egress: { name: string }[] }[] }[] }

test('tree: namespaces, workloads and the policies isolating each direction', async () => {
  const c = await LspClient.start(join(ROOT, 'examples', 'shop'));
  try {
    const t = await c.request<Tree>('netpolLens/tree', {});
    assert.deepEqual(t.namespaces.map((n) => n.name), ['analytics', 'kube-system', 'logging', 'shop', 'web']);
    const shop = t.namespaces.find((n) => n.name === 'shop')!;
    const db = shop.workloads.find((w) => w.name === 'database')!;
    assert.deepEqual(db.ingress.map((p) => p.name).sort(), ['database-from-backend', 'default-deny']);
    assert.deepEqual(db.egress.map((p) => p.name).sort(), ['allow-dns', 'default-deny']);
    const web = t.namespaces.find((n) => n.name === 'web')!;
    assert.deepEqual(web.workloads[0]!.ingress, []);
  } finally {
    await c.stop();
  }
});

test('flows for the policy at the cursor: only pairs involving what it selects', async () => {
  const c = await LspClient.start(join(ROOT, 'examples', 'shop'));
  try {
    const path = join(ROOT, 'examples', 'shop', 'policies.yaml');
    await c.open(path);
    const { readFileSync } = await import('node:fs');
    const line = readFileSync(path, 'utf8').split('\n').findIndex((l) => l.includes('name: database-from-backend'));
    const r = await c.request<{ text: string }>('netpolLens/flows', { format: 'text', policyAt: { uri: uriOf(path), line, character: 4 } });
    const lines = r.text.trimEnd().split('\n');
    assert.ok(lines.length > 0);
    assert.ok(lines.every((l) => l.includes('shop/database (StatefulSet)')), r.text);
    assert.ok(lines.some((l) => /^shop\/backend \(Deployment\)\s+->\s+shop\/database/.test(l)));
    const none = await c.request<{ text: string }>('netpolLens/flows', { format: 'text', policyAt: { uri: uriOf(path), line: 0, character: 0 } });
    assert.equal(none.text, 'No NetworkPolicy at the cursor.\n');
  } finally {
    await c.stop();
  }
});

test('explain request: named ports resolve on the destination, a bad port is refused, never read as every port', async () => {
  const c = await LspClient.start(join(ROOT, 'examples', 'shop'));
  try {
    const explain = (from: string, to: string, port?: string) => c.request<{ allowed: boolean; markdown: string }>('netpolLens/explain', { from, to, port });
    const named = await explain('web/frontend', 'shop/backend', 'http');
    assert.equal(named.allowed, true, named.markdown);
    assert.match(named.markdown, /on TCP 9090: allowed/);
    const other = await explain('web/frontend', 'shop/backend', '9100');
    assert.equal(other.allowed, false, other.markdown);
    for (const bad of ['99999', 'nope', '80/ICMP']) {
      const r = await explain('web/frontend', 'shop/backend', bad);
      assert.equal(r.allowed, false, bad);
      assert.match(r.markdown, /^Invalid port/, bad);
    }
    const unknown = await explain('web/nobody', 'shop/backend');
    assert.match(unknown.markdown, /^Unknown source: web\/nobody: no such workload/);
  } finally {
    await c.stop();
  }
});

test('explain request towards a CIDR: the engine splits it as the command line does, never "no such workload" (explain-cidr/expected-lsp.md)', async () => {
  const dir = join(ROOT, 'test', 'fixtures', 'explain-cidr');
  const c = await LspClient.start(dir);
  try {
    const r = await c.request<{ allowed: boolean; markdown: string }>('netpolLens/explain', { from: 'a/cli', to: '10.0.0.0/8' });
    assert.equal(r.allowed, false, 'the 10.1.0.0/16 piece and the db pod are denied');
    expectGolden(join(dir, 'expected-lsp.md'), `${r.markdown.split(uriOf(ROOT)).join('<root>')}\n`);
  } finally {
    await c.stop();
  }
});

test('flows as Mermaid come from the server, naming the outside world as the flows text does: 0.0.0.0/0 (anywhere) (lsp/flows-shop.mermaid)', async () => {
  const c = await LspClient.start(join(ROOT, 'examples', 'shop'));
  try {
    const r = await c.request<{ text: string }>('netpolLens/flows', { format: 'mermaid' });
    expectGolden(join(ROOT, 'test', 'fixtures', 'lsp', 'flows-shop.mermaid'), r.text);
    const text = await c.request<{ text: string }>('netpolLens/flows', { format: 'text' });
    assert.ok(text.text.includes('0.0.0.0/0 (anywhere)') && r.text.includes('(["0.0.0.0/0 (anywhere)"])'), r.text);
  } finally {
    await c.stop();
  }
});
