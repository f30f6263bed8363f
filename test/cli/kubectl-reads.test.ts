// The command line reads what kubectl reads (test/fixtures/kubectl-reads/accepted: folded quoted
// scalars, JSON streams, UTF-16 with a BOM) and says on stderr which files it skipped for size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../helpers/fixtures';
import { k8sTool } from '../helpers/k8s-tools';
import { runCli } from '../helpers/run-cli';

const accepted = fixture('kubectl-reads', 'accepted');
const rejected = fixture('kubectl-reads', 'rejected');

test('flows over the accepted fixtures: every object is read, nothing is reported skipped', () => {
  const r = runCli(['flows', '--format', 'json', accepted]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const json = JSON.parse(r.stdout) as { flows: { from: { workload?: string }; to: { workload?: string }; allowed: unknown }[] };
  const db = json.flows.find((f) => f.from.workload === 'shop/api' && f.to.workload === 'shop/db');
  assert.deepEqual(db?.allowed, [{ protocol: 'TCP', ports: [[5432, 5432]] }]);
});

test('check reads UTF-16 files (LE and BE) with columns as the editor shows the decoded text', () => {
  const r = runCli(['check', '--format', 'json', accepted]);
  const found = (JSON.parse(r.stdout) as { findings: { id: string; file: string; line: number; column: number }[] }).findings;
  const of = (file: string) => found.filter((f) => f.file.endsWith(file) && f.id !== 'egress-without-dns').map((f) => [f.id, f.line, f.column]);
  // Line 5 of both: `spec: {podSelector: {}, policyTypes: [Ingress, Egress, Egress]}`, the second Egress.
  const col = 'spec: {podSelector: {}, policyTypes: [Ingress, Egress, '.length + 1;
  assert.deepEqual(of('utf16le.yaml'), [['duplicate-policy-type', 5, col]]);
  assert.deepEqual(of('utf16be.yaml'), [['duplicate-policy-type', 5, col]]);
  assert.deepEqual(of('quoted-continuation.yaml').filter(([id]) => id === 'yaml-syntax'), []);
  assert.deepEqual(of('stream.json').filter(([id]) => id === 'yaml-syntax'), []);
});

test('what kubectl rejects is still a yaml-syntax error in check', () => {
  const r = runCli(['check', '--format', 'json', rejected]);
  const found = (JSON.parse(r.stdout) as { findings: { id: string; file: string }[] }).findings;
  for (const name of readdirSync(rejected)) assert.ok(found.some((f) => f.file.endsWith(name) && f.id === 'yaml-syntax'), name);
  assert.equal(r.code, 1);
});

test('a file over --max-file-size: one line on stderr for flows and for check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-size-'));
  writeFileSync(join(dir, 'small.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
  writeFileSync(join(dir, 'bundle.yaml'), `apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n# ${'x'.repeat(3000)}\n`);
  for (const command of ['flows', 'check']) {
    const r = runCli([command, '--max-file-size', '2000', dir]);
    const lines = r.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^netpol-lens: .*bundle\.yaml:1:1: File skipped: (at least )?3\d{3} bytes, over the limit of 2000 bytes \(--max-file-size\)\.$/);
  }
  // The default limit reads a 2 MB install bundle.
  const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}, namespace: a}\ndata: {x: "${'x'.repeat(2000)}"}\n`;
  writeFileSync(join(dir, 'bundle.yaml'), Array.from({ length: 1000 }, (_, i) => doc(i)).join('---\n'));
  const r = runCli(['check', dir]);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0, r.stdout);
});

/** The object names `kubectl label --local -f FILE -o json` reads, or its error. */
function kubectlNames(file: string): { names: string[]; error: boolean } {
  const r = spawnSync(k8sTool('kubectl'), ['label', '--local', '-f', file, 'checked=yes', '-o', 'json'], { encoding: 'utf8', timeout: 60_000 });
  return { names: [...r.stdout.matchAll(/^ {8}"name": "([^"]+)"/gm)].map((m) => m[1]!), error: r.status !== 0 };
}

test('the real kubectl agrees: it reads every accepted fixture as we do and rejects every rejected one', () => {
  for (const name of readdirSync(accepted)) {
    const ours = JSON.parse(runCli(['check', '--format', 'json', join(accepted, name)]).stdout) as { findings: { id: string }[] };
    const k = kubectlNames(join(accepted, name));
    assert.equal(k.error, false, name);
    assert.ok(k.names.length > 0, name);
    assert.ok(!ours.findings.some((f) => f.id === 'yaml-syntax'), name);
  }
  for (const name of readdirSync(rejected)) assert.equal(kubectlNames(join(rejected, name)).error, true, name);
  // The annotations kubectl folds are the ones the engine test expects.
  const out = spawnSync(k8sTool('kubectl'), ['label', '--local', '-f', join(accepted, 'quoted-continuation.yaml'), 'checked=yes', '-o', 'json'],
    { encoding: 'utf8' }).stdout;
  assert.ok(out.includes('"description": "Only the api reaches the database; added after the incident of 2026-03, see the runbook"'), out);
  assert.ok(out.includes('"summary": "the database,\\nkept here"'), out);
  assert.ok(readFileSync(join(accepted, 'utf16le.yaml'))[0] === 0xff, 'the fixture is UTF-16LE with its BOM');
});
