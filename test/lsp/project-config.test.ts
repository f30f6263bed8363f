// The server reads .netpol-lens.yaml at the workspace folder's root, and again when the watched
// file changes: declared workloads silence findings; evidence softens them (hint, information).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fixture } from '../helpers/fixtures';
import { LspClient, uriOf } from '../helpers/lsp-client';

let tmp: string;
let c: LspClient;
before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'netpol-config-'));
  cpSync(fixture('elsewhere'), tmp, { recursive: true });
  c = await LspClient.start(tmp);
});
after(async () => {
  await c.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** `line code severity` of each diagnostic (1-based lines, LSP severities 1-4). */
const summary = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1} ${d.code} ${d.severity}`);

test('declared in .netpol-lens.yaml: no diagnostic; an operator\'s pods: a hint; a Service\'s: information', async () => {
  const ds = await c.open(join(tmp, 'policies.yaml'));
  assert.deepEqual(summary(ds), ['15 peer-matches-nothing 4', '28 peer-matches-nothing 2', '38 policy-selects-nothing 3']);
});

test('a changed .netpol-lens.yaml is read again when the watcher reports it', async () => {
  const uri = uriOf(join(tmp, 'policies.yaml'));
  await c.diagnosticsFor(uri);
  writeFileSync(join(tmp, '.netpol-lens.yaml'), 'external: {}\n');
  c.clearDiagnostics(uri);
  await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(join(tmp, '.netpol-lens.yaml')), type: 2 }] });
  assert.deepEqual(summary(await c.diagnosticsFor(uri)), ['15 peer-matches-nothing 4', '24 peer-matches-nothing 2', '28 peer-matches-nothing 2',
    '38 policy-selects-nothing 3']);
  const problems = c.logs.filter((l) => l.message.includes('.netpol-lens.yaml'));
  assert.deepEqual(problems, [], 'a valid config logs nothing');
  writeFileSync(join(tmp, '.netpol-lens.yaml'), 'external:\n  namespaces: monitoring\n');
  c.clearDiagnostics(uri);
  await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(join(tmp, '.netpol-lens.yaml')), type: 2 }] });
  await c.diagnosticsFor(uri);
  await c.until(() => c.logs.some((l) => /\.netpol-lens\.yaml:2: external\.namespaces: must be a list\./.test(l.message)), 'the config problem in the log');
});

test('a severity override sets the check\'s level, never raising a finding evidence softened', async () => {
  const other = await LspClient.start(fixture('elsewhere'), { settings: { severity: { 'peer-matches-nothing': 'error',
    'policy-selects-nothing': 'warning' } } });
  try {
    const ds = await other.open(join(fixture('elsewhere'), 'policies.yaml'));
    assert.deepEqual(summary(ds), ['15 peer-matches-nothing 4', '28 peer-matches-nothing 1', '38 policy-selects-nothing 3']);
  } finally {
    await other.stop();
  }
});
