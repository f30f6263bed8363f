// The Neovim LSP plumbing (test/e2e/neovim.ts + nvim-lsp.lua) against servers that are not ours:
// yaml-language-server (a devDependency) answers hover and code lens (the file's schema); a server that dies and
// one that never answers end the run with their own exit codes, well inside the deadline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, nvimLsp } from './neovim';
import { REPO_ROOT } from './repo-root';

const YAML_LS = join(REPO_ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

function workspace(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-nvim-'));
  writeFileSync(join(dir, 'schema.json'), JSON.stringify({
    type: 'object',
    properties: { greeting: { type: 'string', description: 'What the smoke test says.' } },
  }));
  const file = join(dir, 'hello.yaml');
  writeFileSync(file, '# yaml-language-server: $schema=./schema.json\ngreeting: hello\n');
  return { dir, file };
}

test('nvim-lsp.lua reads hover and code lens from yaml-language-server', async () => {
  const { dir, file } = workspace();
  try {
    const r = await nvimLsp({ cmd: ['node', YAML_LS, '--stdio'], file, root: dir, hover: { line: 1, character: 3, expect: 'What the smoke test says.' } });
    assert.equal(r.status, 0, describeRun(r));
    assert.equal(r.initialized, 'yaml-language-server', describeRun(r));
    assert.match(r.hover ?? '', /What the smoke test says\./, describeRun(r));
    assert.deepEqual(r.codeLens, ['schema.json'], describeRun(r)); // its lens names the file's schema
    assert.deepEqual(r.errors, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nvim-lsp.lua reports a server that exits before initializing', async () => {
  const { dir, file } = workspace();
  try {
    const started = Date.now();
    const r = await nvimLsp({ cmd: ['node', '-e', 'process.exit(7)'], file, hover: { line: 0, character: 0 } });
    assert.equal(r.status, 3, describeRun(r));
    assert.ok(r.errors.some((e) => /server exited \(code 7/.test(e)), describeRun(r));
    assert.ok(Date.now() - started < 10_000, 'noticed at once, not at the deadline');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nvim-lsp.lua gives up on a server that never answers initialize', async () => {
  const { dir, file } = workspace();
  try {
    const r = await nvimLsp({ cmd: ['node', '-e', 'setInterval(() => {}, 1000)'], file, stepTimeoutMs: 1_500 });
    assert.equal(r.timedOut, false, describeRun(r));
    assert.equal(r.status, 4, describeRun(r));
    assert.deepEqual(r.errors, ['initialize timed out after 1500 ms']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
