// Hover, code lens, document symbols and references through the real server on examples/shop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';
import { LspClient, uriOf } from '../helpers/lsp-client';
import { expectGolden } from '../helpers/golden';

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

/** The hover as a golden file's text: file URIs under the repository become `<root>/...`. */
async function hoverGolden(name: string, p: { line: number; character: number }, uri = uriOf(policies)): Promise<void> {
  expectGolden(join(ROOT, 'test', 'fixtures', 'lsp', 'hover-lens', `${name}.md`), `${(await hoverText(p, uri)).split(uriOf(ROOT)).join('<root>')}\n`);
}

test('hover on a policy podSelector lists the matched workloads with links (hover-lens/selector.md)', async () => {
  await hoverGolden('selector', pos('app: database', 0, 2));
});

test('hover on an empty podSelector: every pod of the namespace, its workloads and their pods (hover-lens/empty-selector.md)', async () => {
  await hoverGolden('empty-selector', pos('podSelector: {}', 0, 3));
});

test('hover on a peer lists what it matches (hover-lens/peer.md)', async () => {
  await hoverGolden('peer', pos('k8s-app: kube-dns', 0, 2));
});

test('hover on a rule gives one plain-English sentence and what it admits (hover-lens/rule.md)', async () => {
  await hoverGolden('rule', pos('- from:', 1, 2));
});

test('hover on policyTypes of the deny-all: what it does, and what the namespace\'s policies allow together (hover-lens/policy-types.md)', async () => {
  await hoverGolden('policy-types', pos('policyTypes', 0, 2));
  await hoverGolden('field', pos('metadata', 0, 2));
});

test('code lenses above every policy and workload, and a lens\'s explanation (hover-lens/lenses.md)', async () => {
  const lenses = await c.request<{ range: { start: { line: number } }; command: { title: string; command: string } }[]>('textDocument/codeLens',
    { textDocument: { uri: uriOf(policies) } });
  // This client is not VS Code: the lenses run the server's command (code-lens.test.ts).
  assert.ok(lenses.every((l) => l.command.command === 'netpolLens.server.explain'));
  // Clicking a lens asks for its explanation then: the selection with links.
  const args = (lenses[3] as unknown as { command: { arguments: { uri: string; offset: number; subject: string }[] } }).command.arguments[0]!;
  assert.equal(args.subject, 'shop/database-from-backend', 'the explanation view is titled by what it explains');
  const ex = await c.request<{ markdown: string }>('netpolLens/explanation', { uri: args.uri, offset: args.offset });
  const wl = await c.request<{ range: { start: { line: number } }; command: { title: string } }[]>('textDocument/codeLens',
    { textDocument: { uri: uriOf(workloadsPath) } });
  const text = [
    '## policies.yaml', '', ...lenses.map((l) => `- line ${l.range.start.line + 1}: ${l.command.title}`), '',
    '## workloads.yaml', '', ...wl.map((l) => `- line ${l.range.start.line + 1}: ${l.command.title}`), '',
    '## explanation of the lens at line ' + (lenses[3]!.range.start.line + 1), '', ex.markdown.split(uriOf(ROOT)).join('<root>'), '',
  ].join('\n');
  expectGolden(join(ROOT, 'test', 'fixtures', 'lsp', 'hover-lens', 'lenses.md'), text);
});

test('document symbols: policies with their rules', async () => {
  const syms = await c.request<{ name: string; children: { name: string; detail: string }[] }[]>('textDocument/documentSymbol',
    { textDocument: { uri: uriOf(policies) } });
  assert.deepEqual(syms.map((s) => s.name), ['shop/default-deny', 'shop/allow-dns', 'shop/backend-from-frontend', 'shop/database-from-backend',
    'shop/backend-to-database']);
  assert.deepEqual(syms[3]!.children.map((x) => `${x.name}: ${x.detail}`), ['ingress[0]: from app=backend on TCP 5432']);
});

test('references from a selector label to the workloads that carry it', async () => {
  const refs = await c.request<{ uri: string; range: { start: { line: number } } }[]>('textDocument/references',
    { textDocument: { uri: uriOf(policies) }, position: pos('app: backend', 0, 6), context: { includeDeclaration: false } });
  assert.equal(refs.length, 1);
  assert.match(refs[0]!.uri, /workloads\.yaml$/);
  const wtext = readFileSync(workloadsPath, 'utf8');
  assert.equal(refs[0]!.range.start.line, pos('labels:\n        app: backend', 0, 0, wtext).line);
});
