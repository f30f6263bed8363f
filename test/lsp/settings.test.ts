// Settings through the real server: pulled and pushed values, what a change re-analyzes,
// invalid values, and the size limit in bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, uriOf } from '../helpers/lsp-client';

/** A policy without metadata.namespace selecting app=web; the workspace's only pod is in shop. */
const unnamespaced = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: n\nspec:\n  podSelector: {matchLabels: {app: web}}\n';
const codes = (diags: { code?: unknown }[]) => diags.map((d) => String(d.code));

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'netpol-settings-'));
  writeFileSync(join(dir, 'apps.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Sends didChangeConfiguration and waits for the open document's next diagnostics. */
async function reconfigure(c: LspClient, uri: string, pushed: unknown): Promise<string[]> {
  c.clearDiagnostics(uri);
  await c.notify('workspace/didChangeConfiguration', { settings: pushed });
  return codes(await c.diagnosticsFor(uri));
}

test('changing defaultNamespace re-analyzes open documents', async () => {
  const c = await LspClient.start(dir);
  try {
    const uri = uriOf(join(dir, 'policy.yaml'));
    assert.ok(codes(await c.open(uri, unnamespaced)).includes('policy-selects-nothing'), 'lands in default: no pods');
    c.settings = { defaultNamespace: 'shop' };
    const after = await reconfigure(c, uri, { netpolLens: c.settings });
    assert.ok(!after.includes('policy-selects-nothing'), `lands in shop and selects web: ${after.join(', ')}`);
  } finally {
    await c.stop();
  }
});

test('settings pulled at start are read once; a later change that alters facts re-indexes the folders with progress', async () => {
  const c = await LspClient.start(dir, { settings: { defaultNamespace: 'shop' } });
  try {
    const begins = () => c.progress.filter((p) => p.value.kind === 'begin').length;
    assert.equal(begins(), 1, 'one indexing at start, with the pulled settings');
    c.settings = { defaultNamespace: 'other' };
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { netpolLens: c.settings } });
    await c.until(() => begins() === 2 && c.progress.at(-1)?.value.kind === 'end' && c.lastStatus()?.indexing === false, 'a second indexing');
    assert.equal(c.lastStatus()?.workloads, 1, 'the pod file was read again, not lost with the old index');
  } finally {
    await c.stop();
  }
});

test('pushed settings apply when the pull answers null; an answered pull wins over them', async () => {
  const nullPull = await LspClient.start(dir, { settings: null });
  try {
    const uri = uriOf(join(dir, 'pushed.yaml'));
    assert.ok(codes(await nullPull.open(uri, unnamespaced)).includes('policy-selects-nothing'));
    const after = await reconfigure(nullPull, uri, { netpolLens: { defaultNamespace: 'shop' } });
    assert.ok(!after.includes('policy-selects-nothing'), `the pushed namespace applies: ${after.join(', ')}`);
  } finally {
    await nullPull.stop();
  }
  const answered = await LspClient.start(dir, { settings: { defaultNamespace: 'default' } });
  try {
    const uri = uriOf(join(dir, 'pulled.yaml'));
    await answered.open(uri, unnamespaced);
    const after = await reconfigure(answered, uri, { netpolLens: { defaultNamespace: 'shop' } });
    assert.ok(after.includes('policy-selects-nothing'), `the pulled namespace wins: ${after.join(', ')}`);
  } finally {
    await answered.stop();
  }
});

test('an invalid severity value is ignored (the check keeps its default) and logged once', async () => {
  const severity = { 'policy-selects-nothing': 'bogus', 'policy-without-namespace': 'hint' };
  const c = await LspClient.start(dir, { settings: { severity } });
  try {
    const uri = uriOf(join(dir, 'severity.yaml'));
    const diags = await c.open(uri, unnamespaced);
    const severityOf = (id: string) => diags.find((d) => d.code === id)?.severity;
    assert.equal(severityOf('policy-selects-nothing'), 2, 'its default: warning');
    assert.equal(severityOf('policy-without-namespace'), 4, 'the valid override: hint');
    await reconfigure(c, uri, null);
    const warnings = c.logs.filter((m) => m.type === 2 && m.message.includes('bogus'));
    assert.equal(warnings.length, 1, JSON.stringify(c.logs));
    assert.match(warnings[0]!.message, /policy-selects-nothing/);
  } finally {
    await c.stop();
  }
});

test('maxFileSize counts UTF-8 bytes in open documents, as on disk', async () => {
  const c = await LspClient.start(dir, { settings: { maxFileSize: 300 } });
  try {
    // Under 300 characters, but over 300 bytes: each é is two bytes in UTF-8.
    const text = `${unnamespaced}# ${'é'.repeat(120)}\n`;
    assert.ok(text.length <= 300 && Buffer.byteLength(text) > 300);
    const uri = uriOf(join(dir, 'wide.yaml'));
    const diags = await c.open(uri, text);
    assert.deepEqual(codes(diags), ['file-too-large']);
    assert.match(String(diags[0]!.message), /\b\d+ bytes\b.*\b300 bytes\b/);
    const hover = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 18 } });
    assert.equal(hover, null, 'features skip an oversized document');
  } finally {
    await c.stop();
  }
});
