// `netpolLens/denyAll` through the real server: the deny-all policy Insert Default Deny-All
// opens when no manifest is at hand, written by the engine's refactoring with its guards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LspClient, uriOf } from '../helpers/lsp-client';

type DenyAllResult = { text: string } | { error: string };

/** A policy named default-deny-all that selects only app=db: the name is taken, nothing is denied. */
const namedOnly = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny-all, namespace: shop}\nspec:\n' +
  '  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress, Egress]\n';
/** A real deny-all for ingress in web: every pod, no rules. */
const webDeniesIngress = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: no-ingress, namespace: web}\nspec:\n  podSelector: {}\n' +
  '  policyTypes: [Ingress]\n';
const pods = 'apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: shop, labels: {app: db}}\n---\napiVersion: v1\nkind: Pod\n' +
  'metadata: {name: web, namespace: web, labels: {app: web}}\n';

let dir: string;
let c: LspClient;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'netpol-deny-all-'));
  writeFileSync(join(dir, 'policies.yaml'), `${namedOnly}---\n${webDeniesIngress}`);
  writeFileSync(join(dir, 'pods.yaml'), pods);
  c = await LspClient.start(dir);
});
after(async () => {
  await c.stop();
  rmSync(dir, { recursive: true, force: true });
});

const denyAll = (namespace: string, directions: string) => c.request<DenyAllResult>('netpolLens/denyAll', { namespace, directions });

test('a free name when default-deny-all is taken, and the new document raises no duplicate-policy-name', async () => {
  const r = await denyAll('shop', 'ingress and egress');
  assert.ok('text' in r, JSON.stringify(r));
  assert.equal(r.text, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-all-2\n  namespace: shop\nspec:\n' +
    '  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n');
  // Opened as a document (never saved), it raises no duplicate-policy-name, and it counts: shop
  // now denies both directions, until it is closed.
  const uri = uriOf(join(dir, 'new-deny-all.yaml'));
  const diags = await c.open(uri, r.text);
  assert.deepEqual(diags.filter((d) => d.code === 'duplicate-policy-name'), []);
  assert.deepEqual(await denyAll('shop', 'egress'),
    { error: 'Namespace shop already denies all egress (policy default-deny-all-2): another deny-all would change nothing.' });
  assert.deepEqual(await denyAll('shop', 'ingress and egress'),
    { error: 'Namespace shop already denies all ingress (policy default-deny-all-2) and all egress (policy default-deny-all-2): another deny-all would ' +
    'change nothing.' });
  await c.notify('textDocument/didClose', { textDocument: { uri } });
  assert.deepEqual(await denyAll('shop', 'egress'), { text: r.text.replace('default-deny-all-2', 'default-deny-egress').replace('    - Ingress\n', '') });
});

test('a namespace YAML would read as another type is quoted', async () => {
  for (const ns of ['true', '123', 'null', 'on']) {
    const r = await denyAll(ns, 'egress');
    assert.ok('text' in r, JSON.stringify(r));
    assert.match(r.text, new RegExp(`\\n {2}namespace: "${ns}"\\n`));
    assert.deepEqual(parse(r.text).metadata, { name: 'default-deny-egress', namespace: ns });
  }
});

test('no policy when the namespace already denies a direction asked for, naming what is there (not "ingress or egress")', async () => {
  assert.deepEqual(await denyAll('web', 'ingress'),
    { error: 'Namespace web already denies all ingress (policy no-ingress): another deny-all would change nothing.' });
  assert.deepEqual(await denyAll('web', 'ingress and egress'),
    { error: 'Namespace web already denies all ingress (policy no-ingress); egress is not denied: insert a deny-all for egress alone.' });
  const egress = await denyAll('web', 'egress');
  assert.ok('text' in egress && /name: default-deny-egress\n/.test(egress.text), JSON.stringify(egress));
  assert.ok('error' in (await denyAll('web', 'sideways')), 'an unknown direction is refused');
});
