// Completion through the real server on the example shop: keys, enums, labels with counts,
// namespace labels, named ports, snippets, and silence in non-Kubernetes YAML.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';
import { LspClient, uriOf } from '../helpers/lsp-client';

let c: LspClient;
before(async () => { c = await LspClient.start(join(ROOT, 'examples', 'shop')); });
after(async () => c.stop());

let n = 0;
async function complete(input: string): Promise<{ label: string; detail?: string; insertTextFormat?: number }[]> {
  const uri = uriOf(join(ROOT, 'examples', 'shop', `typing-${n++}.yaml`));
  const text = input.replace('|', '');
  await c.open(uri, text);
  const before = input.slice(0, input.indexOf('|'));
  const position = { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
  const r = await c.request<{ items: { label: string; detail?: string; insertTextFormat?: number }[] } | null>('textDocument/completion',
    { textDocument: { uri }, position });
  return r?.items ?? [];
}

const head = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: typing\n  namespace: shop\nspec:\n';

test('keys with documentation, and enum values', async () => {
  const keys = await complete(`${head}  podSelector: {}\n  |`);
  assert.deepEqual(keys.map((i) => i.label), ['policyTypes', 'ingress', 'egress']);
  assert.deepEqual((await complete(`${head}  podSelector: {}\n  policyTypes:\n    - |`)).map((i) => i.label), ['Ingress', 'Egress']);
});

test('label keys and values of the policy namespace, with match counts', async () => {
  const keys = await complete(`${head}  podSelector:\n    matchLabels:\n      |`);
  assert.deepEqual(keys.map((i) => `${i.label}: ${i.detail}`), ['app: on 2 workloads in shop', 'tier: on 2 workloads in shop']);
  const values = await complete(`${head}  podSelector:\n    matchLabels:\n      app: |`);
  assert.deepEqual(values.map((i) => `${i.label}: ${i.detail}`), ['backend: matches 1 workload', 'database: matches 1 workload']);
});

test('namespace labels include kubernetes.io/metadata.name', async () => {
  const items = await complete(`${head}  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              |`);
  assert.ok(items.some((i) => i.label === 'kubernetes.io/metadata.name' && i.detail === 'on 5 namespaces'), JSON.stringify(items));
});

test('named ports of the selected workloads', async () => {
  const items = await complete(`${head}  podSelector:\n    matchLabels:\n      app: backend\n  ingress:\n    - ports:\n        - port: |`);
  assert.deepEqual(items.map((i) => `${i.label}: ${i.detail}`), ['http: TCP 9090 on 1 workload', 'metrics: TCP 9100 on 1 workload']);
});

test('snippets in an empty document, none in non-Kubernetes YAML', async () => {
  const snippets = await complete('|');
  assert.equal(snippets.length, 7);
  assert.ok(snippets.every((s) => s.insertTextFormat === 2));
  assert.deepEqual(await complete('name: ci\non: [push]\njobs:\n  |'), []);
});

test('inside flow maps and lists: label keys and values, enums, with replace ranges on the typed word', async () => {
  const uri = uriOf(join(ROOT, 'examples', 'shop', `typing-${n++}.yaml`));
  const text = `${head}  podSelector: {matchLabels: {app: ba, }}  # the backend\n  policyTypes: []\n`;
  await c.open(uri, text);
  type Item = { label: string; detail?: string; textEdit?: { range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string } };
  const at = (line: number, character: number) => c.request<{ items: Item[] } | null>('textDocument/completion',
    { textDocument: { uri }, position: { line, character } });
  const values = (await at(6, 37))?.items ?? [];
  assert.deepEqual(values.map((i) => `${i.label}: ${i.detail}`), ['backend: matches 1 workload', 'database: matches 1 workload']);
  assert.deepEqual(values[0]!.textEdit, { range: { start: { line: 6, character: 35 }, end: { line: 6, character: 37 } }, newText: 'backend' });
  const keys = (await at(6, 39))?.items ?? [];
  assert.deepEqual(keys.map((i) => i.label), ['tier'], 'app is written already');
  assert.deepEqual(keys[0]!.textEdit?.newText, 'tier: ');
  assert.deepEqual(((await at(7, 16))?.items ?? []).map((i) => i.label), ['Ingress', 'Egress']);
});

test('a new file: root keys for `ap`, then values; a block key after `- ` is inserted as is', async () => {
  assert.deepEqual((await complete('ap|')).map((i) => i.label), ['apiVersion', 'kind', 'metadata', 'spec']);
  const ns = await complete('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  namespace: |');
  assert.ok(ns.some((i) => i.label === 'shop') && ns.some((i) => i.label === 'web'), JSON.stringify(ns));
  type Item = { label: string; insertTextMode?: number; textEdit?: { newText: string } };
  const items = (await complete(`${head}  podSelector: {}\n  ingress:\n    - from:\n        - |`)) as Item[];
  const pod = items.find((i) => i.label === 'podSelector');
  // asIs (1): the client must not add the line's indentation to the continuation line again.
  assert.deepEqual({ text: pod?.textEdit?.newText, mode: pod?.insertTextMode }, { text: 'podSelector:\n            ', mode: 1 });
});
