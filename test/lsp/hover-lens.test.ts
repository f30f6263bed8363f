// Hover, code lens, document symbols and references through the real server on examples/shop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';
import { LspClient, uriOf } from '../helpers/lsp-client';

const dir = join(ROOT, 'examples', 'shop');
const policies = join(dir, 'policies.yaml');
const policiesText = readFileSync(policies, 'utf8');
const workloadsPath = join(dir, 'workloads.yaml');
let c: LspClient;

before(async () => {
  c = await LspClient.start(dir);
  await c.open(policies);
  await c.open(workloadsPath);
});
after(async () => c.stop());

/** The position of the n-th occurrence of `needle` (plus `delta` characters) in the policies file. */
function pos(needle: string, nth = 0, delta = 0, text = policiesText): { line: number; character: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, needle);
  const before = text.slice(0, i + delta);
  return { line: before.split('\n').length - 1, character: i + delta - before.lastIndexOf('\n') - 1 };
}

async function hoverText(p: { line: number; character: number }, uri = uriOf(policies)): Promise<string> {
  const h = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: p });
  return h?.contents.value ?? '';
}

test('hover on a policy podSelector lists the matched workloads with links', async () => {
  const h = await hoverText(pos('app: database', 0, 2));
  assert.match(h, /\*\*Selects 1 workload\*\* \(pods labelled app=database in namespace shop\)/);
  assert.match(h, /StatefulSet \[shop\/database\]\(file:\/\/.*workloads\.yaml#L\d+\)/);
});

test('hover on an empty podSelector says "all N pods in namespace X"', async () => {
  assert.match(await hoverText(pos('podSelector: {}', 0, 3)), /\*\*Selects all 2 pods in namespace shop\*\*/);
});

test('hover on a peer lists what it matches', async () => {
  const h = await hoverText(pos('k8s-app: kube-dns', 0, 2));
  assert.match(h, /Matches 1 workload\*\*: pods labelled k8s-app=kube-dns in namespace kube-system/);
  assert.match(h, /kube-system\/coredns/);
});

test('hover on a rule gives one plain-English sentence and what it admits', async () => {
  const h = await hoverText(pos('- from:', 1, 2));
  assert.match(h, /\*\*Allows TCP 5432 from pods labelled app=backend in namespace shop\.\*\*/);
  assert.match(h, /In this workspace: from 1 workload./);
});

test('hover on policyTypes and on a field name', async () => {
  assert.match(await hoverText(pos('policyTypes', 0, 2)), /policyTypes: Ingress \+ Egress\.\*\* Written here/);
  assert.match(await hoverText(pos('metadata', 0, 2)), /\*\*metadata\*\* \(object\)/);
});

test('code lenses above every policy and workload', async () => {
  const lenses = await c.request<{ range: { start: { line: number } }; command: { title: string; command: string } }[]>('textDocument/codeLens', { textDocument: { uri: uriOf(policies) } });
  const titles = lenses.map((l) => l.command.title);
  assert.deepEqual(titles, [
    'selects 2 workloads · ingress: denied · egress: denied',
    'selects 2 workloads · egress: to 1 workload on TCP 53 and UDP 53',
    'selects 1 workload · ingress: from 1 workload on TCP 9090',
    'selects 1 workload · ingress: from 1 workload on TCP 5432',
    'selects 1 workload · egress: to 1 workload on TCP 5432',
  ]);
  // This client is not VS Code: the lenses run the server's command (code-lens.test.ts).
  assert.ok(lenses.every((l) => l.command.command === 'netpolLens.server.explain'));
  // Clicking a lens asks for its explanation then: the selection with links.
  const args = (lenses[3] as unknown as { command: { arguments: { uri: string; offset: number }[] } }).command.arguments[0]!;
  const ex = await c.request<{ markdown: string }>('netpolLens/explanation', { uri: args.uri, offset: args.offset });
  assert.match(ex.markdown, /\*\*Selects 1 workload\*\* \(pods labelled app=database in namespace shop\)/);
  const wl = await c.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: uriOf(workloadsPath) } });
  const wt = wl.map((l) => l.command.title);
  assert.ok(wt.includes('isolated for ingress by 2 policies · reachable from 1 workload · egress isolated by 3 policies · reaches 2 workloads'), wt.join('\n'));
  assert.ok(wt.includes('not isolated: any pod can reach it · egress: not isolated'), wt.join('\n'));
});

test('document symbols: policies with their rules', async () => {
  const syms = await c.request<{ name: string; children: { name: string; detail: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(policies) } });
  assert.deepEqual(syms.map((s) => s.name), ['shop/default-deny', 'shop/allow-dns', 'shop/backend-from-frontend', 'shop/database-from-backend', 'shop/backend-to-database']);
  assert.deepEqual(syms[3]!.children.map((x) => `${x.name}: ${x.detail}`), ['ingress[0]: from app=backend on TCP 5432']);
});

test('references from a selector label to the workloads that carry it', async () => {
  const refs = await c.request<{ uri: string; range: { start: { line: number } } }[]>('textDocument/references', { textDocument: { uri: uriOf(policies) }, position: pos('app: backend', 0, 6), context: { includeDeclaration: false } });
  assert.equal(refs.length, 1);
  assert.match(refs[0]!.uri, /workloads\.yaml$/);
  const wtext = readFileSync(workloadsPath, 'utf8');
  assert.equal(refs[0]!.range.start.line, pos('labels:\n        app: backend', 0, 0, wtext).line);
});
