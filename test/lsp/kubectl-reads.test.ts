// The real server indexes from disk what kubectl reads (UTF-16 with a BOM, JSON streams, folded
// quoted scalars) with the editor's positions, and names each disk file it skips for its size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../helpers/fixtures';
import { LspClient, uriOf } from '../helpers/lsp-client';

let tmp: string;
before(() => { tmp = mkdtempSync(join(tmpdir(), 'netpol-kubectl-reads-')); });
after(() => rmSync(tmp, { recursive: true, force: true }));

type Status = { files: number; workloads: number; policies: number; tooLarge?: number };
/** The index counts of the status (its render part is tested in render.test.ts). */
const status = async (c: LspClient) => {
  const { render: _render, ...counts } = await c.request<Status & { render?: unknown }>('netpolLens/status', {});
  return counts;
};
const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, annotations: {n: "naïve ☕"}, labels: {app: api}}\n`;
const utf16 = (text: string, be = false) => {
  const le = Buffer.from(text, 'utf16le');
  if (be) for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), le]);
};

test('UTF-16 files, JSON streams and folded quoted scalars on disk are indexed, at the editor\'s positions', async () => {
  const dir = join(tmp, 'read');
  mkdirSync(dir);
  for (const f of readdirSync(fixture('kubectl-reads', 'accepted'))) copyFileSync(fixture('kubectl-reads', 'accepted', f), join(dir, f));
  writeFileSync(join(dir, 'pod-utf8.yaml'), pod('one'));
  writeFileSync(join(dir, 'pod-utf16le.yaml'), utf16(pod('two')));
  writeFileSync(join(dir, 'pod-utf16be.yaml'), utf16(pod('six'), true));
  const c = await LspClient.start(dir);
  try {
    // quoted-continuation: a policy and db; stream.json: api, a policy, a namespace; two UTF-16
    // fixture policies; three pods.
    assert.deepEqual(await status(c), { indexing: false, files: 7, policies: 4, workloads: 5 });
    const uri = uriOf(join(dir, 'policy.yaml'));
    await c.open(uri, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n' +
      '  podSelector: {matchLabels: {app: api}}\n');
    const refs = await c.request<{ uri: string; range: unknown }[]>('textDocument/references', { textDocument: { uri }, position: { line: 4, character: 34 },
      context: { includeDeclaration: false } });
    const rangeOf = (name: string) => refs.find((r) => r.uri.endsWith(name))?.range;
    assert.ok(rangeOf('pod-utf8.yaml'), JSON.stringify(refs));
    assert.deepEqual(rangeOf('pod-utf16le.yaml'), rangeOf('pod-utf8.yaml'));
    assert.deepEqual(rangeOf('pod-utf16be.yaml'), rangeOf('pod-utf8.yaml'));
    assert.ok(rangeOf('stream.json'), 'the Deployment of the JSON stream is found');
    // Opened in the editor, they have no syntax error either.
    for (const [f, lang] of [['quoted-continuation.yaml', 'yaml'], ['stream.json', 'json']] as const) {
      const diags = await c.open(uriOf(join(dir, f)), undefined, lang);
      assert.deepEqual(diags.filter((d) => d.code === 'yaml-syntax'), [], f);
    }
  } finally {
    await c.stop();
  }
});

test('a disk file over maxFileSize is named in the log and counted in the status, also after a watched change', async () => {
  const dir = join(tmp, 'size');
  mkdirSync(dir);
  writeFileSync(join(dir, 'small.yaml'), pod('small'));
  writeFileSync(join(dir, 'bundle.yaml'), `${pod('big')}# ${'x'.repeat(3000)}\n`);
  const c = await LspClient.start(dir, { settings: { maxFileSize: 2000 } });
  try {
    assert.deepEqual(await status(c), { indexing: false, files: 1, policies: 0, workloads: 1, tooLarge: 1 });
    const skipped = () => c.logs.filter((l) => /skipped .*\.yaml: \d+ bytes, over netpolLens\.maxFileSize \(2000 bytes\)/.test(l.message)).map((l) =>
      l.message.replace(/.*skipped (\S+): .*/, '$1'));
    assert.deepEqual(skipped(), [join(dir, 'bundle.yaml')]);
    // A second large file arrives, then the first shrinks under the limit.
    writeFileSync(join(dir, 'more.yaml'), `${pod('more')}# ${'x'.repeat(5000)}\n`);
    writeFileSync(join(dir, 'bundle.yaml'), pod('big'));
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(join(dir, 'more.yaml')), type: 1 }, { uri: uriOf(join(dir, 'bundle.yaml')),
      type: 2 }] });
    assert.deepEqual(await status(c), { indexing: false, files: 2, policies: 0, workloads: 2, tooLarge: 1 });
    assert.deepEqual(skipped(), [join(dir, 'bundle.yaml'), join(dir, 'more.yaml')]);
    rmSync(join(dir, 'more.yaml'));
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(join(dir, 'more.yaml')), type: 3 }] });
    assert.deepEqual(await status(c), { indexing: false, files: 2, policies: 0, workloads: 2 });
  } finally {
    await c.stop();
  }
});
