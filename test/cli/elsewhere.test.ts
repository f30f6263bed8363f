// `netpol-lens check` on a folder with a .netpol-lens.yaml: declared workloads silence findings,
// Services and operators' resources soften them, and the config's problems go to stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../helpers/fixtures';
import { runCli } from '../helpers/run-cli';

const dir = fixture('elsewhere');
const summary = (stdout: string) => (JSON.parse(stdout) as { findings: { id: string; severity: string;
  line: number }[] }).findings.map((f) => `${f.line} ${f.id} ${f.severity}`);

test('check reads .netpol-lens.yaml of the folder named: grafana is declared, Prometheus is the operator\'s, search is a Service\'s', () => {
  const r = runCli(['check', dir, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '', 'render: is another module\'s key, not a problem');
  assert.deepEqual(summary(r.stdout), ['15 peer-matches-nothing hint', '28 peer-matches-nothing warning', '38 policy-selects-nothing information']);
});

test('without the config (files named, no folder) the declared workload is a warning again', () => {
  const r = runCli(['check', join(dir, 'policies.yaml'), join(dir, 'workloads.yaml'), '--format', 'json']);
  assert.deepEqual(summary(r.stdout), ['15 peer-matches-nothing hint', '24 peer-matches-nothing warning', '28 peer-matches-nothing warning',
    '38 policy-selects-nothing information']);
});

test('what the config cannot use is one line on stderr with file and line; the rest still counts', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'netpol-config-'));
  try {
    cpSync(dir, tmp, { recursive: true });
    writeFileSync(join(tmp, '.netpol-lens.yaml'),
      'external:\n  workloads:\n    - {name: no-namespace}\n    - {namespace: monitoring, name: grafana, labels: {app.kubernetes.io/name: grafana}}\n');
    const r = runCli(['check', tmp, '--format', 'json']);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^netpol-lens: .*\.netpol-lens\.yaml:3: A workload needs namespace:, name: and labels:/);
    assert.deepEqual(summary(r.stdout), ['15 peer-matches-nothing hint', '28 peer-matches-nothing warning', '38 policy-selects-nothing information']);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
