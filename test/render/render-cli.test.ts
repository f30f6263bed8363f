// The command line on rendered sources, with the real helm and kubectl: Helm charts and
// kustomize overlays are rendered, findings land on the files the user edits, and nothing that
// was not analyzed is passed over in silence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, cpSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../helpers/fixtures';
import { runCli } from '../helpers/run-cli';
import { k8sTool } from '../helpers/k8s-tools';

const HELM = ['--helm', k8sTool('helm')];
const KUBECTL = ['--kubectl', k8sTool('kubectl')];
const cwd = fixture('render');

test('a chart is rendered with the values the config names; a finding lands on the template line', () => {
  const r = runCli(['check', '--format', 'json', 'helm-shop', ...HELM], { cwd });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, 'netpol-lens: rendered charts/shop\n');
  const json = JSON.parse(r.stdout);
  assert.deepEqual(json.findings, [{
    id: 'port-out-of-range', severity: 'error',
    message: 'Port 70000 is outside 1-65535. (rendered by charts/shop: `port: 70000`)',
    file: 'helm-shop/charts/shop/templates/networkpolicy.yaml', line: 18, column: 11, endLine: 18, endColumn: 43, renderedBy: 'charts/shop',
  }]);
});

test('a chart renders into its release namespace with the names Helm gives', () => {
  const r = runCli(['flows', '--format', 'json', 'helm-shop', ...HELM], { cwd });
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(json.workloads, [
    { namespace: 'shop', name: 'shop-backend', kind: 'Deployment' },
    { namespace: 'shop', name: 'shop-database', kind: 'StatefulSet' },
  ]);
});

test('--set and values reach the chart: a valid port opens backend to the database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'render-set-'));
  cpSync(join(cwd, 'helm-shop'), dir, { recursive: true });
  writeFileSync(join(dir, '.netpol-lens.yaml'),
    'render:\n  - helm: charts/shop\n    namespace: shop\n    values: [charts/shop/values-prod.yaml]\n    set: { databasePort: "5432" }\n');
  const r = runCli(['flows', dir, ...HELM]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^shop\/shop-backend \(Deployment\)\s+->\s+shop\/shop-database \(StatefulSet\)\s+TCP 5432$/m);
  assert.doesNotMatch(r.stdout, /0\.0\.0\.0\/0 \(anywhere\)\s+->\s+shop\/shop-database/);
});

test('a chart whose dependency is not vendored: one finding on Chart.yaml, exit 2, the rest still analyzed', () => {
  const r = runCli(['check', 'helm-missing-dep', ...HELM], { cwd });
  assert.equal(r.code, 2, r.stdout);
  assert.equal(r.stdout, 'helm-missing-dep/app/Chart.yaml:5:5: warning This chart is not rendered: chart dependency redis not vendored in charts/. ' +
    'NetworkPolicy Lens never downloads; run `helm dependency build app` to vendor it, then save. [render-failed]\n0 errors, 1 warning, 0 notes.\n');
  assert.match(r.stderr, /could not render: app \(chart dependency redis not vendored/);
  const f = runCli(['flows', 'helm-missing-dep', ...HELM], { cwd });
  assert.match(f.stdout, /^default\/web \(Deployment\)/m, 'the plain file beside the chart is still read');
});

test('kustomize: the namespace transformer applies, alternatives are not mixed, --target chooses', () => {
  const dev = runCli(['flows', '--format', 'json', 'kustomize', ...KUBECTL], { cwd });
  assert.equal(dev.code, 0, dev.stderr);
  assert.equal(dev.stderr, 'netpol-lens: rendered overlays/dev; not analyzed: overlays/prod (an alternative to overlays/dev) (choose with --target)\n');
  assert.deepEqual(JSON.parse(dev.stdout).workloads.map((w: { namespace: string; name: string }) => `${w.namespace}/${w.name}`), ['dev/debug', 'dev/web']);
  const prod = runCli(['flows', 'kustomize', '--target', 'overlays/prod', ...KUBECTL], { cwd });
  assert.equal(prod.code, 0, prod.stderr);
  // $patch: delete removed debug; the component added prometheus; the JSON patch let it in on the named port.
  assert.doesNotMatch(prod.stdout, /debug/);
  assert.match(prod.stdout, /^prod\/prometheus \(Deployment\)\s+->\s+prod\/web \(Deployment\)\s+TCP 8080$/m);
  assert.doesNotMatch(prod.stdout, /0\.0\.0\.0\/0 \(anywhere\)\s+->\s+prod\/web/);
});

test('kustomize: overlays of one base raise no duplicate-policy-name and no raw-read warnings', () => {
  const r = runCli(['check', 'kustomize', ...KUBECTL], { cwd });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, 'No problems found.\n');
});

