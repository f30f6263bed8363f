// The command line on a cluster: `--kube-context` joins the cluster's objects to the files, and
// `snapshot` writes them as a file that gives the same flows. Real dist/cli.js, fake API server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApiServer, type KubeObject } from '../helpers/fake-apiserver';
import { fixture } from '../helpers/fixtures';
import { runCliAsync } from '../helpers/run-async';

const objects: KubeObject[] = JSON.parse(readFileSync(fixture('cluster', 'objects.json'), 'utf8'));
let fake: FakeApiServer;
let dir: string;
let kubeconfig: string;

before(async () => {
  fake = await FakeApiServer.start({ objects });
  dir = mkdtempSync(join(tmpdir(), 'netpol-cli-cluster-'));
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, fake.kubeconfig(['fake', 'other']));
});
after(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI with HOME in the temp folder, so no real ~/.kube/config is ever read. */
function cli(...args: string[]) {
  return runCliAsync(args, { env: { HOME: dir, KUBECONFIG: '' }, timeoutMs: 60_000 });
}

type FlowsJson = { workloads: { namespace: string; name: string; kind: string }[]; flows: { from: { workload?: string }; to: { workload?: string };
  allowed: unknown }[] };

test('flows --kube-context: pods are grouped under their Deployment, policies apply, names resolve', async () => {
  const r = await cli('flows', '--kube-context', 'fake', '--kubeconfig', kubeconfig, '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const json: FlowsJson = JSON.parse(r.stdout);
  assert.deepEqual(json.workloads.map((w) => `${w.namespace}/${w.name} ${w.kind}`), [
    'default/debug Pod', 'kube-system/node-agent DaemonSet', 'shop/backend Deployment', 'shop/database StatefulSet', 'web/frontend Deployment',
  ]);
  const flow = (from: string, to: string) => json.flows.find((f) => f.from.workload === from && f.to.workload === to)?.allowed;
  assert.deepEqual(flow('shop/backend', 'shop/database'), [{ protocol: 'TCP', ports: [[5432, 5432]] }]);
  assert.deepEqual(flow('web/frontend', 'shop/backend'), [{ protocol: 'TCP', ports: [[9090, 9090]] }], 'the named port grpc resolves on the live pods');
  assert.equal(flow('default/debug', 'shop/database'), undefined);
  assert.ok(fake.requests.every((l) => l.startsWith('GET ')), 'the cluster source never writes');
});

test('snapshot -o FILE, read back as a file, gives the same flows as the live cluster', async () => {
  const file = join(dir, 'snapshot.yaml');
  const s = await cli('snapshot', '--kubeconfig', kubeconfig, '-o', file);
  assert.equal(s.code, 0, s.stderr);
  assert.equal(s.stdout, '');
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^# netpol-lens snapshot of the cluster of context "fake" \(https:\/\/127\.0\.0\.1:\d+\)\n---\n/);
  assert.doesNotMatch(text, /backend-5c8b2/, 'a ReplicaSet scaled to zero with no pods is left out');
  const live = await cli('flows', '--kube-context', 'fake', '--kubeconfig', kubeconfig, '--format', 'json');
  const fromFile = await cli('flows', '--format', 'json', file);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.equal(fromFile.stdout, live.stdout);
  // For now a policy both in a file and in the cluster counts twice, and check says so.
  const both = await cli('check', file, '--kube-context', 'fake', '--kubeconfig', kubeconfig);
  assert.match(both.stdout, /warning .*\[duplicate-policy-name\]$/m);
  const stdout = await cli('snapshot', '--kube-context', 'other', '--kubeconfig', kubeconfig);
  assert.equal(stdout.stdout.replace(/"other"/, '"fake"'), text, 'without -o it goes to stdout');
});

test('explain and check point into the cluster\'s virtual files', async () => {
  const e = await cli('explain', '--kube-context', 'fake', '--kubeconfig', kubeconfig, '--from', 'web/frontend', '--to', 'shop/backend', '--port', 'grpc');
  assert.equal(e.code, 0, e.stderr);
  assert.match(e.stdout, /^web\/frontend -> shop\/backend on TCP 9090: ALLOWED$/m);
  assert.match(e.stdout, /policy shop\/backend-from-frontend {2}cluster:\/\/fake\/namespace-shop\.yaml:\d+:1$/m);
  const c = await cli('check', '--kube-context', 'fake', '--kubeconfig', kubeconfig);
  assert.equal(c.code, 0, c.stdout + c.stderr);
  assert.match(c.stdout, /^cluster:\/\/fake\/namespace-shop\.yaml:\d+:\d+: warning .*\[egress-without-dns\]$/m);
});

test('files and cluster combine: a policy from a file applies to live pods; a workload in both is one', async () => {
  writeFileSync(join(dir, 'allow-debug.yaml'), [
    'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: {name: debug-to-database, namespace: shop}',
    'spec:', '  podSelector: {matchLabels: {app: database}}', '  ingress:',
      '  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: default}}}]',
    '---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: backend, namespace: shop}',
    'spec:', '  selector: {matchLabels: {app: backend}}', '  template:', '    metadata: {labels: {app: backend, version: v2}}',
      '    spec: {containers: [{name: main, image: x}]}',
    '---', 'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: {name: only-v2, namespace: shop}',
    'spec: {podSelector: {matchLabels: {version: v2}}, policyTypes: [Ingress]}', '',
  ].join('\n'));
  const r = await cli('flows', join(dir, 'allow-debug.yaml'), '--kube-context', 'fake', '--kubeconfig', kubeconfig, '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const json: FlowsJson = JSON.parse(r.stdout);
  assert.equal(json.workloads.filter((w) => w.name === 'backend').length, 1);
  assert.deepEqual(json.flows.find((f) => f.from.workload === 'default/debug' && f.to.workload === 'shop/database')?.allowed, 'all');
  // The live pods' labels win over the file's template (pods are what policies select today).
  const c = await cli('check', join(dir, 'allow-debug.yaml'), '--kube-context', 'fake', '--kubeconfig', kubeconfig);
  assert.match(c.stdout, /allow-debug\.yaml:\d+:\d+: warning .*\[policy-selects-nothing\]$/m);
});

test('no such context, no kubeconfig: one line, exit 2, nothing sent', async () => {
  const before = fake.requests.length;
  const r = await cli('flows', '--kube-context', 'nope', '--kubeconfig', kubeconfig);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `netpol-lens: no context "nope" in ${kubeconfig} (contexts: fake, other)\n`);
  const m = await cli('flows', '--kube-context', 'fake', '--kubeconfig', join(dir, 'missing'));
  assert.equal(m.code, 2);
  assert.equal(m.stderr, `netpol-lens: no kubeconfig: ${join(dir, 'missing')} does not exist (use --kubeconfig FILE or set KUBECONFIG)\n`);
  const home = await cli('snapshot');
  assert.equal(home.code, 2);
  assert.match(home.stderr, /^netpol-lens: no kubeconfig: .*\.kube\/config does not exist/);
  assert.equal(fake.requests.length, before);
});

test('an unreachable server, plain HTTP and refused credentials: one line, exit 2', async () => {
  const { createServer } = await import('node:net');
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as { port: number }).port;
  await new Promise((resolve) => closed.close(resolve));
  writeFileSync(join(dir, 'down'), fake.kubeconfig().replace(fake.url, `https://127.0.0.1:${port}`));
  const r = await cli('flows', '--kubeconfig', join(dir, 'down'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`^netpol-lens: cluster of context "fake": cannot reach https://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.*\\n$`));
  // Credentials never travel over plain HTTP: client-node refuses, and so do we.
  writeFileSync(join(dir, 'plain'), fake.kubeconfig().replace(fake.url, `http://127.0.0.1:${port}`));
  const plain = await cli('flows', '--kubeconfig', join(dir, 'plain'));
  assert.equal(plain.code, 2);
  assert.equal(plain.stderr, `netpol-lens: cluster of context "fake": cannot connect to http://127.0.0.1:${port}: HTTP protocol is not allowed when ` +
    `skipTLSVerify is not set or false\n`);
  writeFileSync(join(dir, 'badtoken'), fake.kubeconfig(['fake'], 'wrong'));
  const u = await cli('check', '--kubeconfig', join(dir, 'badtoken'));
  assert.equal(u.code, 2);
  assert.match(u.stderr, /^netpol-lens: cluster of context "fake": the server refused the credentials \(401 Unauthorized\)[^\n]*\n$/);
});

test('a forbidden resource: one line, the analysis goes on without it; check exits 2', async () => {
  fake.forbidden.add('pods');
  try {
    const r = await cli('flows', '--kube-context', 'fake', '--kubeconfig', kubeconfig, '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'netpol-lens: cluster://fake/pods: forbidden (403): pods is forbidden: User "system:serviceaccount:test:reader" cannot list ' +
      'resource "pods" in API group "" at the cluster scope\n');
    const json: FlowsJson = JSON.parse(r.stdout);
    assert.ok(json.workloads.some((w) => w.name === 'backend'), 'templates still describe the workloads');
    assert.ok(!json.workloads.some((w) => w.name === 'debug'), 'a bare pod is gone with the pods');
    const c = await cli('check', '--kube-context', 'fake', '--kubeconfig', kubeconfig);
    assert.equal(c.code, 2, 'CI must not pass on a partial read');
    const s = await cli('snapshot', '--kube-context', 'fake', '--kubeconfig', kubeconfig);
    assert.equal(s.code, 2);
    assert.match(s.stdout, /^# not read: pods: forbidden \(403\)/m);
  } finally {
    fake.forbidden.delete('pods');
  }
});

test('410 Gone while paging: one expired continue token restarts the list; expiring every time is one line per resource', async () => {
  fake.maxPageSize = 2;
  try {
    fake.expireContinue = 1;
    const once = await cli('flows', '--kube-context', 'fake', '--kubeconfig', kubeconfig, '--format', 'json');
    assert.equal(once.code, 0, once.stderr);
    assert.equal(once.stderr, '');
    assert.equal((JSON.parse(once.stdout) as FlowsJson).workloads.length, 5);
    fake.expireContinue = Infinity;
    // Resources of two objects or fewer fit one page and are read; the others are left out.
    const always = await cli('check', '--kube-context', 'fake', '--kubeconfig', kubeconfig);
    assert.equal(always.code, 2);
    const lines = always.stderr.trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => /^netpol-lens: cluster:\/\/fake\/(\w+): /.exec(l)?.[1]), ['namespaces', 'replicasets', 'pods', 'networkpolicies']);
    assert.ok(lines.every((l) => / expired \(410 Gone\) 3 times in a row while paging$/.test(l)), always.stderr);
  } finally {
    fake.maxPageSize = Infinity;
    fake.expireContinue = 0;
  }
});

