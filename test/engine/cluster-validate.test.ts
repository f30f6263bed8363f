// API-server validation of cluster policies (schema and CEL rules), the v1alpha1 deprecation and
// its rewrite, and the workspace checks on cluster policies: YAML in, [id, text under the span] out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_CHECKS, readFile, semanticFindings, type Finding } from '../../server/src/engine/index';
import { snapshotOf } from '../helpers/fixtures';

const cnp = (spec: string,
    name = 'p') => `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
const subject = '  subject:\n    namespaces: {}\n';
const admin = (rest: string) => cnp(`  tier: Admin\n  priority: 10\n${subject}${rest}`);
const egress = (rule: string) => admin(`  egress:\n    - action: Accept\n${rule}`);
const rules = (n: number) => Array.from({ length: n }, () => '    - {action: Deny, from: [{namespaces: {}}]}\n').join('');

const cases: { name: string; yaml: string; expect: [string, string][] }[] = [
  { name: 'a valid ClusterNetworkPolicy has no findings', expect: [],
      yaml: admin('  ingress:\n    - name: x\n      action: Pass\n      from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: a}}}}]\n'
    + '      protocols: [{tcp: {destinationPort: {number: 80}}}, {udp: {destinationPort: {range: {start: 50, end: 60}}}}, {destinationNamedPort: web}]\n'
    + '  egress:\n    - action: Accept\n      to: [{domainNames: ["*.example.com"]}, {networks: [10.0.0.0/8, "::/0"]}, {nodes: {matchLabels: {a: b}}}]\n') },
  { name: 'missing tier and priority', expect: [['missing-field', 'spec'], ['missing-field', 'spec']], yaml: cnp(subject) },
  { name: 'tier and action outside their enums', expect: [['invalid-enum', 'admin'], ['invalid-enum', 'Allow']],
      yaml: cnp(`  tier: admin\n  priority: 1\n${subject}  ingress:\n    - {action: Allow, from: [{namespaces: {}}]}\n`) },
  { name: 'priority out of range', expect: [['priority-out-of-range', '1001']], yaml: cnp(`  tier: Baseline\n  priority: 1001\n${subject}`) },
  { name: 'more than 25 rules', expect: [['too-many-items', rules(26).trimEnd().slice(4)]], yaml: admin(`  ingress:\n${rules(26)}`) },
  { name: 'subject with none and with both', expect: [['subject-exactly-one', '{}']], yaml: cnp('  tier: Admin\n  priority: 1\n  subject: {}\n') },
  { name: 'subject with both fields', expect: [['subject-exactly-one', '{namespaces: {}, pods: {podSelector: {}}}']],
      yaml: cnp('  tier: Admin\n  priority: 1\n  subject: {namespaces: {}, pods: {podSelector: {}}}\n') },
  { name: 'ingress peers are namespaces or pods only; pods needs a podSelector', expect: [['peer-exactly-one', '{networks: [10.0.0.0/8]}'], ['missing-field',
      '{namespaceSelector: {}}']],
    yaml: admin('  ingress:\n    - action: Deny\n      from: [{networks: [10.0.0.0/8]}, {pods: {namespaceSelector: {}}}]\n') },
  { name: 'empty from/to, protocols and networks lists', expect: [['empty-list', '[]'], ['empty-list', '[]'], ['empty-list', '[]']],
      yaml: egress('      to: []\n      protocols: []\n    - action: Deny\n      to: [{networks: []}]\n') },
  { name: 'a rule without action or peers', expect: [['missing-field', '{name: x}'], ['missing-field', '{name: x}']],
      yaml: admin('  ingress:\n    - {name: x}\n') },
  { name: 'protocols items: none, two, a protocol without destinationPort, a destinationPort with both', expect: [['protocol-exactly-one', '{}'],
      ['protocol-exactly-one', '{tcp: {destinationPort: {number: 1}}, udp: {destinationPort: {number: 1}}}'],
    ['protocol-exactly-one', '{}'], ['protocol-exactly-one', '{number: 1, range: {start: 1, end: 2}}']],
    yaml: egress('      to: [{namespaces: {}}]\n      protocols:\n        - {}\n'
      + '        - {tcp: {destinationPort: {number: 1}}, udp: {destinationPort: {number: 1}}}\n        - {sctp: {}}\n'
      + '        - {tcp: {destinationPort: {number: 1, range: {start: 1, end: 2}}}}\n') },
  { name: 'port out of range and a range in the wrong order', expect: [['port-out-of-range', '0'], ['port-range-order', '{start: 90, end: 80}']],
    yaml: egress('      to: [{namespaces: {}}]\n'
      + '      protocols: [{tcp: {destinationPort: {number: 0}}}, {udp: {destinationPort: {range: {start: 90, end: 80}}}}]\n') },
  { name: 'a named port with a networks peer, and an invalid port name', expect: [['named-port-with-networks', 'web'], ['invalid-port-name', 'Web_Port'],
      ['named-port-with-networks', 'Web_Port']],
    yaml: egress('      to: [{networks: [10.0.0.0/8]}]\n      protocols: [{destinationNamedPort: web}, {destinationNamedPort: Web_Port}]\n') },
  { name: 'domainNames outside an egress Accept rule, and an invalid domain name', expect: [['domain-names-accept-only', 'domainNames: [example.com]'],
      ['invalid-domain-name', 'www.*.com']],
    yaml: admin('  egress:\n    - action: Deny\n      to: [{domainNames: [example.com]}]\n    - action: Accept\n      to: [{domainNames: [www.*.com]}]\n') },
  { name: 'an invalid CIDR in networks', expect: [['invalid-cidr', '10.0.0.0/40']], yaml: egress('      to: [{networks: [10.0.0.0/40]}]\n') },
  { name: 'a BaselineAdminNetworkPolicy must be named default; Pass is not a Baseline action', expect: [['deprecated-admin-network-policy',
      'BaselineAdminNetworkPolicy'], ['baseline-name-default', 'base'], ['invalid-enum', 'Pass']],
    yaml: 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata:\n  name: base\nspec:\n  subject: {namespaces: {}}\n'
      + '  ingress:\n    - {action: Pass, from: [{namespaces: {}}]}\n' },
  { name: 'v1alpha1 AdminNetworkPolicy: ports items and their rules', expect: [['deprecated-admin-network-policy', 'AdminNetworkPolicy'], ['invalid-enum',
      'tcp'], ['port-range-order', '{protocol: UDP, start: 9, end: 9}']],
    yaml: 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n'
      + '  ingress:\n    - action: Allow\n      from: [{namespaces: {}}]\n'
    + '      ports: [{portNumber: {protocol: tcp, port: 80}}, {portRange: {protocol: UDP, start: 9, end: 9}}]\n  egress:\n'
    + '    - {action: Allow, to: [{domainNames: [example.com]}]}\n' },
];

function summarize(yaml: string, findings: Finding[]): [string, string][] {
  return findings.map((f) => [f.id, yaml.slice(f.span.start, f.span.end)]);
}

for (const c of cases) {
  test(`validate cluster policy: ${c.name}`, () => {
    assert.deepEqual(summarize(c.yaml, readFile('t.yaml', c.yaml).findings), c.expect);
  });
}

const anp = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: tenant
spec:
  priority: 10
  subject:
    namespaces: {matchLabels: {team: red}}
  ingress:
    - action: Allow
      from: [{namespaces: {}}]
      ports:
        - portNumber:
            protocol: TCP
            port: 80
        - portRange: {protocol: UDP, start: 50, end: 60}
        - namedPort: web
    - action: Pass
      from: [{namespaces: {}}]
`;

