// Cluster policy tiers beyond the conformance tables: v1alpha1 reading, Pass in Baseline, host
// network, fail-closed rules, domainNames, same-priority order, external ranges and the explain chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedPorts, chainText, computeFlows, explain, parseIp, type Endpoint, type Protocol, type Snapshot } from '../../server/src/engine/index';
import { snapshotOf, workload } from '../helpers/fixtures';

const ns = (name: string, labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {${labels}}}\n---\n`;
const pod = (n: string, name: string, ip: string, extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${n}, labels: {app: ${name}}}\n` +
  `spec:\n${extra}  containers: [{name: c, ports: [{name: web, containerPort: 80}, {name: dns, containerPort: 53, protocol: UDP}]}]\nstatus: {podIP: ${ip}}\n`
    + `---\n`;
const base = ns('a', 'team: red') + ns('b', 'team: blue') + pod('a', 'web', '10.0.0.1') + pod('a', 'db', '10.0.0.2') + pod('b', 'api', '10.0.1.1')
  + pod('b', 'host', '192.168.0.9', '  hostNetwork: true\n');
const cnp = (name: string, tier: string, priority: number, spec: string) =>
  `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  tier: ${tier}\n  priority: ${priority}\n`
    + `${spec}---\n`;
const np = (n: string, name: string,
    spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${n}}\nspec:\n${spec}---\n`;
const subjectA = '  subject: {namespaces: {matchLabels: {team: red}}}\n';
const fromB = (action: string, extra = '') => `  ingress:\n    - action: ${action}\n      from: [{namespaces: {matchLabels: {team: blue}}}]\n${extra}`;

function allowed(s: Snapshot, from: string, to: string, protocol: Protocol, port: number): boolean {
  const end = (r: string): Endpoint => (/^\d/.test(r) ? { ip: parseIp(r)! } : { workload: workload(s, r) });
  return allowedPorts(s, end(from), end(to)).has(protocol, port);
}

type Check = [from: string, to: string, protocol: Protocol, port: number, allowed: boolean];
const cases: { name: string; yaml: string; checks: Check[] }[] = [
  { name: 'a cluster policy does not isolate: what no rule matches falls through to the default', yaml: base + cnp('c', 'Admin', 1, subjectA + fromB('Deny',
      '      protocols: [{tcp: {destinationPort: {number: 80}}}]\n')),
    checks: [['b/api', 'a/db', 'TCP', 80, false], ['b/api', 'a/db', 'TCP', 81, true], ['a/web', 'a/db', 'TCP', 80, true]] },
  { name: 'Admin Accept beats a NetworkPolicy that isolates', yaml: base + cnp('c', 'Admin', 1, subjectA + fromB('Accept')) + np('a', 'deny',
      '  podSelector: {}\n'),
    checks: [['b/api', 'a/db', 'TCP', 80, true], ['a/web', 'a/db', 'TCP', 80, false]] },
  { name: 'Pass skips the rest of the Admin tier (a later Deny), the NetworkPolicies decide', yaml: base + cnp('first', 'Admin', 1, subjectA + fromB('Pass'))
    + cnp('second', 'Admin', 2, subjectA + fromB('Deny')) + np('a', 'allow-b',
    '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: blue}}}]}]\n'),
    checks: [['b/api', 'a/db', 'TCP', 80, true]] },
  { name: 'lower priority number first', yaml: base + cnp('late', 'Admin', 20, subjectA + fromB('Accept')) + cnp('early', 'Admin', 10, subjectA
      + fromB('Deny')),
    checks: [['b/api', 'a/db', 'TCP', 80, false]] },
  { name: 'same priority: read in name order (documented choice)', yaml: base + cnp('zeta', 'Admin', 5, subjectA + fromB('Accept')) + cnp('alpha', 'Admin', 5,
      subjectA + fromB('Deny')),
    checks: [['b/api', 'a/db', 'TCP', 80, false]] },
  { name: 'Baseline decides only where no NetworkPolicy selects the pod', yaml: base + cnp('default', 'Baseline', 1, subjectA + fromB('Deny'))
    + np('a', 'web-open', '  podSelector: {matchLabels: {app: web}}\n  ingress: [{}]\n'),
    checks: [['b/api', 'a/db', 'TCP', 80, false], ['b/api', 'a/web', 'TCP', 80, true]] },
  { name: 'Pass in the Baseline tier skips later Baseline rules: the default allows', yaml: base + cnp('p', 'Baseline', 1, subjectA + fromB('Pass')) + cnp('q',
      'Baseline', 2, subjectA + fromB('Deny')),
    checks: [['b/api', 'a/db', 'TCP', 80, true]] },
  { name: 'egress Deny blocks the connection even when ingress allows it', yaml: base + cnp('e', 'Admin', 1,
      '  subject: {namespaces: {matchLabels: {team: blue}}}\n  egress:\n    - action: Deny\n'
        + '      to: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}]\n'),
    checks: [['b/api', 'a/db', 'UDP', 53, false], ['b/api', 'a/web', 'UDP', 53, true], ['a/web', 'a/db', 'UDP', 53, true]] },
  { name: 'host-network pods are neither subjects nor namespaces peers; networks match them by IP', yaml: base
    + cnp('h', 'Admin', 1, '  subject: {namespaces: {matchLabels: {team: blue}}}\n  ingress:\n    - action: Deny\n      from: [{namespaces: {}}]\n')
    + cnp('n', 'Admin', 2, '  subject: {namespaces: {}}\n  egress:\n    - action: Deny\n      to: [{networks: [192.168.0.0/24]}]\n'),
    checks: [['a/web', 'b/api', 'TCP', 80, false], ['a/web', 'b/host', 'TCP', 80, false], ['b/host', 'a/web', 'TCP', 80, true], ['a/web', '192.168.0.7', 'TCP',
        1, false], ['a/web', '8.8.8.8', 'TCP', 1, true]] },
  { name: 'networks match pod IPs: 0.0.0.0/0 Deny blocks pod traffic, ::/0 does not', yaml: base + cnp('v6', 'Admin', 1,
      '  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}\n'
    + '  egress:\n    - action: Deny\n      to: [{networks: ["::/0"]}]\n    - action: Deny\n      to: [{networks: [10.0.1.0/24]}]\n'),
    checks: [['a/web', 'b/api', 'TCP', 80, false], ['a/web', 'a/db', 'TCP', 80, true]] },
  { name: 'named ports resolve on the receiving pod, with its protocol', yaml: base + cnp('np', 'Admin', 1, subjectA + fromB('Deny',
      '      protocols: [{destinationNamedPort: dns}]\n')),
    checks: [['b/api', 'a/db', 'UDP', 53, false], ['b/api', 'a/db', 'TCP', 53, true], ['b/api', 'a/db', 'TCP', 80, true]] },
  { name: 'a port range includes both ends', yaml: base + cnp('r', 'Admin', 1, subjectA + fromB('Deny',
      '      protocols: [{sctp: {destinationPort: {range: {start: 100, end: 200}}}}]\n')),
    checks: [['b/api', 'a/db', 'SCTP', 100, false], ['b/api', 'a/db', 'SCTP', 200, false], ['b/api', 'a/db', 'SCTP', 201, true], ['b/api', 'a/db', 'TCP', 150,
        true]] },
  { name: 'domainNames cannot be decided offline: they match no pod and no address', yaml: base + cnp('d', 'Admin', 1, subjectA
    + '  egress:\n    - action: Accept\n      to: [{domainNames: [example.com]}]\n    - action: Deny\n      to: [{networks: [0.0.0.0/0]}]\n'),
    checks: [['a/web', '93.184.216.34', 'TCP', 443, false], ['a/web', 'b/api', 'TCP', 443, false]] },
  { name: 'a broken Deny fails closed (denies everything); a broken Accept matches nothing', yaml: base
    + cnp('broken-deny', 'Admin', 1, subjectA + fromB('Deny', '      protocols: [{tcp: {}}]\n'))
    + cnp('broken-accept', 'Admin', 0, '  subject: {namespaces: {matchLabels: {team: blue}}}\n' + '  egress:\n    - action: Accept\n      to: [{}]\n')
    + cnp('deny-b', 'Admin', 2, '  subject: {namespaces: {matchLabels: {team: blue}}}\n  egress:\n    - action: Deny\n      to: [{namespaces: {}}]\n'),
    checks: [['a/web', 'a/db', 'UDP', 1, false], ['b/api', 'b/host', 'TCP', 1, true], ['b/api', 'a/web', 'TCP', 1, false]] },
  { name: 'v1alpha1 AdminNetworkPolicy (Allow, ports) and BaselineAdminNetworkPolicy are read into the tiers', yaml: base
    + 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: anp}\nspec:\n  priority: 3\n' + subjectA
    + '  ingress:\n    - action: Allow\n      from: [{namespaces: {matchLabels: {team: blue}}}]\n'
    + '      ports: [{portNumber: {protocol: TCP, port: 80}}, {portRange: {protocol: UDP, start: 50, end: 60}}]\n---\n'
    + 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n' + subjectA
    + '  ingress:\n    - action: Deny\n      from: [{namespaces: {}}]\n---\n' + np('a', 'none', '  podSelector: {matchLabels: {app: nothing}}\n'),
    checks: [['b/api', 'a/db', 'TCP', 80, true], ['b/api', 'a/db', 'UDP', 53, true], ['b/api', 'a/db', 'TCP', 81, false], ['a/web', 'a/db', 'TCP', 80,
        false]] },
];

for (const c of cases) {
  test(`tiers: ${c.name}`, () => {
    const s = snapshotOf({ 'c.yaml': c.yaml });
    const got = c.checks.map(([f, t, p, n]) => [f, t, p, n, allowed(s, f, t, p, n)] as Check);
    assert.deepEqual(got, c.checks);
  });
}

test('fail closed where the API server would reject: Pass in a BaselineAdminNetworkPolicy, networks in an ingress rule', () => {
  const banp = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n' + subjectA
    + '  ingress:\n    - action: Pass\n      from: [{namespaces: {matchLabels: {team: blue}}}]\n---\n';
  assert.equal(allowed(snapshotOf({ 'c.yaml': base + banp }), 'b/api', 'a/db', 'TCP', 80), false);
  const ingressNetworks = cnp('n', 'Admin', 1, subjectA + '  ingress:\n    - action: Pass\n      from: [{networks: [10.0.1.0/24]}]\n');
  const s = snapshotOf({ 'c.yaml': base + ingressNetworks });
  assert.deepEqual([allowed(s, 'b/api', 'a/db', 'TCP', 80), allowed(s, 'a/web', 'a/db', 'TCP', 80), allowed(s, 'a/web', 'b/api', 'TCP', 80)], [false, false,
      true]);
});

test('a dual-stack pod is matched by networks in the families they name', () => {
  const dual = pod('b', 'dual', '10.0.1.2').replace('status: {podIP: 10.0.1.2}', 'status: {podIP: 10.0.1.2, podIPs: [{ip: 10.0.1.2}, {ip: "fd00::2"}]}');
  const deny = (cidrs: string) => cnp('d', 'Admin', 1, '  subject: {namespaces: {matchLabels: {team: red}}}\n'
    + `  egress:\n    - action: Deny\n      to: [{networks: [${cidrs}]}]\n`);
  const verdict = (cidrs: string) => allowed(snapshotOf({ 'c.yaml': base + dual + deny(cidrs) }), 'a/web', 'b/dual', 'TCP', 80);
  // Both families named: every IP of the pod must lie inside (its IPv4 address does not, so IPv4 traffic passes).
  assert.deepEqual([verdict('10.0.0.0/8'), verdict('"fd00::/8"'), verdict('10.9.0.0/16'), verdict('"fd00::/8", 192.168.0.0/16')], [false, false, true, true]);
});

test('v1alpha1 objects keep their origin; Allow is read as Accept; the BANP sits in the Baseline tier', () => {
  const s = snapshotOf({ 'c.yaml': cases[cases.length - 1]!.yaml });
  const summary = s.clusterPolicies.map((p) => [p.origin, p.tier, p.priority ?? null, p.ingress.map((r) => `${r.actionWritten}->${r.action}`).join(',')]);
  assert.deepEqual(summary, [['AdminNetworkPolicy', 'Admin', 3, 'Allow->Accept'], ['BaselineAdminNetworkPolicy', 'Baseline', null, 'Deny->Deny']]);
  assert.deepEqual(s.policies.map((p) => p.kind), ['NetworkPolicy']);
});

test('external ranges of flows follow the tiers: cut where a network starts and ends', () => {
  const s = snapshotOf({ 'c.yaml': base + cnp('x', 'Admin', 1, subjectA + '  egress:\n    - action: Deny\n      to: [{networks: [8.8.8.0/24]}]\n') });
  const ranges = computeFlows(s,
      { workload: 'a/web' }).filter((f) => 'workload' in f.from && 'range' in f.to).map((f) => 'range' in f.to ? f.to.range : undefined);
  assert.deepEqual(ranges.map((r) => [r!.first.toString(), r!.last.toString()]), [['0', String(0x08080800 - 1)], [String(0x08080900), String(2 ** 32 - 1)]]);
});

test('explain: the chain of one direction names the Admin Pass, then the NetworkPolicy that allows', () => {
  const s = snapshotOf({ 'c.yaml': base + cnp('tenant', 'Admin', 10, subjectA + fromB('Deny', '      protocols: [{sctp: {destinationPort: {number: 9}}}]\n')
    + '    - action: Pass\n      from: [{namespaces: {matchLabels: {team: blue}}}]\n') + np('a', 'db-allow',
    '  podSelector: {matchLabels: {app: db}}\n  ingress: [{ports: [{port: 80}]}]\n') });
  const e = explain(s, { workload: workload(s, 'b/api') }, { workload: workload(s, 'a/db') }, { protocol: 'TCP', port: 80 });
  assert.equal(e.allowed, true);
  assert.deepEqual(e.ingress.chain!.map((l) => l.text), ['Admin tier: cnp/tenant priority 10 ingress[1] Pass (TCP 80)',
      'NetworkPolicy: a/db-allow allows (TCP 80)']);
  assert.deepEqual(e.egress.chain!.map((l) => l.text), ['NetworkPolicy: none selects the pod, next tier', 'default: allowed (TCP 80)']);
  const denied = explain(s, { workload: workload(s, 'b/api') }, { workload: workload(s, 'a/db') }, { protocol: 'TCP', port: 81 });
  assert.equal(denied.allowed, false);
  assert.deepEqual(denied.ingress.chain!.map((l) => l.action), ['Pass', 'Deny']);
  const sctp = explain(s, { workload: workload(s, 'b/api') }, { workload: workload(s, 'a/db') }, { protocol: 'SCTP', port: 9 });
  assert.deepEqual(sctp.ingress.chain!.map((l) => l.text), ['Admin tier: cnp/tenant priority 10 ingress[0] Deny (SCTP 9)']);
  assert.equal(chainText({ allowed: sctp.ingress.allowed, chain: sctp.ingress.chain! }, { protocol: 'SCTP', port: 9 }),
      'Admin tier: cnp/tenant priority 10 ingress[0] Deny (SCTP 9) → DENIED');
});

test('without cluster policies explain has no chain (the NetworkPolicy path is unchanged)', () => {
  const s = snapshotOf({ 'c.yaml': base + np('a', 'deny', '  podSelector: {}\n') });
  assert.equal(explain(s, { workload: workload(s, 'b/api') }, { workload: workload(s, 'a/db') }).ingress.chain, undefined);
});

test('lens reach through the tiers equals the pairwise verdicts, on every conformance table', async () => {
  const { readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { fixture, workspaceOfDir } = await import('../helpers/fixtures');
  const { reachableFrom, reaches } = await import('../../server/src/engine/index');
  const dir = fixture('conformance-cnp');
  const mismatches: string[] = [];
  for (const id of readdirSync(dir).filter((d) => d.startsWith('cnp-'))) {
    const s = workspaceOfDir(join(dir, id)).snapshot();
    for (const w of s.workloads) {
      const names = (ws: readonly { name: string }[]) => ws.map((x) => x.name).sort().join(',');
      const from = s.workloads.filter((o) => o !== w && !allowedPorts(s, { workload: o }, { workload: w }).isEmpty());
      const to = s.workloads.filter((o) => o !== w && !allowedPorts(s, { workload: w }, { workload: o }).isEmpty());
      if (names(reachableFrom(s, w).workloads) !== names(from) || names(reaches(s, w).workloads) !== names(to)) mismatches.push(`${id} ${w.name}`);
    }
  }
  assert.deepEqual(mismatches, []);
});

test('lens reach tells apart workloads alike but for their namespace or named ports', async () => {
  const { reachableFrom, reaches } = await import('../../server/src/engine/index');
  const dep = (n: string, name: string, port: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${n}}\n`
    + `spec: {template: {metadata: {labels: {app: x}}, spec: {containers: [{name: c, ports: [{name: ${port}, containerPort: 80}]}]}}}\n---\n`;
  const pods = dep('a', 'one', 'web') + dep('a', 'two', 'other') + dep('a', 'five', 'web') + dep('b', 'three', 'web') + dep('b', 'four', 'web');
  const yaml = ns('a', 'team: red') + ns('b', 'team: blue') + pods
    + cnp('c', 'Admin', 1, '  subject: {namespaces: {matchLabels: {team: blue}}}\n  ingress:\n    - action: Deny\n'
      + '      from: [{namespaces: {matchLabels: {team: red}}}]\n')
    + cnp('d', 'Admin', 2, '  subject: {namespaces: {matchLabels: {team: red}}}\n  egress:\n    - action: Accept\n      to: [{namespaces: {}}]\n'
      + '      protocols: [{destinationNamedPort: web}]\n    - action: Deny\n      to: [{namespaces: {}}]\n');
  const s = snapshotOf({ 'c.yaml': yaml });
  const names = (ws: readonly { name: string }[]) => ws.map((x) => x.name).sort();
  assert.deepEqual(names(reachableFrom(s, workload(s, 'b/four')).workloads), ['three']);
  // a/one sends only to named port web (then Deny): a/five has it, a/two (alike but for its port name) does not; b denies red.
  assert.deepEqual(names(reaches(s, workload(s, 'a/one')).workloads), ['five']);
  assert.deepEqual(names(reaches(s, workload(s, 'b/four')).workloads), ['five', 'one', 'three', 'two']);
});
