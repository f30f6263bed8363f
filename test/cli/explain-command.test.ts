// `explain` on a workload defined in several files: the ambiguity names each file, and
// `NS/NAME@FILE` (or `NS/KIND/NAME@FILE`) picks one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli';

const root = mkdtempSync(join(tmpdir(), 'netpol-explain-'));
mkdirSync(join(root, 'overlays'));
// Four copies whose labels differ: four workloads with one name. Only the second is isolated.
for (let i = 1; i <= 4; i++) {
  writeFileSync(join(root, 'overlays', `lg-${i}.yaml`), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: loadgenerator, namespace: default}\n'
    + `spec:\n  template:\n    metadata: {labels: {app: lg, copy: "c${i}"}}\n`);
}
writeFileSync(join(root, 'deny.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: default}\n'
  + 'spec:\n  podSelector: {matchLabels: {copy: c2}}\n  policyTypes: [Egress]\n');

test('explain: a name defined in several files is ambiguous, and each choice names its file', () => {
  const r = runCli(['explain', '.', '--from', 'default/loadgenerator', '--to', '10.0.0.1'], { cwd: root });
  assert.equal(r.code, 2);
  const choices = [1, 2, 3, 4].map((i) => `default/deployment/loadgenerator@overlays/lg-${i}.yaml`);
  assert.equal(r.stderr.split('\n')[0], `netpol-lens: --from default/loadgenerator is ambiguous (add @FILE to pick one): ${choices.join(', ')}`);
});

test('explain: NS/NAME@FILE and NS/KIND/NAME@FILE pick the workload of that file', () => {
  const second = runCli(['explain', '.', '--from', 'default/loadgenerator@overlays/lg-2.yaml', '--to', '10.0.0.1'], { cwd: root });
  assert.equal(second.code, 1, second.stderr);
  assert.match(second.stdout, /^default\/loadgenerator@overlays\/lg-2\.yaml -> 10\.0\.0\.1: DENIED/);
  const third = runCli(['explain', '.', '--from', 'default/Deployment/loadgenerator@lg-3.yaml', '--to', '10.0.0.1'], { cwd: root });
  assert.equal(third.code, 0, third.stderr);
  assert.match(third.stdout, /: ALLOWED \(all ports\)/);
  const json = runCli(['explain', '.', '--to', 'default/loadgenerator@./overlays/lg-2.yaml', '--from', '10.0.0.1', '--format', 'json'], { cwd: root });
  assert.equal(json.code, 0, json.stderr);
});

test('explain: @FILE that defines no such workload says where it is defined', () => {
  const r = runCli(['explain', '.', '--from', 'default/loadgenerator@deny.yaml', '--to', '10.0.0.1'], { cwd: root });
  assert.equal(r.code, 2);
  assert.match(r.stderr,
    /default\/loadgenerator is not defined in deny\.yaml \(it is in overlays\/lg-1\.yaml, overlays\/lg-2\.yaml, overlays\/lg-3\.yaml, overlays\/lg-4\.yaml\)/);
});