test('a remote base is never fetched: one finding, and no false "no connection is allowed"', () => {
  const c = runCli(['check', 'kustomize-remote', ...KUBECTL], { cwd });
  assert.equal(c.code, 2);
  assert.match(c.stdout, new RegExp(/^kustomize-remote\/app\/kustomization\.yaml:2:5: warning This kustomization is not rendered: /.source +
    /`https:\/\/github\.com\/example\/app\/\/deploy\?ref=v1\.0\.0` is a remote base/.source, 'm'));
  const f = runCli(['flows', 'kustomize-remote', ...KUBECTL], { cwd });
  assert.equal(f.stdout, 'Nothing to analyze: no workload or NetworkPolicy was read from kustomize-remote (some sources were not analyzed; see stderr).\n');
});

test('--no-render reads files raw and says which templates it skipped', () => {
  const r = runCli(['check', 'helm-shop', '--no-render'], { cwd });
  assert.equal(r.stderr, 'netpol-lens: --no-render: 2 Helm template files not analyzed\n');
  assert.equal(r.stdout, 'No problems found in what was analyzed; some sources were not (see stderr).\n');
});

test('a missing binary is a finding and exit 2, not a hang or silence', () => {
  const r = runCli(['check', 'helm-shop'], { cwd, env: { PATH: '/nonexistent' } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /could not render: charts\/shop \(helm was not found/);
  const bad = runCli(['check', 'helm-shop', '--helm', '/nonexistent/helm'], { cwd });
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'netpol-lens: helm "/nonexistent/helm" is not an executable file\nRun \'netpol-lens --help\' for usage.\n');
});

test('a renderer that hangs is stopped at the time limit with a clear message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'render-slow-'));
  cpSync(join(cwd, 'helm-shop'), dir, { recursive: true });
  const slow = join(dir, 'slow-helm');
  writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n');
  chmodSync(slow, 0o755);
  const started = Date.now();
  const r = runCli(['check', dir, '--helm', slow, '--render-timeout', '0.5']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /could not render: charts\/shop \(slow-helm took longer than 0\.5 s and was stopped\)/);
  assert.ok(Date.now() - started < 20_000, 'the sleeping renderer was not waited for');
});

test('{{ in a ConfigMap string is read normally; a stray template is a note, not a YAML error', () => {
  const r = runCli(['check', '--format', 'json', 'braces'], { cwd });
  const json = JSON.parse(r.stdout);
  assert.deepEqual(json.findings.map((f: { id: string; file: string; line: number }) => `${f.file}:${f.line} ${f.id}`), [
    'braces/configmap.yaml:17 policy-selects-nothing',
    'braces/configmap.yaml:18 invalid-enum',
    'braces/stray-template.yaml:1 unrendered-template',
  ]);
});

test('an object two charts render identically counts once: no duplicate-policy-name', () => {
  const r = runCli(['check', 'twice', ...HELM], { cwd });
  assert.equal(r.stderr, 'netpol-lens: rendered a, b\n');
  assert.equal(r.stdout, 'No problems found.\n');
  assert.equal(r.code, 0);
});
