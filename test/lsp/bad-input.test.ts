// Hostile and half-typed input through the real server: every request gets a reply within 1 s,
// diagnostics stay on real ranges (or are silent), and the server keeps answering afterwards.
// Big files are generated into os.tmpdir() at test time, never committed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position } from 'vscode-languageserver-protocol';
import { ALL_CHECKS } from '../../server/src/engine/index';
import { ROOT } from '../helpers/fixtures';
import { LspClient, uriOf } from '../helpers/lsp-client';

const LIMIT_MS = 1000;
const KNOWN_IDS = new Set(ALL_CHECKS.map((c) => c.id));
const SHOP = join(ROOT, 'examples', 'shop');
const POLICIES = readFileSync(join(SHOP, 'policies.yaml'), 'utf8');
const policy = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: shop\n` +
  `spec:\n${spec}`;

/** The hostile files, generated into the temporary workspace (name → text or bytes). */
function hostileFiles(): Record<string, string | Buffer> {
  const bomb = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: lol', '  namespace: shop',
    `x0: &a0 [${Array(10).fill('lol').join(', ')}]`,
    ...Array.from({ length: 8 }, (_, i) => `x${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`),
    'spec:', '  podSelector:', '    matchExpressions: *a8', '  ingress: *a8', '  egress:', '    - to: *a8', '      ports: *a8', ''].join('\n');
  const oneLabel = (i: number) => `k${i}: v${i}`;
  const labels: string[] = [];
  for (let i = 0, size = 0; size < 900_000; i++) { labels.push(oneLabel(i)); size += oneLabel(i).length + 2; }
  const unit = policy('p', '  podSelector:\n    matchLabels:\n      app: backend\n  ingress:\n    - from:\n        - podSelector: {}\n');
  const copies: string[] = [];
  for (let i = 0, size = 0; size < 20 * 1024 * 1024; i++) { const t = unit.replace('name: p', `name: p${i}`); copies.push(t); size += t.length + 4; }
  const binary = Buffer.alloc(64 * 1024);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919 + (i >> 3)) % 256; // deterministic noise with NULs
  return {
    'tabs.yaml': policy('tabs', '  podSelector: {}\n  ingress:\n\t- from:\n\t\t- podSelector: {}\n'),
    'duplicate-keys.yaml': policy('dup', '  podSelector: {}\n  policyTypes: [Ingress]\n  podSelector:\n    matchLabels:\n      app: backend\n'),
    'alias-bomb.yaml': bomb,
    'big.yaml': copies.join('---\n'),
    'binary.yaml': binary,
    'deep-open.yaml': '['.repeat(10_000),
    'deep-closed.yaml': policy('deep', `  podSelector: {}\n  ingress: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`),
    'deep-maps.yaml': policy('deep-maps', `  podSelector: ${'{a: '.repeat(10_000)}x${'}'.repeat(10_000)}\n`),
    'deep-block.yaml': policy('deep-block', `  ingress:\n    ${'- '.repeat(10_000)}x\n`),
    'flow-map.yaml': policy('flow', `  podSelector:\n    matchLabels: {${labels.join(', ')}}\n`),
    // 20,000 aliases of one anchor: resolving each by a walk of the document took half a minute.
    'many-aliases.yaml': policy('aliases', `  podSelector: &s {matchLabels: {app: backend}}\n` +
      `  ingress:\n${'    - from: [{podSelector: *s}]\n'.repeat(20_000)}`),
  };
}

let dir: string;
let c: LspClient;
const logged: string[] = [];
let maxLatency = { ms: 0, what: '' };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'netpol-bad-input-'));
  for (const f of ['namespaces.yaml', 'workloads.yaml', 'policies.yaml']) copyFileSync(join(SHOP, f), join(dir, f));
  for (const [name, content] of Object.entries(hostileFiles())) writeFileSync(join(dir, name), content);
  c = await LspClient.start(dir);
  c.connection.onNotification('window/logMessage', (m: { type: number; message: string }) => { if (m.type === 1) logged.push(m.message); });
});

after(async () => {
  await c.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends a request and fails the test when its reply takes a second or more. */
async function timed<T>(method: string, params: unknown, what: string): Promise<T> {
  const t0 = performance.now();
  const r = await c.request<T>(method, params);
  const ms = performance.now() - t0;
  if (ms > maxLatency.ms) maxLatency = { ms, what: `${method} on ${what}` };
  assert.ok(ms < LIMIT_MS, `${method} on ${what} took ${ms.toFixed(0)} ms`);
  return r;
}

/** hover, completion, codeLens, documentSymbol and codeAction at a position, all answered in time. */
async function probe(uri: string, position: Position, diagnostics: Diagnostic[], what: string): Promise<void> {
  const textDocument = { uri };
  await Promise.all([
    timed('textDocument/hover', { textDocument, position }, what),
    timed('textDocument/completion', { textDocument, position }, what),
    timed('textDocument/codeLens', { textDocument }, what),
    timed('textDocument/documentSymbol', { textDocument }, what),
    timed('textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics } }, what),
  ]);
}

/** Whether a position lies inside a document (its line exists, its character within the line). */
function inside(doc: TextDocument, p: Position): boolean {
  if (p.line < 0 || p.line >= doc.lineCount || p.character < 0) return false;
  const start = doc.offsetAt({ line: p.line, character: 0 });
  const next = p.line + 1 < doc.lineCount ? doc.offsetAt({ line: p.line + 1, character: 0 }) : doc.getText().length;
  return start + p.character <= next;
}

/** Every diagnostic has a known id and a range inside the text, start before end. */
function inRange(doc: TextDocument, diags: Diagnostic[], what: string): void {
  for (const d of diags) {
    assert.ok(KNOWN_IDS.has(String(d.code)), `${what}: unknown diagnostic code ${d.code}`);
    assert.ok(inside(doc, d.range.start) && inside(doc, d.range.end) && doc.offsetAt(d.range.start) <= doc.offsetAt(d.range.end),
      `${what}: ${d.code} range ${JSON.stringify(d.range)} is outside the text`);
  }
}

/** Opens a file of the temporary workspace, checks its diagnostics and probes three positions. */
async function openAndProbe(name: string, check: (diags: Diagnostic[], doc: TextDocument) => void): Promise<void> {
  const uri = uriOf(join(dir, name));
  const text = readFileSync(join(dir, name), 'utf8');
  const doc = TextDocument.create(uri, 'yaml', 1, text);
  const t0 = performance.now();
  await c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const diags = await c.diagnosticsFor(uri, 1, 20_000);
  const openMs = performance.now() - t0;
  inRange(doc, diags, name);
  check(diags, doc);
  for (const offset of [0, Math.floor(text.length / 2), text.length]) await probe(uri, doc.positionAt(offset), diags, `${name}@${offset}`);
  await c.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  assert.ok(openMs < 10_000, `opening ${name} took ${openMs.toFixed(0)} ms`);
}

test('the workspace with hostile files is indexed, the big file skipped', async () => {
  const status = await timed<{ indexing: boolean; files: number; policies: number }>('netpolLens/status', {}, 'status');
  assert.equal(status.indexing, false);
  // The shop's 5 policies, plus tabs/dup/bomb/deep-closed/flow-map as far as they parse.
  assert.ok(status.policies >= 5, JSON.stringify(status));
  // Every file but the big one is indexed; indexed, its 100,000 policies would be counted.
  assert.equal(status.files, readdirSync(dir).length - 1, JSON.stringify(status));
  assert.ok(status.policies < 100, JSON.stringify(status));
});

test('tabs used for indentation: a yaml-syntax error on the first tab line', async () => {
  await openAndProbe('tabs.yaml', (diags) => {
    const d = diags.find((x) => x.code === 'yaml-syntax');
    assert.ok(d, JSON.stringify(diags));
    assert.equal(d.range.start.line, 8);
  });
});

test('duplicate keys: duplicate-key on the second key', async () => {
  await openAndProbe('duplicate-keys.yaml', (diags, doc) => {
    const d = diags.find((x) => x.code === 'duplicate-key');
    assert.ok(d, JSON.stringify(diags));
    assert.equal(doc.getText().slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end)), 'podSelector');
    assert.equal(d.range.start.line, 8);
  });
});

test('a billion-laughs alias bomb: diagnostics stay few (nothing expands 10^9 nodes)', async () => {
  await openAndProbe('alias-bomb.yaml', (diags) => assert.ok(diags.length < 200, `${diags.length} diagnostics`));
});

test('20,000 aliases of one anchor: answered like any file (the alias budget reports the object), quickly', async () => {
  await openAndProbe('many-aliases.yaml', (diags) => assert.ok(diags.some((d) => d.code === 'unreadable-object'), JSON.stringify(diags.slice(0, 3))));
});

test('a 20 MB file: file-too-large at the start, nothing else, every feature silent', async () => {
  await openAndProbe('big.yaml', (diags) => {
    assert.deepEqual(diags.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['file-too-large', 0, 0]]);
  });
});

test('a binary file (NUL bytes): binary-file on the first NUL', async () => {
  await openAndProbe('binary.yaml', (diags, doc) => {
    assert.deepEqual(diags.map((d) => d.code), ['binary-file']);
    assert.equal(doc.offsetAt(diags[0]!.range.start), doc.getText().indexOf('\0'));
  });
});

test('10,000 unclosed [: silence (not a manifest), no crash', async () => {
  await openAndProbe('deep-open.yaml', (diags) => assert.deepEqual(diags, []));
});

for (const [name, line] of [['deep-closed.yaml', 7], ['deep-maps.yaml', 6], ['deep-block.yaml', 7]] as const) {
  test(`10,000 levels of nesting (${name}): yaml-syntax where it gets too deep, no crash`, async () => {
    await openAndProbe(name, (diags) => {
      assert.deepEqual(diags.map((d) => [d.code, d.range.start.line]), [['yaml-syntax', line]]);
      assert.match(JSON.stringify(diags[0]!.message), /nested deeper than/);
    });
  });
}

test('a 900 KB flow map of labels', async () => {
  await openAndProbe('flow-map.yaml', () => undefined);
});

const SECTIONS = POLICIES.split(/^(?=---\n)/m);
const HALF_TYPED: [string, string][] = [
  ['the first two shop policies', SECTIONS[0]! + SECTIONS[1]!],
  ['backend-from-frontend (AND peer, named port)', SECTIONS[2]!.replace(/^---\n/, '')],
];

HALF_TYPED.forEach(([name, full], i) => test(`half-typed documents: every cut point of ${name}`, async () => {
  const uri = uriOf(join(dir, `half-typed-${i}.yaml`));
  await c.open(uri, '');
  for (let cut = 0; cut <= full.length; cut++) {
    const text = full.slice(0, cut);
    const version = cut + 2;
    await c.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    const doc = TextDocument.create(uri, 'yaml', version, text);
    const at = doc.positionAt(cut);
    const stale = cut === 0 ? [] : await c.diagnosticsFor(uri, version - 1);
    await probe(uri, at, stale, `cut ${cut}`);
    // The requests analyzed this version, so its diagnostics were published before the replies.
    const diags = await c.diagnosticsFor(uri, version, 5000);
    inRange(doc, diags, `cut ${cut}`);
    // Quick fixes for all fresh diagnostics at once, every edit landing inside the text.
    const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) };
    const actions = await timed<{ edit?: { changes?: Record<string, { range: { start: Position; end: Position } }[]> } }[]>('textDocument/codeAction',
      { textDocument: { uri }, range: whole, context: { diagnostics: diags } }, `cut ${cut} quick fixes`);
    for (const e of actions.flatMap((a) => a.edit?.changes?.[uri] ?? []))
      assert.ok(inside(doc, e.range.start) && inside(doc, e.range.end), `cut ${cut}: edit ${JSON.stringify(e.range)}`);
  }
  await c.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
}));

test('a request right after a change answers on the new text, while other documents are open', async () => {
  const other = uriOf(join(dir, 'other-open.yaml'));
  await c.open(other, policy('other', '  podSelector: {}\n'));
  const uri = uriOf(join(dir, 'fresh.yaml'));
  await c.open(uri, 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: shop}\nspec: {}\n');
  await c.connection.sendNotification('textDocument/didChange',
    { textDocument: { uri, version: 2 }, contentChanges: [{ text: policy('fresh', '  podSelector: {}\n') }] });
  const symbols = await timed<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri } }, 'fresh');
  assert.deepEqual(symbols.map((s) => s.name), ['shop/fresh']);
  for (const u of [uri, other]) await c.connection.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
});

test('afterwards the server still answers: hover on a normal policy, no feature failed', async () => {
  const uri = uriOf(join(dir, 'policies.yaml'));
  await c.open(uri);
  const line = POLICIES.split('\n').findIndex((l) => l.includes('app: database'));
  const hover = await timed<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 8 } },
    'policies.yaml');
  assert.ok(hover && /database/.test(hover.contents.value), JSON.stringify(hover));
  assert.equal(c.exited, false);
  assert.deepEqual(logged, [], 'features that failed (guarded) on bad input');
  console.log(`slowest reply: ${maxLatency.ms.toFixed(0)} ms (${maxLatency.what})`);
});
