// `netpol-lens explain` with cluster policies: the chain of tiers per direction, in text and JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, ROOT } from '../helpers/fixtures';
import { runCli } from '../helpers/run-cli';

const dir = fixture('conformance-cnp', 'cnp-10b-admin-integration-ingress-pass');
const slytherin = 'network-policy-conformance-slytherin/draco-malfoy-0';
const gryffindor = 'network-policy-conformance-gryffindor/harry-potter-0';

test('explain text: an Admin Pass, then the NetworkPolicy that allows, for ingress; an Admin Deny for egress', () => {
  const inbound = runCli(['explain', '--from', slytherin, '--to', gryffindor, '--port', '80', dir]);
  assert.equal(inbound.code, 0, inbound.stderr);
  assert.ok(inbound.stdout.includes(`  ingress of ${gryffindor}: Admin tier: cnp/pass-example priority 10 ingress[0] "deny-all-ingress-from-slytherin" Pass `
    + `(TCP 80)`
    + ` → NetworkPolicy: network-policy-conformance-gryffindor/allow-gress-from-to-slytherin-to-gryffindor allows (TCP 80) → ALLOWED\n`), inbound.stdout);
  assert.ok(inbound.stdout.includes(`  egress of ${slytherin}: NetworkPolicy: none selects the pod, next tier → default: allowed (TCP 80) → ALLOWED\n`),
      inbound.stdout);
  const outbound = runCli(['explain', '--from', gryffindor, '--to', slytherin, '--port', '80', dir]);
  assert.equal(outbound.code, 1, outbound.stderr);
  assert.ok(outbound.stdout.includes(`  egress of ${gryffindor}: Admin tier: cnp/pass-example priority 10 egress[0] "deny-all-egress-to-slytherin" Deny (TCP `
    + `80) → DENIED\n`), outbound.stdout);
  assert.match(outbound.stdout, /Deny \(TCP 80\) {2}test\/fixtures\/conformance-cnp\/cnp-10b-admin-integration-ingress-pass\/manifests\.yaml:\d+:7\n/);
});

test('explain JSON: each direction has its chain with tier, action, policy, priority, rule and location', () => {
  const run = runCli(['explain', '--format', 'json', '--from', gryffindor, '--to', slytherin, '--port', '80', dir]);
  assert.equal(run.code, 1, run.stderr);
  const [e] = JSON.parse(run.stdout) as { egress: { chain: Record<string, unknown>[] }; ingress: { chain: Record<string, unknown>[] } }[];
  const link = e!.egress.chain[0]!;
  assert.deepEqual({ ...link, line: typeof link.line }, {
    tier: 'Admin', action: 'Deny', policies: ['cnp/pass-example'], priority: 10, rule: 'egress[0]', ruleName: 'deny-all-egress-to-slytherin',
    ports: [{ protocol: 'TCP', ports: [[80, 80]] }], text: 'Admin tier: cnp/pass-example priority 10 egress[0] "deny-all-egress-to-slytherin" Deny (TCP 80)',
    file: 'test/fixtures/conformance-cnp/cnp-10b-admin-integration-ingress-pass/manifests.yaml', line: 'number', column: 7,
  });
  assert.equal(e!.egress.chain.length, 1);
  assert.deepEqual(e!.ingress.chain.map((l) => [l.tier, l.action]), [['NetworkPolicy', 'Pass'], ['Default', 'Allow']]);
});

test('examples/tiers: the README shows the current explain output, and flows follow the tiers', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const r = runCli(['explain', 'examples/tiers', '--from', 'shop/backend', '--to', 'shop/db', '--port', '5432']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(readme.includes('$ netpol-lens explain examples/tiers --from shop/backend --to shop/db --port 5432\n' + r.stdout.trimEnd() + '\n```'),
    `README is stale; current output:\n${r.stdout}`);
  const flows = runCli(['flows', 'examples/tiers']).stdout;
  // The Admin Deny keeps blog out of shop; the Baseline Deny on 0.0.0.0/0 keeps every pod off the internet.
  assert.match(flows, /^shop\/backend \(Deployment\) +-> +shop\/db \(StatefulSet\) +TCP 5432$/m);
  assert.doesNotMatch(flows, /^blog\/web .*-> +shop\//m);
  assert.doesNotMatch(flows, /-> +0\.0\.0\.0/);
  assert.match(flows, /^0\.0\.0\.0\/0 \(anywhere\) +-> +blog\/web/m);
});
