// The command line's contract: outputs, exit codes, and one-line messages on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, ROOT } from '../helpers/fixtures';
import { runCli } from '../helpers/run-cli';
import { expectGolden } from '../helpers/golden';

test('flows on the example shop: backend reaches the database, analytics and logging do not', () => {
  const r = runCli(['flows', 'examples/shop']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^shop\/backend \(Deployment\)\s+->\s+shop\/database \(StatefulSet\)\s+TCP 5432$/m);
  assert.match(r.stdout, /^web\/frontend \(Deployment\)\s+->\s+shop\/backend \(Deployment\)\s+TCP 9090$/m);
  assert.doesNotMatch(r.stdout, /analytics\/analytics \(Deployment\)\s+->\s+shop\/database/);
  assert.doesNotMatch(r.stdout, /logging\/logging \(DaemonSet\)\s+->\s+shop\/database/);
  assert.doesNotMatch(r.stdout, /\x1b\[/, 'NO_COLOR means no escape codes');
});

test('flows --format json has exactly the documented shape', () => {
  const r = runCli(['flows', '--format', 'json', 'examples/shop']);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(json), ['workloads', 'flows']);
  assert.deepEqual(json.workloads[0], { namespace: 'analytics', name: 'analytics', kind: 'Deployment' });
  const db = json.flows.find((f: { from: { workload?: string }; to: { workload?: string } }) => f.from.workload === 'shop/backend' &&
    f.to.workload === 'shop/database');
  assert.deepEqual(db, { from: { workload: 'shop/backend', kind: 'Deployment' }, to: { workload: 'shop/database', kind: 'StatefulSet' },
    allowed: [{ protocol: 'TCP', ports: [[5432, 5432]] }] });
  const anywhere = json.flows.find((f: { from: { ipRange?: string }; to: { workload?: string } }) => f.from.ipRange && f.to.workload === 'web/frontend');
  assert.deepEqual(anywhere, { from: { ipRange: '0.0.0.0-255.255.255.255' }, to: { workload: 'web/frontend', kind: 'Deployment' }, allowed: 'all' });
  const keys = json.flows.map((f: { from: unknown; to: unknown }) => JSON.stringify([f.from, f.to]));
  assert.equal(new Set(keys).size, keys.length, 'a pair appears at most once');
  assert.ok(json.flows.every((f: { from: { workload?: string }; to: { workload?: string } }) => !f.from.workload || f.from.workload !== f.to.workload),
    'no workload to itself');
});

test('flows --namespace and --workload filter the pairs', () => {
  const r = runCli(['flows', '--format', 'json', '--workload', 'shop/database', 'examples/shop']);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(json.workloads, [{ namespace: 'shop', name: 'database', kind: 'StatefulSet' }]);
  assert.ok(json.flows.length > 0);
  assert.ok(json.flows.every((f: { from: { workload?: string }; to: { workload?: string } }) => f.from.workload === 'shop/database' ||
    f.to.workload === 'shop/database'));
  const ns = JSON.parse(runCli(['flows', '--format', 'json', '--namespace', 'web', 'examples/shop']).stdout);
  assert.deepEqual(ns.workloads.map((w: { name: string }) => w.name), ['frontend']);
});

test('explain: denied exits 1 and names the isolating policies with file:line', () => {
  const r = runCli(['explain', 'examples/shop', '--from', 'analytics/analytics', '--to', 'shop/database', '--port', '5432']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /analytics\/analytics -> shop\/database on TCP 5432: DENIED/);
  assert.match(r.stdout, /policy shop\/database-from-backend\s+examples\/shop\/policies\.yaml:\d+:1/);
});

