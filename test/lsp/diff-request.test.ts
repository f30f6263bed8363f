// `netpolLens/diff` through the real server: the workspace (the mixed fixture) against files given
// whole (the base fixture, as Compare Flows with HEAD sends a commit's), by the engine's diff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../helpers/fixtures';
import { LspClient, uriOf } from '../helpers/lsp-client';

test('netpolLens/diff gives the JSON, text and markdown of `netpol-lens diff` against the files sent', async () => {
  const dir = fixture('diff', 'mixed');
  const c = await LspClient.start(dir);
  try {
    const sent = (from: string) => ['policies.yaml', 'workloads.yaml']
      .map((f) => ({ uri: uriOf(join(dir, f)), text: readFileSync(join(from, f), 'utf8'), folder: uriOf(dir) }));
    const files = sent(fixture('diff', 'base'));
    const json = await c.request<{ text: string; changed: boolean }>('netpolLens/diff', { files, format: 'json' });
    assert.equal(json.changed, true);
    assert.deepEqual(JSON.parse(json.text), JSON.parse(readFileSync(fixture('diff-expected', 'mixed.json'), 'utf8')));
    const md = await c.request<{ text: string }>('netpolLens/diff', { files, format: 'md' });
    assert.equal(md.text, readFileSync(fixture('diff-expected', 'mixed.md'), 'utf8'));
    const same = sent(dir);
    assert.deepEqual(await c.request('netpolLens/diff', { files: same, format: 'text' }), { text: 'No flow or workload changed.\n', changed: false });
  } finally {
    await c.stop();
  }
});
