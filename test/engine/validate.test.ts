// API-server validation and schema checks, data-driven: YAML in, [id, text under the span] out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, VALIDATION_CHECKS, type Finding } from '../../server/src/engine/index';

const head = (spec: string, extra = '') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: ns${extra}\n` +
  `spec:\n${spec}`;
const ingressPorts = (ports: string) => head(`  podSelector: {}\n  ingress:\n    - ports:\n${ports}`);
const peers = (from: string) => head(`  podSelector: {}\n  ingress:\n    - from:\n${from}`);

const cases: { name: string; yaml: string; expect: [string, string][] }[] = [
  { name: 'a valid full policy has no findings', expect: [],
    yaml: head(`  podSelector:\n    matchLabels: {app: db}\n    matchExpressions:\n      - {key: tier, operator: In, values: [data]}\n` +
    `      - {key: legacy, operator: DoesNotExist}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n` +
    `        - namespaceSelector: {matchLabels: {team: x}}\n          podSelector: {matchLabels: {app: api}}\n` +
    `        - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}\n      ports:\n        - {protocol: TCP, port: 5432}\n` +
    `        - {port: 8000, endPort: 8080}\n        - {protocol: UDP, port: dns}\n  egress:\n    - {}\n`) },
  { name: 'unknown field with a suggestion', expect: [['unknown-field', 'podSelecter'], ['missing-field', 'spec']], yaml: head('  podSelecter: {}\n') },
  { name: 'metadata keeps open fields', expect: [], yaml: head('  podSelector: {}\n', '\n  uid: abc\n  resourceVersion: "1"') },
  { name: 'number label value must be quoted', expect: [['wrong-type', '1']], yaml: head('  podSelector:\n    matchLabels:\n      version: 1\n') },
  { name: 'ingress as a map is the wrong type', expect: [['wrong-type', 'from: []']], yaml: head('  podSelector: {}\n  ingress:\n    from: []\n') },
  { name: 'protocol case', expect: [['invalid-enum', 'tcp']], yaml: ingressPorts('        - protocol: tcp\n          port: 80\n') },
  { name: 'bad operator', expect: [['invalid-enum', 'Has']], yaml: head('  podSelector:\n    matchExpressions:\n      - {key: a, operator: Has}\n') },
  { name: 'bad policy type and duplicate', expect: [['invalid-enum', 'ingress'], ['duplicate-policy-type', 'Egress']],
    yaml: head('  podSelector: {}\n  policyTypes: [ingress, Egress, Egress]\n') },
  { name: 'missing podSelector', expect: [['missing-field', 'spec']], yaml: head('  policyTypes: [Ingress]\n') },
  { name: 'missing name', expect: [['missing-field', 'metadata']],
    yaml: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  namespace: x\nspec:\n  podSelector: {}\n' },
  { name: 'deprecated api version', expect: [['deprecated-api-version', 'extensions/v1beta1']],
    yaml: head('  podSelector: {}\n').replace('networking.k8s.io/v1', 'extensions/v1beta1') },
  { name: 'port out of range', expect: [['port-out-of-range', '70000']], yaml: ingressPorts('        - port: 70000\n') },
  { name: 'endPort below port', expect: [['end-port-before-port', '8000']], yaml: ingressPorts('        - port: 9000\n          endPort: 8000\n') },
  { name: 'endPort without port', expect: [['end-port-without-port', 'endPort: 8080']], yaml: ingressPorts('        - endPort: 8080\n') },
  { name: 'endPort with named port', expect: [['end-port-with-named-port', 'endPort: 8080']],
    yaml: ingressPorts('        - port: http\n          endPort: 8080\n') },
  { name: 'quoted number is a bad port name', expect: [['invalid-port-name', '"80"']], yaml: ingressPorts('        - port: "80"\n') },
  { name: 'port name too long / double dash', expect: [['invalid-port-name', 'a-very-long-port-name'], ['invalid-port-name', 'a--b']],
    yaml: ingressPorts('        - port: a-very-long-port-name\n        - port: a--b\n') },
  { name: 'valid port names', expect: [], yaml: ingressPorts('        - port: http\n        - port: serve-80-tcp\n        - port: h2c\n') },
  { name: 'invalid cidr', expect: [['invalid-cidr', '10.0.0.0/33'], ['invalid-cidr', 'nope']],
    yaml: peers('        - ipBlock:\n            cidr: 10.0.0.0/33\n        - ipBlock:\n            cidr: 10.0.0.0/8\n            except: [nope]\n') },
  { name: 'except outside cidr, and equal to cidr', expect: [['except-outside-cidr', '10.1.0.0/24'], ['except-outside-cidr', '10.0.0.0/16']],
    yaml: peers('        - ipBlock:\n            cidr: 10.0.0.0/16\n            except:\n              - 10.1.0.0/24\n              - 10.0.0.0/16\n' +
    '              - 10.0.1.0/24\n') },
  { name: 'except of the other family', expect: [['except-outside-cidr', '2001:db8::/64']],
    yaml: peers('        - ipBlock: {cidr: 10.0.0.0/8, except: [2001:db8::/64]}\n') },
  { name: 'label key and value syntax', expect: [['invalid-label-key', '-app'], ['invalid-label-value', 'web_'], ['invalid-label-key', 'Example.com/app']],
    yaml: head('  podSelector:\n    matchLabels:\n      -app: x\n      app: web_\n      Example.com/app: y\n') },
  { name: 'valid prefixed keys and empty values', expect: [],
    yaml: head('  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: web\n      kubernetes.io/metadata.name: x\n      empty: ""\n') },
  { name: 'In without values, Exists with values', expect: [['selector-values-required', '{key: a, operator: In}'],
    ['selector-values-forbidden', 'values: [x]']], yaml: head('  podSelector:\n    matchExpressions:\n      - {key: a, operator: In}\n' +
    '      - {key: b, operator: Exists, values: [x]}\n') },
  { name: 'empty peer', expect: [['peer-empty', '{}']], yaml: peers('        - {}\n') },
  { name: 'an alias without an anchor is a syntax error and the document is skipped', expect: [['yaml-syntax', '*nosuch']],
    yaml: head('  podSelector: {}\n  ingress:\n    - from: *nosuch\n') },
  { name: 'an alias to an earlier anchor is fine', expect: [], yaml: head('  podSelector: &all {}\n  ingress:\n    - from: [{podSelector: *all}]\n') },
  { name: 'a null peer (`- ~`) is an empty peer', expect: [['peer-empty', '~']], yaml: peers('        - ~\n') },
  { name: 'items of a typed NetworkPolicyList take kind and apiVersion from the list', expect: [],
    yaml: '{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicyList", "items": [{"metadata": {"name": "deny", "namespace": "a"}, "spec": ' +
    '{"podSelector": {}, "policyTypes": ["Ingress"]}}]}\n' },
  { name: 'ipBlock with selector', expect: [['ipblock-with-selector', 'ipBlock: {cidr: 10.0.0.0/8}']],
    yaml: peers('        - ipBlock: {cidr: 10.0.0.0/8}\n          podSelector: {}\n') },
  { name: 'invalid name', expect: [['invalid-name', 'Allow_Web']], yaml: head('  podSelector: {}\n').replace('name: p', 'name: Allow_Web') },
  { name: 'workload label syntax is checked too', expect: [['invalid-label-value', 'bad value']],
    yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: n}\nspec:\n  template:\n    metadata:\n      labels: {app: bad value}\n' },
  { name: 'other kinds get nothing else', expect: [], yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  podSelecter: x\n' },
];

function summarize(yaml: string, findings: Finding[]): [string, string][] {
  return findings.map((f) => [f.id, yaml.slice(f.span.start, f.span.end)]);
}

for (const c of cases) {
  test(`validate: ${c.name}`, () => {
    const facts = readFile('t.yaml', c.yaml);
    assert.deepEqual(summarize(c.yaml, facts.findings), c.expect);
  });
}

test('except-outside-cidr fix removes exactly that line', () => {
  const yaml = peers('        - ipBlock:\n            cidr: 10.0.0.0/16   # office\n            except:\n              - 10.1.0.0/24  # wrong\n' +
    '              - 10.0.1.0/24\n');
  const f = readFile('t.yaml', yaml).findings.find((x) => x.id === 'except-outside-cidr')!;
  const edit = f.fixes![0]!.edits[0]!;
  const fixed = yaml.slice(0, edit.span.start) + edit.newText + yaml.slice(edit.span.end);
  assert.equal(fixed, yaml.replace('              - 10.1.0.0/24  # wrong\n', ''));
  assert.deepEqual(readFile('t.yaml', fixed).findings, []);
});

test('deprecated-api-version fix replaces only the value', () => {
  const yaml = head('  podSelector: {}\n').replace('networking.k8s.io/v1', 'extensions/v1beta1  # old');
  const f = readFile('t.yaml', yaml).findings.find((x) => x.id === 'deprecated-api-version')!;
  const e = f.fixes![0]!.edits[0]!;
  assert.equal(yaml.slice(0, e.span.start) + e.newText + yaml.slice(e.span.end),
    head('  podSelector: {}\n').replace('networking.k8s.io/v1', 'networking.k8s.io/v1  # old'));
});

test('every validation check id is exercised by a case or documented as parse-level', () => {
  const used = new Set(cases.flatMap((c) => c.expect.map(([id]) => id)));
  // Render-level ids are exercised on real charts in test/render and test/lsp/render.test.ts.
  const parseLevel = new Set(['yaml-syntax', 'duplicate-key', 'alias-limit', 'file-too-large', 'binary-file', 'not-kubernetes-object', 'unreadable-object',
    'unrendered-template', 'render-failed', 'project-config']);
  for (const c of VALIDATION_CHECKS) assert.ok(used.has(c.id) || parseLevel.has(c.id), `no case for ${c.id}`);
});