test('explain: allowed exits 0 and names the allowing rules', () => {
  const r = runCli(['explain', 'examples/shop', '--from', 'shop/backend', '--to', 'shop/database', '--port', '5432/TCP', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const [e] = JSON.parse(r.stdout);
  assert.equal(e.allowed, true);
  assert.deepEqual(e.ingress.allowingRules.map((x: { policy: string; rule: string }) => `${x.policy} ${x.rule}`), ['shop/database-from-backend ingress[0]']);
  assert.deepEqual(e.egress.allowingRules.map((x: { policy: string; rule: string }) => `${x.policy} ${x.rule}`), ['shop/backend-to-database egress[0]']);
  assert.equal(e.ingress.allowingRules[0].file, 'examples/shop/policies.yaml');
});

test('explain: to an address and to a CIDR', () => {
  const ip = runCli(['explain', 'examples/shop', '--from', 'shop/backend', '--to', '8.8.8.8', '--port', '443']);
  assert.equal(ip.code, 1);
  assert.match(ip.stdout, /DENIED/);
  const cidr = runCli(['explain', 'examples/shop', '--from', 'web/frontend', '--to', '10.0.0.0/8']);
  assert.equal(cidr.code, 0, cidr.stderr);
  assert.match(cidr.stdout, /web\/frontend -> 10\.0\.0\.0\/8: ALLOWED/);
});

test('explain: a CIDR is split where the source\'s egress changes, with a verdict per piece and per pod inside; the policies are said to allow nothing for ' +
  'this connection, not nothing at all (explain-cidr/expected-cli.txt)', () => {
  const r = runCli(['explain', 'test/fixtures/explain-cidr', '--from', 'a/cli', '--to', '10.0.0.0/8']);
  assert.equal(r.code, 1, r.stderr);
  expectGolden(join(ROOT, 'test', 'fixtures', 'explain-cidr', 'expected-cli.txt'), r.stdout);
  const shop = runCli(['explain', 'examples/shop', '--from', 'analytics/analytics', '--to', 'shop/database', '--port', '5432']);
  expectGolden(join(ROOT, 'test', 'fixtures', 'explain-cidr', 'expected-shop.txt'), shop.stdout);
});

test('explain: a named port resolves on the destination', () => {
  const r = runCli(['explain', 'examples/shop', '--from', 'web/frontend', '--to', 'shop/backend', '--port', 'http']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /on TCP 9090: ALLOWED/);
});

test('bad usage exits 2 with one line and a hint', () => {
  for (const args of [['frobnicate'], ['flows', '--format', 'xml'], ['flows', '--format', 'sarif'], ['explain', 'examples/shop', '--from', 'shop/backend'],
    ['flows', '--bogus'], ['explain', 'examples/shop', '--from', 'shop/nope', '--to', 'shop/database']]) {
    const r = runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^netpol-lens: .+\nRun 'netpol-lens --help' for usage\.\n$/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('a missing path exits 2 naming the path', () => {
  const r = runCli(['flows', 'no/such/dir']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^netpol-lens: no\/such\/dir: no such file or directory\n/);
});

test('broken YAML: one line naming file and line, the rest still counts', () => {
  const dir = fixture('cli', 'broken');
  const r = runCli(['flows', '--format', 'json', dir]);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /mixed\.yaml:1[6-8]:\d+: YAML syntax error/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(json.workloads.map((w: { name: string }) => w.name), ['ok', 'other']);
  const check = runCli(['check', dir]);
  assert.equal(check.code, 1);
  assert.match(check.stdout, /mixed\.yaml:\d+:\d+: error YAML syntax error.*\[yaml-syntax\]/);
});

test('a binary file is reported and skipped, the rest is analyzed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-cli-'));
  writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
  writeFileSync(join(dir, 'bin.yaml'), Buffer.from([0x61, 0x00, 0x62]));
  chmodSync(join(dir, 'a.yaml'), 0o644);
  const r = runCli(['check', dir]);
  assert.equal(r.code, 0, 'a binary file is a warning, not an error');
  assert.match(r.stdout, /bin\.yaml:1:2: warning File skipped: it holds a NUL byte.*\[binary-file\]/);
});

test('check: clean example exits 0; json and sarif are well formed', () => {
  const text = runCli(['check', 'examples/shop']);
  assert.equal(text.code, 0, text.stdout);
  const sarif = JSON.parse(runCli(['check', '--format', 'sarif', fixture('cli', 'broken')]).stdout);
  assert.equal(sarif.version, '2.1.0');
  const result = sarif.runs[0].results[0];
  assert.equal(result.ruleId, 'yaml-syntax');
  assert.equal(result.level, 'error');
  assert.ok(result.locations[0].physicalLocation.region.startLine >= 16);
  const json = JSON.parse(runCli(['check', '--format', 'json', fixture('cli', 'broken')]).stdout);
  assert.equal(json.summary.error, json.findings.filter((f: { severity: string }) => f.severity === 'error').length);
});

test('--help and --version', () => {
  assert.match(runCli(['--help']).stdout, /Usage:\n\s+netpol-lens flows/);
  assert.match(runCli(['--version']).stdout, /^netpol-lens \d+\.\d+\.\d+\n$/);
});

test('color only on request or a terminal, never with NO_COLOR', () => {
  const colored = runCli(['flows', '--color', 'examples/shop']);
  assert.match(colored.stdout, /\x1b\[/);
});

test('explain: an address that is a known pod IP is that pod, and a CIDR gets a verdict per pod inside it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-ip-'));
  const pod = (name: string, ip: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: a, labels: {app: ${name}}}\n` +
    `spec: {containers: [{name: c}]}\nstatus: {podIP: ${ip}}\n---\n`;
  writeFileSync(join(dir, 'a.yaml'), pod('db', '10.0.0.7') + pod('cli', '10.0.0.8') + ('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n' +
    'metadata: {name: deny-db, namespace: a}\nspec: {podSelector: {matchLabels: {app: db}}, policyTypes: [Ingress]}\n'));
  const byIp = runCli(['explain', dir, '--from', 'a/cli', '--to', '10.0.0.7', '--port', '5432']);
  assert.equal(byIp.code, 1, byIp.stdout + byIp.stderr);
  assert.match(byIp.stdout, /DENIED/);
  assert.match(byIp.stdout, /policy a\/deny-db/);
  const byCidr = runCli(['explain', dir, '--from', 'a/cli', '--to', '10.0.0.0/24']);
  assert.equal(byCidr.code, 1, 'one piece of the block (the db pod) is denied');
  assert.match(byCidr.stdout, /^a\/cli -> a\/db \(pod IP in 10.0.0.0\/24\): DENIED/m);
  assert.doesNotMatch(byCidr.stdout, /a\/cli -> a\/cli/, 'the source is not its own destination');
});

test('check: a file that cannot be read makes the check incomplete (exit 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-unreadable-'));
  writeFileSync(join(dir, 'ok.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
  const r = runCli(['check', dir, '/proc/self/mem']);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /\/proc\/self\/mem: cannot read/);
});

test('check: a leading BOM does not shift columns on the first line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-bom-'));
  const text = 'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: Bad_Name, namespace: a}\nspec: {podSelector: {}}\n';
  writeFileSync(join(dir, 'plain.yaml'), text);
  writeFileSync(join(dir, 'bom.yaml'), '\ufeff' + text);
  const r = runCli(['check', '--format', 'json', dir]);
  const at = (f: string) => JSON.parse(r.stdout).findings.filter((x: { file: string }) => x.file.endsWith(f)).map((x: { id: string; line: number;
    column: number }) => [x.id, x.line, x.column]);
  assert.ok(at('plain.yaml').some((x: [string, number, number]) => x[1] === 1), 'a finding on line 1');
  assert.deepEqual(at('bom.yaml'), at('plain.yaml'));
});

test('explain --from a pod IP: an ipBlock matches by that pod\'s IP; an IP shared by two workloads must be named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-podip-'));
  const owned = (name: string, ip: string) => `apiVersion: v1\nkind: Pod\n` +
    `metadata: {name: ${name}, namespace: a, labels: {app: cli}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: cli-rs, controller: true, ` +
    `uid: u}]}\nspec: {containers: [{name: c}]}\nstatus: {podIP: ${ip}}\n---\n`;
  const host = (ns: string, name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}\n` +
    `spec: {hostNetwork: true, containers: [{name: c}]}\nstatus: {podIP: 192.168.0.10}\n---\n`;
  writeFileSync(join(dir, 'a.yaml'), owned('cli-1', '10.0.0.5') + owned('cli-2', '10.1.0.9') + host('mon', 'exporter') + host('kube-system', 'proxy')
    + 'apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: a, labels: {app: db}}\nspec: {containers: [{name: c}]}\n---\n'
    + ('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-from-block, namespace: a}\nspec:\n' +
      '  podSelector: {matchLabels: {app: db}}\n' +
      '  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/24}}]}]\n'));
  const inBlock = runCli(['explain', dir, '--from', '10.0.0.5', '--to', 'a/db']);
  assert.equal(inBlock.code, 0, inBlock.stdout + inBlock.stderr);
  const outside = runCli(['explain', dir, '--from', '10.1.0.9', '--to', 'a/db']);
  assert.equal(outside.code, 1, outside.stdout);
  const whole = runCli(['explain', dir, '--from', 'a/cli-rs', '--to', 'a/db']);
  assert.equal(whole.code, 1, 'the workload as a whole: one of its pods lies outside the block');
  const shared = runCli(['explain', dir, '--from', '192.168.0.10', '--to', 'a/db']);
  assert.equal(shared.code, 2);
  assert.match(shared.stderr, /192\.168\.0\.10 is the IP of 2 workloads \(kube-system\/proxy, mon\/exporter\): name one/);
});
