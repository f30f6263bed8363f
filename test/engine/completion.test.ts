// Completion contexts, data-driven: YAML with a caret `|`, labels offered (and not offered).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeAt, Workspace } from '../../server/src/engine/index';

const world = [
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: checkout}}',
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: web, labels: {team: storefront}}',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: api, namespace: shop, labels: {app: api, tier: backend}}\n' +
    'spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9100}]}]}',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: shop, labels: {app: db, tier: data}}\n' +
    'spec: {containers: [{name: c, ports: [{name: postgres, containerPort: 5432}]}]}',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: front, namespace: web, labels: {app: front, tier: web}}',
].join('\n---\n');

const head = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n';

function labels(input: string): string[] {
  const ws = new Workspace();
  ws.setFile('w.yaml', world);
  const text = input.replace('|', '');
  ws.setFile('p.yaml', text, { keepObjects: true });
  return completeAt(ws.snapshot(), 'p.yaml', text, input.indexOf('|'), 'default').map((i) =>
    `${i.label}${i.detail && /match|on \d/.test(i.detail) ? ` (${i.detail})` : ''}`);
}

test('keys valid at spec, minus those already written', () => {
  assert.deepEqual(labels(`${head}  podSelector: {}\n  |`), ['policyTypes', 'ingress', 'egress']);
});

test('keys inside a half-typed rule and port item', () => {
  assert.deepEqual(labels(`${head}  podSelector: {}\n  ingress:\n    - |`), ['from', 'ports']);
  assert.deepEqual(labels(`${head}  podSelector: {}\n  ingress:\n    - ports:\n        - port: 80\n          pro|`), ['protocol', 'endPort']);
  assert.deepEqual(labels(`${head}  podSelector: {}\n  egress:\n    - to:\n        - |`), ['podSelector', 'namespaceSelector', 'ipBlock']);
});

test('enum values: policyTypes items, protocol, operator', () => {
  assert.deepEqual(labels(`${head}  podSelector: {}\n  policyTypes:\n    - |`), ['Ingress', 'Egress']);
  assert.deepEqual(labels(`${head}  podSelector: {}\n  ingress:\n    - ports:\n        - protocol: |`), ['TCP', 'UDP', 'SCTP']);
  assert.deepEqual(labels(`${head}  podSelector:\n    matchExpressions:\n      - key: app\n        operator: |`), ['In', 'NotIn', 'Exists', 'DoesNotExist']);
});

test('spec.podSelector: label keys and values of workloads in the policy namespace, with counts', () => {
  assert.deepEqual(labels(`${head}  podSelector:\n    matchLabels:\n      |`), ['app (on 2 workloads in shop)', 'tier (on 2 workloads in shop)']);
  assert.deepEqual(labels(`${head}  podSelector:\n    matchLabels:\n      tier: |`), ['backend (matches 1 workload)', 'data (matches 1 workload)']);
  assert.deepEqual(labels(`${head}  podSelector:\n    matchExpressions:\n      - key: |`), ['app (on 2 workloads in shop)', 'tier (on 2 workloads in shop)']);
});

test('peer podSelector: labels of the namespaces the peer reaches', () => {
  const input = `${head}  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              team: storefront\n` +
    `          podSelector:\n            matchLabels:\n              app: |`;
  assert.deepEqual(labels(input), ['front (matches 1 workload)']);
});

test('namespaceSelector: namespace labels including kubernetes.io/metadata.name', () => {
  const input = `${head}  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              |`;
  const got = labels(input);
  assert.ok(got.includes('kubernetes.io/metadata.name (on 2 namespaces)'), got.join('\n'));
  assert.ok(got.includes('team (on 2 namespaces)'));
  const values = labels(`${head}  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n` +
    `              kubernetes.io/metadata.name: |`);
  assert.deepEqual(values, ['shop (matches 1 namespace)', 'web (matches 1 namespace)']);
});

