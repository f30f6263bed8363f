// Rendered sources through the real server and the real helm and kubectl: diagnostics and
// lenses land on template and resource files, a save re-renders, keystrokes never do, and an
// untrusted workspace runs nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../helpers/fixtures';
import { LspClient, uriOf } from '../helpers/lsp-client';
import { k8sTool } from '../helpers/k8s-tools';
import type { StatusResult } from '../../server/src/protocol';

const settings = { helmPath: k8sTool('helm'), kubectlPath: k8sTool('kubectl') };
const clients: LspClient[] = [];
after(async () => { for (const c of clients) await c.stop(); });

function copy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `render-lsp-${name}-`));
  cpSync(fixture('render', name), dir, { recursive: true });
  return dir;
}

const status = (c: LspClient) => c.lastStatus() as unknown as StatusResult | undefined;
const renderTokens = (c: LspClient) => c.progress.filter((p) => p.value.kind === 'begin' && /rendering/.test((p.value as { title?: string }).title ??
  '')).map((p) => p.token);
const renderBegins = (c: LspClient) => renderTokens(c).length;
/** Every render that began has ended (its progress `end`), and the status after it arrived. */
const rendersDone = (c: LspClient, atLeast: number) => {
  const tokens = renderTokens(c);
  return tokens.length >= atLeast && tokens.every((t) => c.progress.some((p) => p.token === t && p.value.kind === 'end')) &&
    status(c)?.render.rendering === false;
};

async function start(dir: string, options: { trusted?: boolean } = {}): Promise<LspClient> {
  const c = await LspClient.start(dir, { settings, initializationOptions: { trusted: options.trusted } });
  clients.push(c);
  await c.until(() => !status(c)!.indexing && rendersDone(c, 1), 'the first render');
  return c;
}

test('a Helm template gets the rendered objects\' findings on its own line and no YAML errors', async () => {
  const dir = copy('helm-shop');
  const c = await start(dir);
  assert.deepEqual(status(c)!.render.targets.map((t) => [t.id, t.state]), [['charts/shop', 'rendered']]);
  const np = join(dir, 'charts/shop/templates/networkpolicy.yaml');
  const diags = await c.open(np);
  assert.deepEqual(diags.map((d) => [d.code, d.range.start.line, d.message]), [
    ['port-out-of-range', 17, 'Port 70000 is outside 1-65535. (rendered by charts/shop: `port: 70000`)'],
  ]);
  const lenses = await c.request<{ range: { start: { line: number } }; command: { title: string } }[]>('textDocument/codeLens',
    { textDocument: { uri: uriOf(np) } });
  assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command.title.split(':')[0]]), [[1, 'charts/shop renders shop/database-from-backend']]);
});

test('saving a values file re-renders that chart; typing in it does not', async () => {
  const dir = copy('helm-shop');
  const c = await start(dir);
  const values = join(dir, 'charts/shop/values-prod.yaml');
  const np = join(dir, 'charts/shop/templates/networkpolicy.yaml');
  await c.open(np);
  await c.open(values);
  const before = renderBegins(c);
  const fixed = readFileSync(values, 'utf8').replace('70000', '5432');
  await c.change(uriOf(values), fixed);
  assert.equal(renderBegins(c), before, 'a keystroke does not render');
  writeFileSync(values, fixed);
  c.clearDiagnostics(uriOf(np));
  await c.notify('textDocument/didSave', { textDocument: { uri: uriOf(values) } });
  await c.until(() => rendersDone(c, before + 1), 'the render after save');
  assert.deepEqual(await c.diagnosticsFor(uriOf(np)), []);
});

test('an untrusted workspace runs no binary and says so; templates stay silent', async () => {
  const dir = copy('helm-shop');
  const c = await start(dir, { trusted: false });
  const s = status(c)!;
  assert.equal(s.render.enabled, false);
  assert.match(s.render.disabledBecause!, /not trusted/);
  assert.deepEqual(s.render.targets.map((t) => [t.id, t.state]), [['charts/shop', 'skipped']]);
  assert.equal(s.workloads, 0);
  assert.deepEqual(await c.open(join(dir, 'charts/shop/templates/networkpolicy.yaml')), []);
});

test('the rendered output is a document in which diagnostics and hovers work', async () => {
  const dir = copy('helm-shop');
  const c = await start(dir);
  const uri = status(c)!.render.targets[0]!.uri!;
  assert.match(uri, /^netpol-rendered:.*\/charts\/shop\.yaml$/);
  const r = await c.request<{ text: string }>('netpolLens/rendered', { uri });
  assert.match(r.text, /# Source: shop\/templates\/networkpolicy\.yaml/);
  const diags = await c.open(uri, r.text);
  assert.deepEqual(diags.map((d) => d.code), ['port-out-of-range']);
  const line = r.text.split('\n').findIndex((l) => l.includes('app: backend'));
  const hover = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: line >= 0
    ? r.text.split('\n')[line]!.indexOf('app') : 0 } });
  assert.ok(hover && /shop-backend/.test(hover.contents.value), JSON.stringify(hover));
});

