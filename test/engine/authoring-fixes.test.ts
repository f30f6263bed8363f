// Quick fixes for a policy written by hand: did-you-mean for a field, the case of an enum, the
// nearest existing label value for a typo, a namespaceSelector for pods of another namespace.
// Each fix is applied and the WHOLE text compared; the fixed text has no such finding left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { semanticFindings, Workspace, type Finding } from '../../server/src/engine/index';

const pod = (ns: string, name: string, labels: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {${labels}}}\nspec: {containers: [{name: c}]}\n---\n`;
const world = pod('shop', 'api', 'app: api') + pod('shop', 'database', 'app: database') + pod('web', 'frontend', 'app: frontend');
const pol = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n${spec}`;

/** Every finding of the file (validation and semantic) with the titles of its fixes. */
function findings(text: string, file = 'p.yaml'): Finding[] {
  const ws = new Workspace();
  ws.setFile('w.yaml', world);
  const facts = ws.setFile(file, text, { keepObjects: true });
  return [...facts.findings, ...semanticFindings(ws.snapshot(), file, text, facts.objects)];
}

/** The fixes offered for check `id`, as `title => whole fixed text`; each removes its finding. */
function fixes(text: string, id: string, file = 'p.yaml'): string[] {
  const out: string[] = [];
  const found = findings(text, file).filter((x) => x.id === id);
  for (const f of found) {
    for (const fix of f.fixes ?? []) {
      let fixed = text;
      for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) fixed = fixed.slice(0, e.span.start) + e.newText + fixed.slice(e.span.end);
      assert.equal(findings(fixed, file).filter((x) => x.id === id).length, found.length - 1, `${fix.title} removes its finding`);
      out.push(`${fix.title} => ${fixed}`);
    }
  }
  return out.sort();
}

test('unknown-field: did you mean, the key replaced (inside its quotes in JSON)', () => {
  const yaml = pol('  podSelector: {}\n  ingres: []\n  egress:\n    - to: [{podSelecter: {}}]\n');
  assert.deepEqual(fixes(yaml, 'unknown-field'), [
    `Change \`ingres\` to \`ingress\` => ${yaml.replace('ingres:', 'ingress:')}`,
    `Change \`podSelecter\` to \`podSelector\` => ${yaml.replace('podSelecter', 'podSelector')}`,
  ]);
  const json = '{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "p", "namespace": "shop"}, "spec": {"podSelecter": {}}}\n';
  assert.deepEqual(fixes(json, 'unknown-field', 'p.json'), [`Change \`podSelecter\` to \`podSelector\` => ${json.replace('"podSelecter"', '"podSelector"')}`]);
  assert.deepEqual(fixes(pol('  podSelector: {}\n  frobnicate: 1\n'), 'unknown-field'), [], 'no fix without a near name');
});

test('invalid-enum: the right case, quotes kept', () => {
  const yaml = pol('  podSelector: {}\n  ingress:\n    - ports:\n        - protocol: tcp\n          port: 80\n        - protocol: "udp"\n          port: 53\n');
  assert.deepEqual(fixes(yaml, 'invalid-enum'), [
    `Change to \`TCP\` => ${yaml.replace('protocol: tcp', 'protocol: TCP')}`,
    `Change to \`UDP\` => ${yaml.replace('"udp"', '"UDP"')}`,
  ]);
  assert.deepEqual(fixes(pol('  podSelector: {}\n  ingress:\n    - ports: [{protocol: ICMP}]\n'), 'invalid-enum'), [], 'no case fixes ICMP');
});

test('a selector matching nothing: the nearest label value that exists, when it then matches', () => {
  const peer = pol('  podSelector: {}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: databse\n');
  const title = 'Change `databse` to `database` (app=database matches 1 workload)';
  assert.deepEqual(fixes(peer, 'peer-matches-nothing'), [`${title} => ${peer.replace('databse', 'database')}`]);
  const own = pol('  podSelector: {matchLabels: {app: "apii"}}\n');
  assert.deepEqual(fixes(own, 'policy-selects-nothing'), [`Change \`apii\` to \`api\` (app=api matches 1 workload) => ${own.replace('"apii"', '"api"')}`]);
  assert.deepEqual(fixes(pol('  podSelector: {matchLabels: {app: zzzzzz}}\n'), 'policy-selects-nothing'), [], 'nothing near');
});

test('a lone podSelector whose pods run in another namespace: add a namespaceSelector for it', () => {
  const title = 'Add a namespaceSelector for `web` (the pods this podSelector matches run there)';
  const block = pol('  podSelector: {matchLabels: {app: api}}\n  ingress:\n    - from:\n'
    + '        - podSelector:\n            matchLabels:\n              app: frontend\n');
  assert.deepEqual(fixes(block, 'peer-matches-nothing'), [
    `${title} => ${block}          namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: web\n`,
  ]);
  const flow = pol('  podSelector: {matchLabels: {app: api}}\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: frontend}}}]\n');
  assert.deepEqual(fixes(flow, 'peer-matches-nothing'), [
    `${title} => ${flow.replace('{app: frontend}}', '{app: frontend}}, namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}')}`,
  ]);
});