test('named ports from the destination workloads', () => {
  const ingress = `${head}  podSelector:\n    matchLabels:\n      app: api\n  ingress:\n    - ports:\n        - port: |`;
  assert.deepEqual(labels(ingress), ['http (TCP 8080 on 1 workload)', 'metrics (TCP 9100 on 1 workload)']);
  const egress = `${head}  podSelector: {}\n  egress:\n    - to:\n        - podSelector:\n            matchLabels:\n              app: db\n      ports:\n` +
    `        - port: |`;
  assert.deepEqual(labels(egress), ['postgres (TCP 5432 on 1 workload)']);
});

test('snippets on an empty document and after ---', () => {
  const empty = labels('|');
  assert.equal(empty.length, 7);
  assert.ok(empty.includes('allow DNS egress'));
  assert.deepEqual(labels(`${head}  podSelector: {}\n---\n|`), empty);
  // A deny-all only isolates: policies are additive, so other policies may still let traffic through.
  assert.deepEqual(completeAt(new Workspace().snapshot(), 'p.yaml', '', 0, 'default').map((i) => `${i.label}: ${i.detail}`), [
    'deny all ingress: NetworkPolicy: isolates every pod of the namespace: only what some policy allows gets in',
    'deny all egress: NetworkPolicy: isolates every pod of the namespace: only what some policy allows goes out (add DNS!)',
    'deny all: NetworkPolicy: isolates every pod of the namespace both ways: only what some policy allows passes',
    'allow DNS egress: NetworkPolicy: UDP and TCP 53 to kube-dns',
    'allow from a namespace: NetworkPolicy: every pod of another namespace may connect',
    'allow from pods: NetworkPolicy: pods with a label in this namespace may connect on a port',
    'allow from pods in another namespace: NetworkPolicy: pods with a label in another namespace may connect (namespaceSelector AND podSelector in one peer)',
  ]);
  assert.deepEqual(completeAt(new Workspace().snapshot(), 'p.json', '', 0, 'default'), [], 'YAML snippets would break a JSON file');
});

test('nothing in non-NetworkPolicy documents or non-Kubernetes YAML', () => {
  assert.deepEqual(labels('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  |'), []);
  assert.deepEqual(labels('name: build\non: [push]\njobs:\n  |'), []);
});

