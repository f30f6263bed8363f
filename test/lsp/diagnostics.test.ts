// Every check id arrives through the real server as a diagnostic with `code` = id, and the
// workspace-wide behaviour: edits in one file update another's diagnostics; severity overrides.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ALL_CHECKS } from '../../server/src/engine/index';
import { fixture } from '../helpers/fixtures';
import { LspClient, uriOf } from '../helpers/lsp-client';

const dir = fixture('diagnostics');
const P = (body: string, meta = 'name: p\n  namespace: n', api = 'networking.k8s.io/v1') =>
  `apiVersion: ${api}\nkind: NetworkPolicy\nmetadata:\n  ${meta}\nspec:\n${body}`;
const deny = '  podSelector: {matchLabels: {app: db}}\n';

/** One document per group of checks; each must produce the ids listed. */
const documents: Record<string, { text: string; ids: string[] }> = {
  syntax: { text: P('  podSelector: {matchLabels: {app: db}\n'), ids: ['yaml-syntax'] },
  dupkey: { text: P('  podSelector: {}\n  podSelector: {}\n'), ids: ['duplicate-key'] },
  notk8s: { text: `${P(deny)}---\nfoo: bar\n`, ids: ['not-kubernetes-object'] },
  aliases: { text: `apiVersion: v1\nkind: List\nx: &x {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\nitems: [${Array(1001).fill('*x').join(', ')}]\n`,
    ids: ['alias-limit'] },
  unreadable: { text: `apiVersion: v1\nkind: Pod\nmetadata: {name: u, namespace: n}\nspec:\n  c: &c {name: c}\n` +
    `  containers: [${Array(1001).fill('*c').join(', ')}]\n`, ids: ['unreadable-object'] },
  big: { text: `${P(deny)}# ${'x'.repeat(8 * 1024 * 1024)}\n`, ids: ['file-too-large'] },
  binary: { text: `${P(deny)}\0`, ids: ['binary-file'] },
  schema: { text: P(
    '  podSelecter: {}\n  policyTypes: [ingress]\n  ingress:\n    - ports:\n        - protocol: tcp\n'
    + '          port: 70000\n        - port: 9000\n          endPort: 8000\n        - endPort: 10\n'
    + '        - port: http\n          endPort: 90\n        - port: "80"\n      from:\n        - {}\n'
    + '        - ipBlock: {cidr: 10.0.0.0/33}\n        - ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}\n'
    + '          podSelector: {}\n        - podSelector:\n            matchLabels: {-bad: x, v: 1, app: web_}\n'
    + '            matchExpressions:\n              - {key: a, operator: In}\n'
    + '              - {key: b, operator: Exists, values: [x]}\n'
    + '              - {key: c, operator: Has, values: [x]}\n  egress: {}\n', 'name: Bad_Name\n  namespace: n', 'extensions/v1beta1')
    .replace('policyTypes: [ingress]', 'policyTypes: [ingress, Egress, Egress]'),
    ids: [
      'unknown-field', 'missing-field', 'invalid-enum', 'deprecated-api-version', 'port-out-of-range', 'end-port-before-port',
      'end-port-without-port', 'end-port-with-named-port', 'invalid-port-name', 'invalid-cidr', 'except-outside-cidr', 'duplicate-policy-type',
      'invalid-label-key', 'invalid-label-value', 'wrong-type', 'selector-values-required', 'selector-values-forbidden', 'peer-empty',
      'ipblock-with-selector', 'invalid-name',
    ] },
  cluster: {
    text: ['apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: c}\nspec:\n  tier: Admin\n  priority: 2000\n'
      + '  subject: {}\n  ingress:\n'
      + `${'    - {action: Deny, from: [{namespaces: {}}]}\n'.repeat(26)}    - {action: Deny, from: [{networks: [10.0.0.0/8]}]}\n  egress:\n`
      + `    - action: Deny\n      to: [{domainNames: [www.*.com]}]\n`
      + '    - {action: Accept, to: [], protocols: [{tcp: {}}]}\n    - action: Accept\n      to: [{networks: [10.0.0.0/8]}]\n'
      + '      protocols: [{destinationNamedPort: web}, {udp: {destinationPort: {range: {start: 9, end: 1}}}}]\n',
    'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: base}\n'
      + 'spec: {subject: {namespaces: {}}, egress: [{action: Allow, to: [{nodes: {}}]}]}\n',
    'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: d}\n'
      + 'spec: {tier: Baseline, priority: 5, subject: {namespaces: {}}}\n',
    'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: e}\n'
      + 'spec: {tier: Baseline, priority: 5, subject: {namespaces: {}}}\n'].join('---\n'),
    ids: ['priority-out-of-range', 'too-many-items', 'subject-exactly-one', 'peer-exactly-one', 'empty-list', 'protocol-exactly-one', 'port-range-order',
      'named-port-with-networks', 'domain-names-accept-only', 'invalid-domain-name', 'baseline-name-default', 'deprecated-admin-network-policy',
      'cluster-policy-same-priority', 'peer-undecidable-offline'] },
  template: { text: `{{- if .Values.on }}\n${P(deny)}{{- end }}\n`, ids: ['unrendered-template'] },
  '.netpol-lens': { text: 'render:\n  - helm: charts/a\n    kustomize: b\n', ids: ['project-config'] },
  'blocked-chart/Chart': { text: readFileSync(join(dir, 'blocked-chart', 'Chart.yaml'), 'utf8'), ids: ['render-failed'] },
  semantic: {
    text: [
      P('  podSelector: {matchLabels: {app: nothing}}\n'),
      P('  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: gone}}\n' +
        '        - namespaceSelector: {matchLabels: {team: nobody}}\n    - from:\n        - namespaceSelector: {matchLabels: {team: red}}\n' +
        '        - podSelector: {matchLabels: {app: web}}\n', 'name: trap\n  namespace: n'),
      P('  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n    - to: [{ipBlock: {cidr: 10.0.0.0/8}}]\n' +
        '      ports: [{port: http}]\n', 'name: nodns\n  namespace: n'),
      P('  podSelector: {matchLabels: {app: agent}}\n  policyTypes: [Egress]\n  egress:\n    - ports: [{protocol: UDP, port: 53}]\n',
        'name: udp-only\n  namespace: n'),
      P('  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Egress]\n  ingress:\n    - ports: [{port: htp}]\n  egress:\n' +
        '    - ports: [{protocol: UDP, port: 53}, {port: 53}]\n', 'name: ignored\n  namespace: n'),
      P('  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]\n  egress:\n    - to: [{podSelector: {matchLabels: {app: web}}}]\n' +
        '      ports: [{port: http}]\n  ingress:\n    - {}\n    - ports: [{port: 80}]\n    - from: [{podSelector: {matchLabels: {app: web}}}]\n' +
        '      ports: [{port: http}]\n', 'name: ignored2\n  namespace: n'),
      P(deny, 'name: dup\n  namespace: n'),
      P(deny, 'name: dup\n  namespace: n'),
      P('  podSelector: {}\n', 'name: nons'),
    ].join('---\n'),
    ids: ['policy-selects-nothing', 'peer-matches-nothing', 'namespace-selector-matches-nothing', 'and-or-trap', 'egress-without-dns', 'named-port-to-ipblock',
      'dns-one-protocol', 'host-network-selected', 'ingress-rules-ignored', 'egress-rules-ignored', 'named-port-unresolved', 'named-port-ambiguous',
      'allows-everything', 'redundant-rule', 'duplicate-policy-name', 'policy-without-namespace'] },
};

