// The files on disk the real server indexes: watched-file events, closing documents and
// workspace-folder changes follow the same skip rules as the first indexing; BOMs do not shift;
// every change, edits of open documents included, is followed by a status notification.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, uriOf } from '../helpers/lsp-client';

const CREATED = 1;
const DELETED = 3;
const pod = (app: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${app}, namespace: shop, labels: {app: ${app}}}\n`;

let tmp: string;
before(() => { tmp = mkdtempSync(join(tmpdir(), 'netpol-store-')); });
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh folder under the test's temporary directory, with the given files. */
function folder(name: string, files: Record<string, string> = {}): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) write(join(dir, f), text);
  return dir;
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

type Status = { indexing: boolean; files: number; policies: number; workloads: number; tooLarge?: number; render?: unknown };
/** The index counts of the status (its render part is tested in render.test.ts). */
const status = async (c: LspClient) => {
  const { render: _render, ...counts } = await c.request<Status>('netpolLens/status', {});
  return counts;
};

test('watched-file events and closing a document skip what the first indexing skips', async () => {
  const dir = folder('skip', { 'apps.yaml': pod('web') });
  const c = await LspClient.start(dir, { settings: { exclude: ['excluded/**'], maxFileSize: 2000 } });
  try {
    assert.deepEqual(await status(c), { indexing: false, files: 1, policies: 0, workloads: 1 });
    const skipped: Record<string, string> = {
      'node_modules/x.yaml': pod('nm'),
      '.git/x.yaml': pod('git'),
      'excluded/x.yaml': pod('ex'),
      'charts/t.yaml': `{{- if .Values.x }}\n${pod('helm')}{{- end }}\n`,
      'big.yaml': `${pod('big')}# ${'x'.repeat(3000)}\n`,
      'notes.txt': pod('txt'),
    };
    for (const [f, text] of Object.entries(skipped)) write(join(dir, f), text);
    write(join(dir, 'new.yaml'), pod('new'));
    const changes = [...Object.keys(skipped), 'new.yaml'].map((f) => ({ uri: uriOf(join(dir, f)), type: CREATED }));
    await c.notify('workspace/didChangeWatchedFiles', { changes });
    assert.deepEqual(await status(c), { indexing: false, files: 2, policies: 0, workloads: 2, tooLarge: 1 },
      'only new.yaml joins the index; big.yaml is counted as too large');

    // Opening an excluded file analyzes it; closing it must not leave it indexed from disk.
    const excluded = uriOf(join(dir, 'excluded', 'x.yaml'));
    await c.open(excluded, pod('ex'));
    assert.equal((await status(c)).workloads, 3);
    await c.notify('textDocument/didClose', { textDocument: { uri: excluded } });
    assert.deepEqual(await status(c), { indexing: false, files: 2, policies: 0, workloads: 2, tooLarge: 1 });
  } finally {
    await c.stop();
  }
});

test('a deleted folder takes every indexed file under it out of the index', async () => {
  const dir = folder('folder-delete', { 'apps.yaml': pod('web') });
  const c = await LspClient.start(dir);
  try {
    // Editors report a deleted folder once, not its files: the server watches folders for deletes.
    const watchers = c.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles')
      .flatMap((r) => (r.registerOptions as { watchers: { globPattern: string; kind?: number }[] }).watchers);
    assert.ok(watchers.some((w) => w.globPattern === '**/*' && w.kind === 4), JSON.stringify(watchers));
    write(join(dir, 'sub', 'd.yaml'), pod('d'));
    write(join(dir, 'sub', 'deeper', 'e.yaml'), pod('e'));
    write(join(dir, 'subway.yaml'), pod('s'));
    await c.notify('workspace/didChangeWatchedFiles', { changes: ['sub/d.yaml', 'sub/deeper/e.yaml', 'subway.yaml'].map((f) =>
      ({ uri: uriOf(join(dir, f)), type: CREATED })) });
    assert.equal((await status(c)).workloads, 4);
    rmSync(join(dir, 'sub'), { recursive: true });
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(join(dir, 'sub')), type: DELETED }] });
    assert.deepEqual(await status(c), { indexing: false, files: 2, policies: 0, workloads: 2 }, 'apps.yaml and subway.yaml stay');
  } finally {
    await c.stop();
  }
});

test('workspace folders added and removed are indexed and dropped', async () => {
  const a = folder('folders-a', { 'a.yaml': pod('a') });
  const b = folder('folders-b', { 'b.yaml': pod('b'), 'nested/c.yaml': pod('c'), 'node_modules/x.yaml': pod('nm') });
  const c = await LspClient.start(a);
  try {
    const caps = c.initializeResult!.capabilities as { workspace?: { workspaceFolders?: { changeNotifications?: unknown } } };
    assert.equal(caps.workspace?.workspaceFolders?.changeNotifications, true);
    await c.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uriOf(b), name: 'b' }], removed: [] } });
    await c.until(() => c.lastStatus()?.indexing === false && c.lastStatus()?.files === 3, 'folder b to be indexed', 5000);
    assert.equal(c.lastStatus()!.workloads, 3);
    await c.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uriOf(a), name: 'ws' }] } });
    await c.until(() => c.lastStatus()?.files === 2, 'folder a to be dropped', 5000);
    assert.deepEqual(await status(c), { indexing: false, files: 2, policies: 0, workloads: 2 });
    // A file of the removed folder no longer joins the index when it changes.
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(join(a, 'a.yaml')), type: 2 }] });
    assert.equal((await status(c)).files, 2);
  } finally {
    await c.stop();
  }
});

test('a BOM at the start of a file on disk does not shift its positions', async () => {
  const json = (name: string) => `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "${name}", "namespace": "shop", "labels": {"app": "api"}}}\n`;
  const dir = folder('bom', { 'with-bom.json': `\uFEFF${json('one')}`, 'without.json': json('two') });
  const c = await LspClient.start(dir);
  try {
    const uri = uriOf(join(dir, 'policy.yaml'));
    await c.open(uri, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n' +
      '  podSelector: {matchLabels: {app: api}}\n');
    const refs = await c.request<{ uri: string; range: unknown }[]>('textDocument/references',
      { textDocument: { uri }, position: { line: 4, character: 34 }, context: { includeDeclaration: false } });
    const rangeOf = (name: string) => refs.find((r) => r.uri.endsWith(name))?.range;
    assert.ok(rangeOf('without.json'), JSON.stringify(refs));
    // Editors drop the BOM from the text they show: both files have the same positions.
    assert.deepEqual(rangeOf('with-bom.json'), rangeOf('without.json'));
  } finally {
    await c.stop();
  }
});

test('an edit of an open document is followed by a status notification with the new counts', async () => {
  const dir = folder('edit-status', { 'apps.yaml': pod('web') });
  const c = await LspClient.start(dir);
  try {
    const policy = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n` +
      `  podSelector: {}\n`;
    const uri = uriOf(join(dir, 'typed.yaml')); // open only, never on disk
    await c.open(uri, '');
    await c.until(() => c.lastStatus()?.files === 2, 'the status after opening', 5000);
    assert.equal(c.lastStatus()!.policies, 0);
    // The client asks nothing: the notification alone must bring the new counts.
    await c.change(uri, `${policy('a')}---\n${policy('b')}`);
    await c.until(() => c.lastStatus()?.policies === 2, 'the status after the edit', 5000);
    await c.change(uri, policy('a'));
    await c.until(() => c.lastStatus()?.policies === 1, 'the status after a second edit', 5000);
  } finally {
    await c.stop();
  }
});