/** The text after accepting the item labelled `label` at the `|` of `input` (its replace span and insert text). */
function accept(input: string, label: string, file = 'p.yaml'): string {
  const ws = new Workspace();
  ws.setFile('w.yaml', world);
  const text = input.replace('|', '');
  ws.setFile(file, text, { keepObjects: true });
  const items = completeAt(ws.snapshot(), file, text, input.indexOf('|'), 'default');
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no ${label} among ${items.map((i) => i.label).join(', ')}`);
  return text.slice(0, item.replace.start) + item.insertText + text.slice(item.replace.end);
}

test('flow maps: label keys and values with counts, partial words, keys already written', () => {
  assert.deepEqual(labels(`${head}  podSelector: {matchLabels: {|}}\n`), ['app (on 2 workloads in shop)', 'tier (on 2 workloads in shop)']);
  assert.deepEqual(labels(`${head}  podSelector: {matchLabels: {tier: |}}\n`), ['backend (matches 1 workload)', 'data (matches 1 workload)']);
  assert.deepEqual(labels(`${head}  podSelector: {matchLabels: {a|}}\n`), ['app (on 2 workloads in shop)', 'tier (on 2 workloads in shop)']);
  assert.deepEqual(labels(`${head}  podSelector: {matchLabels: {|, app: db}}\n`), ['tier (on 2 workloads in shop)'],
    'a key after the cursor is written already');
  assert.equal(accept(`${head}  podSelector: {matchLabels: {a|}}\n`, 'app'), `${head}  podSelector: {matchLabels: {app: }}\n`);
  assert.equal(accept(`${head}  podSelector: {matchLabels: {app: d|}}\n`, 'db'), `${head}  podSelector: {matchLabels: {app: db}}\n`);
  assert.deepEqual(labels(`${head}  podSelector: {}\n  ingress:\n` +
    `    - from: [{namespaceSelector: {matchLabels: {team: storefront}}, podSelector: {matchLabels: {app: |}}}]\n`), ['front (matches 1 workload)'],
    'a flow peer reaches the namespaces of its namespaceSelector');
});

test('flow maps: schema keys written inline, minus those present; enums in flow lists', () => {
  assert.deepEqual(labels(`${head}  podSelector: {|}\n`), ['matchLabels', 'matchExpressions']);
  assert.deepEqual(labels(`${head}  podSelector: {matchLabels: {app: db}, |}\n`), ['matchExpressions']);
  assert.equal(accept(`${head}  podSelector: {m|}\n`, 'matchLabels'), `${head}  podSelector: {matchLabels: }\n`);
  assert.deepEqual(labels(`${head}  podSelector: {}\n  policyTypes: [|]\n`), ['Ingress', 'Egress']);
  assert.equal(accept(`${head}  podSelector: {}\n  policyTypes: [Ingress, E|]\n`, 'Egress'), `${head}  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`);
  assert.deepEqual(labels(`${head}  podSelector: {}\n  ingress: [{ports: [{protocol: |}]}]\n`), ['TCP', 'UDP', 'SCTP']);
  assert.deepEqual(labels(`${head}  podSelector: {}\n  ingress: [{|}]\n`), ['from', 'ports']);
  assert.deepEqual(labels(`${head}  podSelector:\n    matchLabels: {app: api}\n  ingress: [{ports: [{port: |}]}]\n`),
    ['http (TCP 8080 on 1 workload)', 'metrics (TCP 9100 on 1 workload)']);
  assert.deepEqual(labels(`${head}  podSelector: {}\n  egress:\n    - to: [|]\n`), [], 'a list item of maps starts with {');
  assert.deepEqual(labels(`${head}  podSelector: {matchLabels: {app: db}}  # {|\n`), [], 'nothing in a comment');
});

test('flow collections over several lines, and JSON documents with quoted keys and values', () => {
  assert.deepEqual(labels(`${head}  podSelector: {\n    matchLabels: {\n      app: db,\n      |\n    }\n  }\n`), ['tier (on 2 workloads in shop)']);
  const json = (inner: string) => `{\n  "apiVersion": "networking.k8s.io/v1",\n  "kind": "NetworkPolicy",\n` +
    `  "metadata": {"name": "p", "namespace": "shop"},\n  "spec": {\n    ${inner}\n  }\n}\n`;
  assert.deepEqual(labels(json('"podSelector": {"matchLabels": {|}}')), ['app (on 2 workloads in shop)', 'tier (on 2 workloads in shop)']);
  assert.equal(accept(json('"podSelector": {"matchLabels": {|}}'), 'app', 'p.json'), json('"podSelector": {"matchLabels": {"app": }}'));
  assert.equal(accept(json('"podSelector": {"matchLabels": {"a|"}}'), 'app', 'p.json'), json('"podSelector": {"matchLabels": {"app": }}'),
    'the auto-closed quote is replaced too');
  assert.equal(accept(json('"podSelector": {"matchLabels": {"app": "|"}}'), 'db', 'p.json'), json('"podSelector": {"matchLabels": {"app": "db"}}'));
  assert.equal(accept(json('"podSelector": {}, "policyTypes": [|]'), 'Egress', 'p.json'), json('"podSelector": {}, "policyTypes": ["Egress"]'));
  assert.deepEqual(labels(json('"podSelector": {}, |')), ['policyTypes', 'ingress', 'egress']);
  assert.equal(accept(json('"podSelector": {}, |'), 'ingress', 'p.json'), json('"podSelector": {}, "ingress": '));
});