let c: LspClient;
const got = new Map<string, Diagnostic[]>();

before(async () => {
  c = await LspClient.start(dir);
  for (const [name, d] of Object.entries(documents)) got.set(name, await c.open(uriOf(join(dir, `${name}.yaml`)), d.text));
});
after(async () => c.stop());

for (const [name, d] of Object.entries(documents)) {
  test(`diagnostics of ${name}: ${d.ids.join(', ')}`, () => {
    const codes = new Set(got.get(name)!.map((x) => String(x.code)));
    assert.deepEqual(d.ids.filter((id) => !codes.has(id)), [], `got ${[...codes].join(', ')}`);
    assert.ok(got.get(name)!.every((x) => x.source === 'netpol-lens'));
  });
}

/** Opt-in checks (default off), exercised by the test that enables them. */
const OPT_IN_EXERCISED = ['exposed-to-any-namespace'];

test('every check id of the README table is exercised here', () => {
  const covered = new Set(Object.values(documents).flatMap((d) => d.ids).concat(OPT_IN_EXERCISED));
  assert.deepEqual(ALL_CHECKS.map((x) => x.id).filter((id) => !covered.has(id)), []);
});

test('a label change in another open document updates this policy\'s diagnostics and lenses', async () => {
  const policyUri = uriOf(join(dir, 'follow.yaml'));
  const podsUri = uriOf(join(dir, 'moving.yaml'));
  const pod = (app: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: mover, namespace: n, labels: {app: ${app}}}\n`;
  await c.open(podsUri, pod('other'));
  let diags = await c.open(policyUri, P('  podSelector: {matchLabels: {app: mover}}\n', 'name: follow\n  namespace: n'));
  assert.ok(diags.some((x) => x.code === 'policy-selects-nothing'));
  c.clearDiagnostics(policyUri);
  await c.change(podsUri, pod('mover'));
  diags = await c.diagnosticsFor(policyUri);
  assert.ok(!diags.some((x) => x.code === 'policy-selects-nothing'), JSON.stringify(diags));
  const lenses = await c.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: policyUri } });
  assert.match(lenses[0]!.command.title, /^selects 1 workload/);
});

test('a severity override turns a check off or changes its severity', async () => {
  const s = await LspClient.start(dir, { settings: { severity: { 'policy-selects-nothing': 'off', 'policy-without-namespace': 'error' } } });
  try {
    const diags = await s.open(uriOf(join(dir, 'override.yaml')), P('  podSelector: {matchLabels: {app: nothing}}\n', 'name: o'));
    assert.ok(!diags.some((x) => x.code === 'policy-selects-nothing'));
    assert.equal(diags.find((x) => x.code === 'policy-without-namespace')?.severity, 1);
  } finally {
    await s.stop();
  }
});

test('exposed-to-any-namespace is off by default and reported once netpolLens.severity enables it', async () => {
  const rule = '    - from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}]\n';
  const text = P(`  podSelector: {matchLabels: {app: db}}\n  ingress:\n${rule}`, 'name: open\n  namespace: n');
  assert.ok(!got.get('semantic')!.some((x) => x.code === 'exposed-to-any-namespace'));
  const off = await c.open(uriOf(join(dir, 'open-off.yaml')), text);
  assert.ok(!off.some((x) => x.code === 'exposed-to-any-namespace'), 'off by default');
  const s = await LspClient.start(dir, { settings: { severity: { 'exposed-to-any-namespace': 'information' } } });
  try {
    const diags = (await s.open(uriOf(join(dir, 'open.yaml')), text)).filter((x) => x.code === 'exposed-to-any-namespace');
    assert.equal(diags.length, 1);
    assert.equal(diags[0]!.severity, 3);
    assert.match(String(diags[0]!.message), /open to every namespace: pods labelled app=web in any namespace, including namespaces created later/);
  } finally {
    await s.stop();
  }
});

test('diagnostic ranges cover the offending text', () => {
  const text = documents.schema!.text;
  const lines = text.split('\n');
  const at = (d: Diagnostic) => lines[d.range.start.line]!.slice(d.range.start.character, d.range.start.line === d.range.end.line ? d.range.end.character
    : undefined);
  const by = (id: string) => got.get('schema')!.filter((x) => x.code === id).map(at);
  assert.deepEqual(by('unknown-field'), ['podSelecter']);
  assert.deepEqual(by('port-out-of-range'), ['70000']);
  assert.deepEqual(by('invalid-port-name'), ['"80"']);
  assert.deepEqual(by('deprecated-api-version'), ['extensions/v1beta1']);
});

test('YAML and JSON that is not Kubernetes gets no diagnostics, even with kind or apiVersion keys inside', async () => {
  const quiet: Record<string, [string, string]> = {
    'openapi.yaml': ['openapi: 3.0.0\ncomponents:\n  schemas:\n    Obj:\n      properties:\n        kind:\n          type: string\n        apiVersion:\n' +
      '          type: string\n', 'yaml'],
    'package.json': ['{"name": "x", "version": "1.0.0", "kind": "lib", "apiVersion": 2, "dependencies": {}}', 'json'],
    'workflow.yaml': ['name: ci\non: push\njobs:\n  build:\n    steps:\n      - uses: helm/kind-action@v1\n        with:\n          kind: v0.20\n' +
      '          apiVersion: x\n      - run: echo\n   bad: [\n', 'yaml'],
    'kind-only.yaml': ['kind: Config\nclusters: []\n', 'yaml'],
  };
  for (const [name, [text, lang]] of Object.entries(quiet)) {
    assert.deepEqual(await c.open(uriOf(join(dir, `quiet-${name}`)), text, lang), [], name);
  }
  // A broken manifest still gets its syntax error: apiVersion and kind at the root, block or flow.
  const broken: Record<string, [string, string]> = {
    'block.yaml': ['apiVersion: v1\nkind: Pod\nmetadata: {name: x\n', 'yaml'],
    'flow.json': ['{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "x",\n', 'json'],
  };
  for (const [name, [text, lang]] of Object.entries(broken)) {
    const codes = (await c.open(uriOf(join(dir, `broken-${name}`)), text, lang)).map((d) => d.code);
    assert.ok(codes.includes('yaml-syntax'), `${name}: ${codes.join(', ')}`);
  }
});
