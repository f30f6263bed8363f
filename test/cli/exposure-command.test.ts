// `netpol-lens exposure` as a user runs it: text grouped by workload with the policies behind each
// line, and the JSON documented in the README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli';

test('exposure prints each workload, then one sentence per exposure with its policies', () => {
  const r = runCli(['exposure', 'test/fixtures/exposure']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.deepEqual(lines.filter((l) => l && !l.startsWith('  ')), ['other/loose (Deployment)', 'shop/api (Deployment)', 'shop/web (Deployment)']);
  assert.ok(lines.includes('  ingress open to every namespace labelled team=payments, including future ones, on TCP 8080  [shop/api-ingress]'), r.stdout);
});

test('exposure --format json: {"exposures": [...]} as JSON.stringify(x, null, 2)', () => {
  const r = runCli(['exposure', '--format', 'json', 'test/fixtures/exposure']);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { exposures: { workload: string; direction: string; peer: { kind: string }; allowed: unknown; text: string }[] };
  assert.equal(r.stdout, JSON.stringify(json, null, 2) + '\n');
  assert.deepEqual(Object.keys(json), ['exposures']);
  assert.deepEqual(json.exposures[0], {
    workload: 'other/loose', kind: 'Deployment', direction: 'ingress', peer: { kind: 'not-isolated' }, allowed: 'all', namedPorts: [], policies: [],
    text: 'ingress open to everything (no policy isolates its ingress): every pod of every namespace, including future ones, and every address, on all ports',
  });
  assert.equal(json.exposures.length, 10);
  assert.equal(runCli(['exposure', '--format', 'md', 'test/fixtures/exposure']).code, 2);
});

test('check leaves out exposed-to-any-namespace (off by default) though the fixture has namespaceSelector: {}', () => {
  const r = runCli(['check', '--format', 'json', 'test/fixtures/exposure']);
  const ids = (JSON.parse(r.stdout) as { findings: { id: string }[] }).findings.map((f) => f.id);
  assert.ok(ids.length > 0, 'other checks report');
  assert.ok(!ids.includes('exposed-to-any-namespace'), ids.join(', '));
});
