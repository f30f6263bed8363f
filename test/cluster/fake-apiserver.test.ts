// The fake API server is faithful where kubectl can tell: the real kubectl 1.35 lists and
// watches it and prints what the fixture holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApiServer, type KubeObject } from '../helpers/fake-apiserver';
import { fixture } from '../helpers/fixtures';
import { k8sTool } from '../helpers/k8s-tools';
import { runAsync, startProcess } from '../helpers/run-async';

const objects: KubeObject[] = JSON.parse(readFileSync(fixture('cluster', 'objects.json'), 'utf8'));
let fake: FakeApiServer;
let dir: string;

before(async () => {
  fake = await FakeApiServer.start({ objects });
  dir = mkdtempSync(join(tmpdir(), 'netpol-kubectl-'));
  writeFileSync(join(dir, 'kubeconfig'), fake.kubeconfig());
});
after(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function kubectlArgs(args: string[]): string[] {
  return ['--kubeconfig', join(dir, 'kubeconfig'), '--cache-dir', join(dir, 'cache'), '--request-timeout', '20s', ...args];
}

async function kubectl(...args: string[]): Promise<string> {
  const r = await runAsync(k8sTool('kubectl'), kubectlArgs(args), { env: { HOME: dir }, timeoutMs: 30_000 });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** An object as kubectl prints it, without the fields the server adds. */
function written(o: KubeObject): KubeObject {
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, ...metadata } = o.metadata;
  return { ...o, metadata: metadata as KubeObject['metadata'] };
}

function sorted(list: KubeObject[]): KubeObject[] {
  return [...list].sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
}

test('kubectl get pods -A -o json prints the fixture pods', async () => {
  const list = JSON.parse(await kubectl('get', 'pods', '-A', '-o', 'json'));
  assert.equal(list.kind, 'List');
  assert.deepEqual(sorted(list.items.map(written)), sorted(objects.filter((o) => o.kind === 'Pod')));
});

test('kubectl get networkpolicies -A -o json prints the fixture policies', async () => {
  const list = JSON.parse(await kubectl('get', 'networkpolicies', '-A', '-o', 'json'));
  assert.deepEqual(sorted(list.items.map(written)), sorted(objects.filter((o) => o.kind === 'NetworkPolicy')));
});

test('kubectl get ns prints a table of the fixture namespaces (server-side printing)', async () => {
  const out = await kubectl('get', 'ns');
  const lines = out.trim().split('\n');
  assert.match(lines[0]!, /^NAME\s+STATUS\s+AGE$/);
  assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/)[0]), objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort());
  assert.ok(lines.slice(1).every((l) => /\sActive\s/.test(l)));
});

test('kubectl pages a list with --chunk-size through continue tokens', async () => {
  const list = JSON.parse(await kubectl('get', 'replicasets', '-A', '-o', 'json', '--chunk-size', '1'));
  assert.equal(list.items.length, objects.filter((o) => o.kind === 'ReplicaSet').length);
  assert.ok(fake.requests.some((r) => r.includes('/replicasets?') && r.includes('continue=')), 'kubectl sent a continue token');
});

test('kubectl get pods --watch sees a pod added after it started', async () => {
  const p = startProcess(k8sTool('kubectl'), kubectlArgs(['get', 'pods', '-n', 'shop', '--watch']), { env: { HOME: dir } });
  try {
    await p.waitFor(/database-0/);
    await fake.watchOpen('pods');
    fake.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'late-pod', namespace: 'shop', labels: { app: 'late' } }, spec: { containers: [{ name: 'c',
      image: 'x' }] } });
    await p.waitFor(/^late-pod\s/m);
  } finally {
    p.child.kill();
  }
});

test('a forbidden resource is a 403 Status kubectl reports', async () => {
  fake.forbidden.add('deployments');
  try {
    const r = await runAsync(k8sTool('kubectl'), kubectlArgs(['get', 'deployments', '-A']), { env: { HOME: dir } });
    assert.equal(r.code, 1);
    assert.match(r.stderr,
      /deployments is forbidden: User "system:serviceaccount:test:reader" cannot list resource "deployments" in API group "apps" at the cluster scope/);
  } finally {
    fake.forbidden.delete('deployments');
  }
});

test('a wrong token is refused with 401', async () => {
  writeFileSync(join(dir, 'bad'), fake.kubeconfig(['fake'], 'wrong'));
  const r = await runAsync(k8sTool('kubectl'), ['--kubeconfig', join(dir, 'bad'), '--cache-dir', join(dir, 'cache2'), 'get', 'ns'], { env: { HOME: dir } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Unauthorized|must be logged in/);
});