test('a new file: root keys for a policy being written, apiVersion and kind written whole', () => {
  assert.deepEqual(labels('ap|'), ['apiVersion', 'kind', 'metadata', 'spec']);
  assert.deepEqual(labels('apiVersion: networking.k8s.io/v1\n|'), ['kind', 'metadata', 'spec']);
  assert.equal(accept('ap|', 'apiVersion'), 'apiVersion: networking.k8s.io/v1');
  assert.equal(accept('apiVersion: networking.k8s.io/v1\nk|', 'kind'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy');
  assert.equal(accept('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nme|', 'metadata'),
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  ');
  assert.deepEqual(labels('apiVersion: |'), ['networking.k8s.io/v1']);
  assert.deepEqual(labels('apiVersion: networking.k8s.io/v1\nkind: |'), ['NetworkPolicy']);
  assert.deepEqual(labels('apiVersion: networking.k8s.io/v1\nkind: Net|'), ['NetworkPolicy'], 'the kind being typed is not another kind yet');
  assert.deepEqual(labels('name: build\nap|'), [], 'not in YAML that is not Kubernetes');
  assert.deepEqual(labels('apiVersion: v1\nkind: ConfigMap\nap|'), []);
});

test('metadata.namespace: the workspace\'s namespaces, the busiest first', () => {
  const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  namespace: ';
  const got = completeAt(worldSnapshot(), 'p.yaml', text, text.length, 'default');
  assert.deepEqual(got.map((i) => `${i.label}: ${i.detail}`),
    ['shop: namespace with 2 workloads in the workspace', 'web: namespace with 1 workload in the workspace']);
});

test('a block key accepted after `- ` indents its value from the key, not from the dash', () => {
  const peer = `${head}  podSelector: {}\n  ingress:\n    - from:\n        - |`;
  assert.equal(accept(peer, 'podSelector'), `${head}  podSelector: {}\n  ingress:\n    - from:\n        - podSelector:\n            `);
  assert.equal(accept(`${head}  podSelector: {}\n  ingress:\n    - |`, 'from'), `${head}  podSelector: {}\n  ingress:\n    - from:\n        - `);
  // Then the next completion, at that cursor, offers the selector's keys.
  assert.deepEqual(labels(`${head}  podSelector: {}\n  ingress:\n    - from:\n        - podSelector:\n            |`), ['matchLabels', 'matchExpressions']);
  // A file that does not indent sequences (kubectl's style) gets its own style.
  const flat = `${head}  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n  - |`;
  assert.equal(accept(flat, 'from'), `${head}  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n  - from:\n    - `);
});

function worldSnapshot() {
  const ws = new Workspace();
  ws.setFile('w.yaml', world);
  return ws.snapshot();
}

test('snippets: labels a word typed picks by (no common prefix), filled with the workspace\'s namespaces and labels', () => {
  const ws = new Workspace();
  ws.setFile('w.yaml', world);
  const items = completeAt(ws.snapshot(), 'p.yaml', '', 0, 'default');
  assert.deepEqual(items.filter((i) => i.label.includes('pods')).map((i) => i.label), ['allow from pods', 'allow from pods in another namespace']);
  const text = (label: string) => items.find((i) => i.label === label)!.insertText;
  assert.equal(text('allow from pods'), [
    'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: ${1:allow-from-pods}', '  namespace: ${2|shop,web|}', 'spec:',
    '  podSelector:', '    matchLabels:', '      app: ${3|api,db|}', '  policyTypes:', '    - Ingress', '  ingress:', '    - from:', '        - podSelector:',
    '            matchLabels:', '              app: ${4|db,api|}', '      ports:', '        - protocol: TCP', '          port: ${5:5432}', '$0',
  ].join('\n'));
  assert.equal(text('allow from pods in another namespace'), [
    'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: ${1:allow-from-other-namespace}', '  namespace: ${2|shop,web|}', 'spec:',
    '  podSelector:', '    matchLabels:', '      app: ${3|api,db|}', '  policyTypes:', '    - Ingress', '  ingress:', '    - from:',
    '        - namespaceSelector:',
    '            matchLabels:', '              kubernetes.io/metadata.name: ${4:web}', '          podSelector:', '            matchLabels:',
    '              app: ${5:front}', '$0',
  ].join('\n'));
});