test('kustomize: a base file gets the overlay\'s namespace, a $patch: delete file is not a workload', async () => {
  const dir = copy('kustomize');
  const c = await start(dir);
  const s = status(c)!;
  assert.deepEqual(s.render.targets.map((t) => [t.id, t.state]), [['overlays/dev', 'rendered'], ['overlays/prod', 'skipped']]);
  assert.equal(s.workloads, 2, 'dev/web and dev/debug only: no raw base, no patch stub');
  assert.deepEqual(await c.open(join(dir, 'base/policy.yaml')), []);
  assert.deepEqual(await c.open(join(dir, 'overlays/prod/delete-debug.yaml')), []);
  const lenses = await c.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: uriOf(join(dir, 'base/policy.yaml')) } });
  assert.deepEqual(lenses.map((l) => l.command.title.split(':')[0]), ['overlays/dev renders dev/web-ingress']);
});

test('renderTargets chooses the other overlay', async () => {
  const dir = copy('kustomize');
  const c = await LspClient.start(dir, { settings: { ...settings, renderTargets: ['overlays/prod'] } });
  clients.push(c);
  await c.until(() => { const s = status(c); return !!s && !s.render.rendering && s.render.targets.some((t) => t.id === 'overlays/prod' &&
    t.state === 'rendered'); }, 'prod rendered');
  assert.equal(status(c)!.workloads, 2, 'prod/web and prod/prometheus');
});

test('hovers on a template and on a kustomize resource show what the rendered objects select', async () => {
  const helm = copy('helm-shop');
  const c = await start(helm);
  const np = join(helm, 'charts/shop/templates/networkpolicy.yaml');
  const text = readFileSync(np, 'utf8');
  await c.open(np);
  const line = text.split('\n').findIndex((l) => l.trim() === 'app: database');
  const h = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: uriOf(np) }, position: { line,
    character: 8 } });
  assert.ok(h, 'a hover on the template line');
  assert.match(h.contents.value, /^\*Rendered by `charts\/shop`:\*/);
  assert.match(h.contents.value, /shop-database/);
  const templated = text.split('\n').findIndex((l) => l.includes('{{ .Values.databasePort }}'));
  const p = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: uriOf(np) }, position: { line: templated,
    character: 12 } });
  assert.ok(p && /70000/.test(p.contents.value), `the templated port's hover speaks of the rendered value: ${JSON.stringify(p)}`);

  const kdir = copy('kustomize');
  const k = await start(kdir);
  const policy = join(kdir, 'base/policy.yaml');
  const ptext = readFileSync(policy, 'utf8');
  await k.open(policy);
  const webLine = ptext.split('\n').findIndex((l) => l.trim() === 'app: web');
  const kh = await k.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: uriOf(policy) }, position: { line: webLine,
    character: 8 } });
  assert.ok(kh && /^\*Rendered by `overlays\/dev`:\*/.test(kh.contents.value) && /dev\/web|web/.test(kh.contents.value), JSON.stringify(kh));
});

test('.netpol-lens.yaml: completion of its keys and of the folder\'s charts, diagnostics as typed', async () => {
  const dir = copy('helm-shop');
  const c = await start(dir);
  const uri = uriOf(join(dir, '.netpol-lens.yaml'));
  const labels = async (text: string, line: number, character: number) => {
    await c.change(uri, text);
    const r = await c.request<{ items: { label: string }[] } | null>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    return (r?.items ?? []).map((i) => i.label);
  };
  await c.open(uri, 're');
  assert.deepEqual(await labels('re', 0, 2), ['render', 'external']);
  assert.deepEqual(await labels('render:\n  - helm: ', 1, 10), ['charts/shop']);
  assert.deepEqual(await labels('render:\n  - helm: charts/shop\n    ', 2, 4), ['releaseName', 'namespace', 'values', 'set']);
  assert.deepEqual(await labels('render:\n  - ', 1, 4), ['helm', 'kustomize']);
  const diags = await c.change(uri, 'render:\n  - helm: charts/shop\n    kustomize: x\nexternal:\n  namespaces: monitoring\n');
  assert.deepEqual(diags.map((d) => [d.code, d.range.start.line]), [['project-config', 1], ['project-config', 4]]);
});
