// The cluster reader (dist/cluster.js, as the CLI and later the language server load it) on the
// fake API server: list then watch, reconnects, relists on 410 Gone, forbidden resources, stop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Cluster from '../../server/src/cluster/index';
import { FakeApiServer, type KubeObject } from '../helpers/fake-apiserver';
import { fixture, ROOT } from '../helpers/fixtures';

// The real bundle: client-node is ESM-only, and dist/cluster.js is its CommonJS build.
const cluster: typeof Cluster = require(join(ROOT, 'dist', 'cluster.js'));
const objects: KubeObject[] = JSON.parse(readFileSync(fixture('cluster', 'objects.json'), 'utf8'));
let fake: FakeApiServer;
let dir: string;
let kubeconfig: string;

before(async () => {
  fake = await FakeApiServer.start({ objects });
  dir = mkdtempSync(join(tmpdir(), 'netpol-reader-'));
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, fake.kubeconfig());
});
after(async () => {
  assert.ok(fake.requests.length > 0 && fake.requests.every((r) => r.startsWith('GET ')), 'the reader never writes');
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The reader's manifest files as one text. */
function text(reader: Cluster.ClusterReader): string {
  return reader.manifestFiles().map((f) => f.text).join('');
}

/** Resolves when `done()` holds, checked at every change the reader reports. */
function until(reader: Cluster.ClusterReader, done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => { if (done()) { off(); resolve(); } };
    const off = reader.onChange(check);
    check();
  });
}

function pod(name: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', labels }, spec: { containers: [{ name: 'c', image: 'x' }] },
    status: { phase: 'Running', podIP: '10.0.1.99' } };
}

function listsOf(plural: string): number {
  return fake.requests.filter((r) => r.includes(`/${plural}?`) && !r.includes('watch=')).length;
}

test('lists, then watches with bookmarks: added, changed and deleted pods reach the manifest files', { timeout: 30_000 }, async () => {
  const reader = cluster.watchCluster({ kubeconfig, env: {} });
  try {
    await reader.whenSettled();
    assert.deepEqual(reader.resourceStates().map((s) => `${s.resource.plural}:${s.state}`), ['namespaces:synced', 'deployments:synced', 'statefulsets:synced',
      'daemonsets:synced', 'replicasets:synced', 'cronjobs:synced', 'jobs:synced', 'pods:synced', 'networkpolicies:synced']);
    assert.deepEqual(reader.manifestFiles().map((f) => f.file), ['cluster://fake/namespace-default.yaml', 'cluster://fake/namespace-kube-system.yaml',
      'cluster://fake/namespace-shop.yaml', 'cluster://fake/namespace-web.yaml', 'cluster://fake/namespaces.yaml']);
    await fake.watchOpen('pods');
    assert.ok(fake.requests.some((r) => /\/api\/v1\/pods\?.*watch=true/.test(r) && r.includes('allowWatchBookmarks=true') && /timeoutSeconds=\d+/.test(r)),
      'the watch asks for bookmarks and a server-side timeout');
    fake.bookmark();
    fake.apply(pod('late', { app: 'late' }));
    await until(reader, () => text(reader).includes('name: late'));
    fake.apply(pod('late', { app: 'later' }));
    await until(reader, () => text(reader).includes('app: later'));
    fake.remove('Pod', 'shop', 'late');
    await until(reader, () => !text(reader).includes('name: late'));
  } finally {
    reader.stop();
  }
  await fake.allWatchesClosed();
});

test('a dropped watch is reopened from its resourceVersion, without a new list', { timeout: 30_000 }, async () => {
  const reader = cluster.watchCluster({ kubeconfig, env: {}, maxBackoffMs: 50 });
  try {
    await reader.whenSettled();
    await fake.watchOpen('pods');
    const lists = listsOf('pods');
    fake.dropWatches();
    await fake.watchOpen('pods');
    fake.apply(pod('after-drop', { app: 'x' }));
    await until(reader, () => text(reader).includes('name: after-drop'));
    assert.equal(listsOf('pods'), lists);
  } finally {
    reader.stop();
    fake.remove('Pod', 'shop', 'after-drop');
  }
  await fake.allWatchesClosed();
});

test('410 Gone on a re-watch (history compacted) relists and catches up', { timeout: 30_000 }, async () => {
  const reader = cluster.watchCluster({ kubeconfig, env: {}, maxBackoffMs: 50 });
  try {
    await reader.whenSettled();
    await fake.watchOpen('pods');
    const lists = listsOf('pods');
    fake.compact();
    fake.apply(pod('while-away', { app: 'y' }));
    fake.dropWatches();
    await until(reader, () => text(reader).includes('name: while-away'));
    assert.ok(listsOf('pods') > lists, 'the pods were listed again');
  } finally {
    reader.stop();
    fake.remove('Pod', 'shop', 'while-away');
  }
  await fake.allWatchesClosed();
});

test('a forbidden resource fails alone with one line, and is read once RBAC allows it', { timeout: 30_000 }, async () => {
  fake.forbidden.add('networkpolicies');
  const reader = cluster.watchCluster({ kubeconfig, env: {}, maxBackoffMs: 50 });
  try {
    await reader.whenSettled();
    const np = reader.resourceStates().find((s) => s.resource.plural === 'networkpolicies')!;
    assert.equal(np.state, 'failed');
    assert.equal(np.error?.message,
      'forbidden (403): networkpolicies is forbidden: User "system:serviceaccount:test:reader" cannot list resource "networkpolicies" in API group ' +
      '"networking.k8s.io" at the cluster scope');
    assert.ok(reader.resourceStates().filter((s) => s !== np).every((s) => s.state === 'synced'));
    assert.doesNotMatch(text(reader), /kind: NetworkPolicy/);
    fake.forbidden.delete('networkpolicies');
    await until(reader, () => /kind: NetworkPolicy/.test(text(reader)));
  } finally {
    fake.forbidden.delete('networkpolicies');
    reader.stop();
  }
  await fake.allWatchesClosed();
});

test('an unreachable server: every resource failed with one line; stop ends the retries', { timeout: 30_000 }, async () => {
  const { createServer } = await import('node:net');
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as { port: number }).port;
  await new Promise((resolve) => closed.close(resolve));
  writeFileSync(join(dir, 'down'), fake.kubeconfig().replace(fake.url, `https://127.0.0.1:${port}`));
  const reader = cluster.watchCluster({ kubeconfig: join(dir, 'down'), env: {}, maxBackoffMs: 50 });
  try {
    await reader.whenSettled();
    for (const s of reader.resourceStates()) {
      assert.equal(s.state, 'failed');
      assert.match(s.error!.message, new RegExp(`^cannot reach https://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    }
  } finally {
    reader.stop();
  }
});
