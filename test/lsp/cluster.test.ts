// The live cluster in the language server, through the real bundled server and the fake API
// server: diagnostics follow pods added, relabelled and deleted; 403s, dropped watches and an
// unreachable server are reported or recovered; an untrusted workspace connects to nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApiServer, type KubeObject } from '../helpers/fake-apiserver';
import { fixture } from '../helpers/fixtures';
import { LspClient, uriOf } from '../helpers/lsp-client';
import type { ClusterStatus, StatusResult, TreeResult } from '../../server/src/protocol';

const objects: KubeObject[] = JSON.parse(readFileSync(fixture('cluster', 'objects.json'), 'utf8'));
/** Two policies: one selects the cluster's backend pods, one a `cart` pod the tests add and remove. */
const POLICIES = ['backend', 'cart'].map((app) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ws-${app}\n  namespace: shop\n` +
  `spec:\n  podSelector:\n    matchLabels:\n      app: ${app}\n  policyTypes: [Ingress]\n`).join('---\n');
let fake: FakeApiServer;
let dir: string;
let kubeconfig: string;
let policyUri: string;
const clients: LspClient[] = [];

before(async () => {
  fake = await FakeApiServer.start({ objects });
  dir = mkdtempSync(join(tmpdir(), 'netpol-cluster-lsp-'));
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, fake.kubeconfig(['fake', 'other ctx']));
  mkdirWs();
});
after(async () => {
  for (const c of clients) await c.stop();
  assert.ok(fake.requests.every((r) => r.startsWith('GET ')), 'the server never writes to the cluster');
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function mkdirWs(): void {
  const ws = join(dir, 'ws');
  mkdirSync(ws);
  writeFileSync(join(ws, 'policies.yaml'), POLICIES);
  policyUri = uriOf(join(ws, 'policies.yaml'));
}

function pod(name: string, labels: Record<string, string>): KubeObject {
  const spec = { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80 }] }] };
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', labels }, spec, status: { phase: 'Running', podIP: '10.0.1.50' } };
}

const clusterStatus = (c: LspClient) => (c.lastStatus() as unknown as StatusResult | undefined)?.cluster;

/** Which of the two policies are reported as selecting nothing (by their name's line). */
function selectsNothing(c: LspClient): string[] | undefined {
  const d = c.currentDiagnostics(policyUri);
  if (!d) return undefined;
  const lines = POLICIES.split('\n');
  return d.filter((x) => x.code === 'policy-selects-nothing').map((x) => {
    for (let l = x.range.start.line; l >= 0; l--) { const m = /name: ws-(\w+)/.exec(lines[l]!); if (m) return m[1]!; }
    return '?';
  }).sort();
}

async function start(cluster: { context: string; kubeconfig?: string }, trusted?: boolean): Promise<LspClient> {
  const initializationOptions = trusted === undefined ? undefined : { trusted };
  const c = await LspClient.start(join(dir, 'ws'), { settings: { cluster: { kubeconfig, ...cluster } }, initializationOptions });
  clients.push(c);
  await c.open(policyUri);
  return c;
}

/** The file and 0-based line of the shop/backend workload, as the Network Policies tree names them. */
async function backendAt(c: LspClient): Promise<string | undefined> {
  const tree = await c.request<TreeResult>('netpolLens/tree', {});
  const w = tree.namespaces.find((n) => n.name === 'shop')?.workloads.find((x) => x.name === 'backend');
  return w && `${w.uri}:${w.line}`;
}

async function waitFor(c: LspClient, expected: string[], what: string): Promise<void> {
  const want = JSON.stringify(expected);
  await c.until(() => JSON.stringify(selectsNothing(c)) === want, `${what} (policy-selects-nothing on ${want})`, 20_000);
}

test('the cluster\'s pods count in diagnostics, and pods added, relabelled and deleted update them', { timeout: 60_000 }, async () => {
  const c = await start({ context: 'fake' });
  await waitFor(c, ['cart'], 'the initial sync');
  await c.until(() => clusterStatus(c)?.connected === true, 'connected status');
  assert.deepEqual(clusterStatus(c), { context: 'fake', connected: true, namespaces: 4, pods: 6, problems: [] } satisfies ClusterStatus);
  assert.ok(c.logs.some((l) => /cluster "fake": connected \(4 namespaces, 6 pods\)/.test(l.message)));
  // Line 1: the Deployment is the file's first object, after its `---` (lines come from the file's text).
  assert.equal(await backendAt(c), 'netpol-cluster://fake/namespace-shop.yaml:1', 'the cluster\'s workloads are in its read-only files');
  fake.apply(pod('cart-1', { app: 'cart' }));
  await waitFor(c, [], 'a cart pod added');
  fake.apply(pod('cart-1', { app: 'basket' }));
  await waitFor(c, ['cart'], 'the cart pod relabelled');
  fake.apply(pod('cart-1', { app: 'cart' }));
  await waitFor(c, [], 'the cart pod labelled back');
  fake.remove('Pod', 'shop', 'cart-1');
  await waitFor(c, ['cart'], 'the cart pod deleted');
  // A dropped watch is reopened: later events still arrive.
  fake.dropWatches();
  await fake.watchOpen('pods');
  fake.apply(pod('cart-2', { app: 'cart' }));
  await waitFor(c, [], 'a pod added after the watches dropped');
  fake.remove('Pod', 'shop', 'cart-2');
  await waitFor(c, ['cart'], 'that pod deleted');
  // Turning the setting off removes the cluster's files: both policies select nothing again.
  c.settings = { cluster: { context: '', kubeconfig } };
  await c.notify('workspace/didChangeConfiguration', { settings: {} });
  await waitFor(c, ['backend', 'cart'], 'the cluster turned off');
  await c.until(() => clusterStatus(c) === undefined, 'no cluster in the status');
});

test('a workload in the workspace and the cluster is one workload: labels from its live pods, located at the file', { timeout: 60_000 }, async () => {
  // The file's template says app: cart; the cluster's backend pods say app: backend.
  const ws = join(dir, 'ws-both');
  mkdirSync(ws);
  writeFileSync(join(ws, 'policies.yaml'), POLICIES);
  const deployment = join(ws, 'backend.yaml');
  writeFileSync(deployment, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: backend\n  namespace: shop\nspec:\n  selector:\n' +
    '    matchLabels: {app: cart}\n  template:\n    metadata:\n      labels: {app: cart}\n    spec:\n      containers: [{name: c, image: x}]\n');
  const c = await LspClient.start(ws, { settings: { cluster: { kubeconfig, context: 'fake' } } });
  clients.push(c);
  const uri = uriOf(join(ws, 'policies.yaml'));
  await c.open(uri);
  await c.until(() => clusterStatus(c)?.connected === true, 'connected status');
  const nothing = () => (c.currentDiagnostics(uri) ?? []).filter((d) => d.code === 'policy-selects-nothing');
  await c.until(() => nothing().length === 1, 'one policy selecting nothing');
  const cartLine = POLICIES.split('\n').findIndex((l) => l.includes('ws-cart'));
  assert.ok(nothing()[0]!.range.start.line > cartLine, 'ws-cart selects nothing: the template\'s app=cart is not the live label');
  const tree = await c.request<TreeResult>('netpolLens/tree', {});
  const backends = tree.namespaces.find((n) => n.name === 'shop')!.workloads.filter((w) => w.name === 'backend');
  assert.deepEqual(backends.map((w) => [w.kind, w.uri]), [['Deployment', uriOf(deployment)]]);
});

test('a 410 Gone on a watch relists, and events after it arrive', { timeout: 60_000 }, async () => {
  const c = await start({ context: 'fake' });
  await waitFor(c, ['cart'], 'the initial sync');
  await fake.watchOpen('pods');
  const lists = () => fake.requests.filter((r) => r.startsWith('GET /api/v1/pods?') && !r.includes('watch=')).length;
  const before = lists();
  fake.compact();
  fake.dropWatches();
  fake.apply(pod('cart-3', { app: 'cart' }));
  await waitFor(c, [], 'a pod added across a compaction');
  assert.ok(lists() > before, 'the pods were listed again');
  fake.remove('Pod', 'shop', 'cart-3');
  await waitFor(c, ['cart'], 'that pod deleted');
});

test('a forbidden resource is reported in one line and the rest is used; it recovers when allowed', { timeout: 60_000 }, async () => {
  fake.forbidden.add('networkpolicies');
  let c: LspClient;
  try {
    c = await start({ context: 'fake' });
    await waitFor(c, ['cart'], 'the sync without policies');
    await c.until(() => (clusterStatus(c)?.problems.length ?? 0) > 0, 'the problem in the status');
    const s = clusterStatus(c)!;
    assert.equal(s.connected, true, 'only forbidden: the rest is live');
    assert.equal(s.problems.length, 1);
    assert.match(s.problems[0]!, /^networkpolicies: forbidden \(403\): networkpolicies is forbidden/);
    assert.equal(c.logs.filter((l) => l.message.includes('networkpolicies: forbidden')).length, 1, 'logged once, not at every retry');
  } finally {
    fake.forbidden.delete('networkpolicies');
  }
  await c.until(() => clusterStatus(c)?.problems.length === 0, 'the policies readable again', 40_000);
});

test('an unreachable server is reported and the workspace analysis goes on', { timeout: 30_000 }, async () => {
  // A port that was free a moment ago: nothing listens there.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const gone = join(dir, 'gone-kubeconfig');
  writeFileSync(gone, fake.kubeconfig(['gone']).replace(fake.url, `https://127.0.0.1:${port}`));
  const c = await start({ context: 'gone', kubeconfig: gone });
  await waitFor(c, ['backend', 'cart'], 'workspace diagnostics');
  await c.until(() => (clusterStatus(c)?.problems.length ?? 0) > 0, 'the problem in the status');
  const s = clusterStatus(c)!;
  assert.equal(s.connected, false);
  assert.match(s.problems[0]!, /cannot reach https:\/\/127\.0\.0\.1:\d+/);
});