test('a server that never answers: the request time limit ends it in one line', async () => {
  fake.hang = true;
  try {
    const r = await cli('flows', '--kube-context', 'fake', '--kubeconfig', kubeconfig, '--request-timeout', '0.5');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^netpol-lens: cluster of context "fake": no answer from https:\/\/127\.0\.0\.1:\d+ within 0\.5 s \(GET \/api\/v1\/namespaces\)\n$/);
  } finally {
    fake.hang = false;
  }
});

test('usage: snapshot takes no PATH; --request-timeout must be positive', async () => {
  const r = await cli('snapshot', 'some/path');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^netpol-lens: snapshot reads the cluster only; it takes no PATH\n/);
  const t = await cli('flows', '--kube-context', 'fake', '--request-timeout', '0');
  assert.equal(t.code, 2);
  assert.match(t.stderr, /--request-timeout must be a positive number of seconds/);
});

test('$KUBECONFIG is read when no --kubeconfig is given, and exec plugins supply the token', async () => {
  const plugin = join(dir, 'credential-plugin.js');
  writeFileSync(plugin, `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { ` +
    `token: ${JSON.stringify(fake.token)} } }));\n`);
  const exec = fake.kubeconfig(['exec']).replace(/ {4}token: .*\n/,
    `    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ${process.execPath}\n      args: [${plugin}]\n` +
    `      interactiveMode: Never\n`);
  assert.doesNotMatch(exec, /token:/);
  writeFileSync(join(dir, 'exec-kubeconfig'), exec);
  const r = await runCliAsync(['flows', '--kube-context', 'exec', '--format', 'json'], { env: { HOME: dir, KUBECONFIG: join(dir, 'exec-kubeconfig') },
    timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as FlowsJson).workloads.length, 5);
});