function applyFix(yaml: string, f: Finding): string {
  let out = yaml;
  for (const e of [...f.fixes![0]!.edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

test('deprecated-admin-network-policy fix rewrites an ANP as a ClusterNetworkPolicy with the same meaning and no findings', () => {
  const f = readFile('t.yaml', anp).findings.find((x) => x.id === 'deprecated-admin-network-policy')!;
  const fixed = applyFix(anp, f);
  assert.equal(fixed, anp.replace('v1alpha1', 'v1alpha2').replace('kind: AdminNetworkPolicy', 'kind: ClusterNetworkPolicy').replace('  priority: 10',
      '  tier: Admin\n  priority: 10')
    .replace('action: Allow', 'action: Accept').replace('      ports:',
    '      protocols:').replace('portNumber:\n            protocol: TCP\n            port: 80', '{tcp: {destinationPort: {number: 80}}}')
    .replace('portRange: {protocol: UDP, start: 50, end: 60}', '{udp: {destinationPort: {range: {start: 50, end: 60}}}}').replace('namedPort: web',
    '{destinationNamedPort: web}'));
  assert.deepEqual(readFile('t.yaml', fixed).findings, []);
  const [before] = readFile('t.yaml', anp).clusterPolicies, [after] = readFile('t.yaml', fixed).clusterPolicies;
  const meaning = (p: typeof before) => JSON.stringify([p!.tier, p!.priority, p!.ingress.map((r) => [r.action,
      r.ports?.map((x) => (x.kind === 'named' ? x.name : [x.protocol, x.first, x.last]))])]);
  assert.equal(meaning(after), meaning(before));
});

test('deprecated-admin-network-policy fix gives the BANP tier Baseline and a priority', () => {
  const banp = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\n'
    + 'spec: {subject: {namespaces: {}}, egress: [{action: Allow, to: [{networks: [10.0.0.0/8]}]}]}\n';
  const fixed = applyFix(banp, readFile('t.yaml', banp).findings[0]!);
  assert.equal(fixed,
      'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: default}\n'
        + 'spec: {tier: Baseline, priority: 1000, subject: {namespaces: {}}, egress: [{action: Accept, to: [{networks: [10.0.0.0/8]}]}]}\n');
  assert.deepEqual(readFile('t.yaml', fixed).findings, []);
});

test('cluster-policy-same-priority warns on both policies of one tier; other tiers and priorities are quiet', () => {
  const two = admin('').replace('name: p', 'name: a') + '---\n' + admin('').replace('name: p', 'name: b') + '---\n'
      + cnp(`  tier: Baseline\n  priority: 10\n${subject}`, 'c');
  const s = snapshotOf({ 'c.yaml': two });
  assert.deepEqual(semanticFindings(s, 'c.yaml').map((f) => [f.id, two.slice(f.span.start, f.span.end), f.related!.map((r) => r.message)]),
    [['cluster-policy-same-priority', 'priority: 10', ['cnp/b, priority 10']], ['cluster-policy-same-priority', 'priority: 10', ['cnp/a, priority 10']]]);
});

test('duplicate-policy-name: two ClusterNetworkPolicies with one name (cluster-scoped: one replaces the other)', () => {
  const a = admin('').replace('priority: 10', 'priority: 1');
  const yaml = a + '---\n' + a.replace('priority: 1', 'priority: 2') + '---\n' + a.replace('name: p', 'name: q').replace('priority: 1', 'priority: 3');
  assert.deepEqual(semanticFindings(snapshotOf({ 'c.yaml': yaml }), 'c.yaml').map((f) => [f.id, yaml.slice(f.span.start, f.span.end)]),
    [['duplicate-policy-name', 'p'], ['duplicate-policy-name', 'p']]);
});

test('peer-undecidable-offline on domainNames, and on nodes only when the workspace has no Node', () => {
  const yaml = egress('      to: [{domainNames: [example.com]}, {nodes: {}}]\n');
  assert.deepEqual(semanticFindings(snapshotOf({ 'c.yaml': yaml }), 'c.yaml').map((f) => [f.id, yaml.slice(f.span.start, f.span.end)]),
    [['peer-undecidable-offline', '{domainNames: [example.com]}'], ['peer-undecidable-offline', '{nodes: {}}']]);
  const node = 'apiVersion: v1\nkind: Node\nmetadata: {name: n}\nstatus: {addresses: [{type: InternalIP, address: 10.1.1.1}]}\n';
  assert.deepEqual(semanticFindings(snapshotOf({ 'c.yaml': yaml, 'n.yaml': node }), 'c.yaml').map((f) => f.id), ['peer-undecidable-offline']);
});

test('every cluster policy check id is exercised here', () => {
  const used = new Set(cases.flatMap((c) => c.expect.map(([id]) => id)));
  for (const id of ['deprecated-admin-network-policy', 'cluster-policy-same-priority', 'peer-undecidable-offline']) used.add(id);
  const ids = ALL_CHECKS.map((c) => c.id);
  const cluster = ids.slice(ids.indexOf('priority-out-of-range'), ids.indexOf('deprecated-admin-network-policy') + 1);
  assert.equal(cluster.length, 12);
  assert.deepEqual(cluster.filter((id) => !used.has(id)), []);
});