test('no such context is one problem line; the contexts request lists the kubeconfig\'s', { timeout: 30_000 }, async () => {
  const c = await start({ context: 'nope' });
  await c.until(() => (clusterStatus(c)?.problems.length ?? 0) > 0, 'the problem in the status');
  assert.match(clusterStatus(c)!.problems[0]!, /no context "nope"/);
  assert.deepEqual(await c.request('netpolLens/clusterContexts', {}), { contexts: ['fake', 'other ctx'], current: 'fake' });
  const missing = await c.request<{ error: string }>('netpolLens/clusterContexts', { kubeconfig: join(dir, 'none') });
  assert.match(missing.error, /no kubeconfig/);
});

test('an untrusted workspace connects to nothing until trusted; a context with a space is one URI authority', { timeout: 30_000 }, async () => {
  const before = fake.requests.length;
  const c = await start({ context: 'other ctx' }, false);
  await waitFor(c, ['backend', 'cart'], 'workspace diagnostics');
  const problems = ['not connected: the workspace is not trusted'];
  assert.deepEqual(clusterStatus(c), { context: 'other ctx', connected: false, namespaces: 0, pods: 0, problems });
  assert.deepEqual((await c.request<{ error?: string }>('netpolLens/clusterContexts', {})).error !== undefined, true);
  assert.equal(fake.requests.length, before, 'no request reached the cluster');
  await c.notify('netpolLens/trusted', {});
  await waitFor(c, ['cart'], 'the sync once trusted');
  assert.equal(clusterStatus(c)?.context, 'other ctx');
  assert.equal(await backendAt(c), 'netpol-cluster://other%20ctx/namespace-shop.yaml:1');
  // The read-only document behind the link, also as an editor may re-encode its URI.
  for (const uri of ['netpol-cluster://other%20ctx/namespace-shop.yaml', 'netpol-cluster://Other%20Ctx/namespace-shop.yaml']) {
    const r = await c.request<{ text?: string }>('netpolLens/rendered', { uri });
    assert.match(r.text ?? '', /^---\n\{"apiVersion":"apps\/v1","kind":"Deployment","metadata":\{"name":"backend"/, uri);
  }
});
