// Code actions through the real server on the example workspace: ask for the fixes of each
// diagnostic that has one, apply the WorkspaceEdit, compare the whole text, see it go away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-protocol';
import { ROOT } from '../helpers/fixtures';
import { LspClient, uriOf } from '../helpers/lsp-client';

const SHOP = join(ROOT, 'examples', 'shop');
let c: LspClient;
before(async () => { c = await LspClient.start(SHOP); });
after(async () => { await c.stop(); });

let n = 0;
/** A fresh URI in the example workspace (never written to disk). */
const scratch = () => uriOf(join(SHOP, `scratch-code-actions-${n++}.yaml`));

function applyEdit(uri: string, text: string, action: CodeAction | undefined): string {
  const edits = action?.edit?.changes?.[uri];
  assert.ok(edits, `no edit for ${uri} in ${JSON.stringify(action)}`);
  assert.deepEqual(Object.keys(action!.edit!.changes!), [uri], 'edits only this document');
  return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
}

function codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  return c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
}

/**
 * Opens `text`, takes the one diagnostic `code`, applies its quick fix titled `title`, checks
 * the whole new text, then changes the document to it and checks the diagnostic is gone.
 */
async function quickFix(text: string, code: string, title: string, expected: string, opts: { preferred?: boolean; stays?: boolean } = {}): Promise<void> {
  const uri = scratch();
  const diags = await c.open(uri, text);
  const ours = diags.filter((d) => d.code === code);
  assert.equal(ours.length, 1, `one ${code} in ${JSON.stringify(diags.map((d) => d.code))}`);
  const d = ours[0]!;
  const actions = await codeActions(uri, d.range, [d], ['quickfix']);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no "${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.equal(action.kind, 'quickfix');
  assert.deepEqual(action.diagnostics, [d]);
  assert.equal(action.isPreferred, opts.preferred ?? true);
  const fixed = applyEdit(uri, text, action);
  assert.equal(fixed, expected);
  const after = await c.change(uri, fixed);
  if (!opts.stays) assert.deepEqual(after.filter((x) => x.code === code), [], `${code} is gone after the fix`);
  await c.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
}

const head = (name: string, ns: string, api = 'networking.k8s.io/v1') =>
  `# ${name}: a comment that must survive\napiVersion: ${api}\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}   # trailing comment\n` +
  `spec:\n`;

test('deprecated-api-version: the apiVersion value is replaced, nothing else', async () => {
  const text = `${head('old', 'shop', 'extensions/v1beta1')}  podSelector:\n    matchLabels:\n      app: backend\n  ingress:\n    - from:\n` +
    `        - podSelector: {}\n`;
  await quickFix(text, 'deprecated-api-version', 'Use apiVersion networking.k8s.io/v1',
    `${head('old', 'shop')}  podSelector:\n    matchLabels:\n      app: backend\n  ingress:\n    - from:\n        - podSelector: {}\n`);
});

test('except-outside-cidr: that except line is dropped', async () => {
  const body = '  podSelector:\n    matchLabels:\n      app: backend\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - ipBlock:\n' +
    '            cidr: 10.0.0.0/16\n            except:\n              - 10.0.1.0/24   # ours\n';
  await quickFix(`${head('cidr', 'shop')}${body.replace('except:\n', 'except:\n              - 10.9.0.0/24\n')}`, 'except-outside-cidr', 'Remove this except',
    `${head('cidr', 'shop')}${body}`);
});

test('except-outside-cidr: one item of a flow list goes with its comma', async () => {
  const body = (except: string) => `  podSelector:\n    matchLabels:\n      app: backend\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n` +
    `        - ipBlock: {cidr: 10.0.0.0/16, except: [${except}]}   # office\n`;
  await quickFix(`${head('cidr-flow', 'shop')}${body('10.0.1.0/24, 10.9.0.0/24')}`, 'except-outside-cidr', 'Remove this except',
    `${head('cidr-flow', 'shop')}${body('10.0.1.0/24')}`);
});

const trap = (items: string) => `${head('trap', 'shop')}  podSelector:\n    matchLabels:\n      app: database\n  ingress:\n` +
  `    - from:\n${items}      ports:\n        - port: 5432\n`;
const nsItem = '        - namespaceSelector:\n            matchLabels:\n              team: storefront\n';
// The frontend runs in the storefront namespace, not in shop: the pod-only peer matches nothing,
// so the OR is no evident intent (and-or-trap's orIsEvident) and the trap is reported.
const podItem = (dash: string) => `        ${dash} podSelector:\n            matchLabels:\n              app: frontend\n`;

test('and-or-trap: merge the two peers into one (AND)', async () => {
  await quickFix(trap(nsItem + podItem('-')), 'and-or-trap', 'Merge into one peer (AND): pods labelled app=frontend in namespaces labelled team=storefront',
    trap(nsItem + podItem(' ')));
});

test('and-or-trap: or keep the OR and say so in a comment', async () => {
  const text = trap(nsItem + podItem('-'));
  await quickFix(text, 'and-or-trap', 'Keep the OR: add a comment saying so',
    text.replace('    - from:\n', '    # OR: every pod in namespaces labelled team=storefront, or pods labelled app=frontend in namespace shop (two peers, ' +
      'on purpose)\n    - from:\n'),
    { preferred: false, stays: true });
});

const webEgress = `${head('web-out', 'web')}  podSelector:\n    matchLabels:\n      app: frontend\n  policyTypes:\n    - Egress\n  egress:\n    - to:\n` +
  `        - namespaceSelector:\n            matchLabels:\n              team: checkout\n          podSelector:\n            matchLabels:\n` +
  `              app: backend\n`;
const dnsRule = '    - to:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: kube-system\n' +
  '          podSelector:\n            matchLabels:\n              k8s-app: kube-dns\n      ports:\n        - protocol: UDP\n          port: 53\n' +
  '        - protocol: TCP\n          port: 53\n';

test('egress-without-dns: the DNS rule is appended to egress', async () => {
  await quickFix(webEgress, 'egress-without-dns', 'Allow DNS egress (UDP and TCP 53 to kube-dns)', webEgress + dnsRule);
});

test('egress-rules-ignored: Egress is added to a block policyTypes', async () => {
  const text = `${head('ignored', 'shop')}  podSelector:\n    matchLabels:\n      app: backend\n  policyTypes:\n    - Ingress   # on purpose\n  ingress:\n` +
    `    - {}\n  egress:\n    - ports:\n        - protocol: UDP\n          port: 53\n        - protocol: TCP\n          port: 53\n`;
  await quickFix(text, 'egress-rules-ignored', 'Add Egress to policyTypes',
    text.replace('    - Ingress   # on purpose\n', '    - Ingress   # on purpose\n    - Egress\n'));
});

test('ingress-rules-ignored: Ingress is added to a flow policyTypes', async () => {
  const text = `${head('ignored-in', 'shop')}  podSelector:\n    matchLabels:\n      app: database\n  policyTypes: [Egress]\n  egress:\n    - {}\n` +
    `  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: backend\n`;
  await quickFix(text, 'ingress-rules-ignored', 'Add Ingress to policyTypes', text.replace('[Egress]', '[Egress, Ingress]'));
});

test('a diagnostic whose range no longer matches its finding gets no quick fix', async () => {
  const uri = scratch();
  const text = `${head('old2', 'shop', 'extensions/v1beta1')}  podSelector: {}\n`;
  const d = (await c.open(uri, text)).find((x) => x.code === 'deprecated-api-version')!;
  const moved = { ...d, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
  assert.deepEqual(await codeActions(uri, moved.range, [moved], ['quickfix']), []);
  const foreign = { ...d, source: 'yaml' };
  assert.deepEqual(await codeActions(uri, d.range, [foreign], ['quickfix']), []);
  await c.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

const workloadDoc = '# the storefront\napiVersion: v1\nkind: Pod\nmetadata:\n  name: probe\n  namespace: web\nspec:\n  containers:\n    - name: c\n' +
  '      image: busybox\n';

test('refactor: insert a default deny-all policy for the namespace under the cursor', async () => {
  const uri = scratch();
  await c.open(uri, workloadDoc);
  const before = await c.request<{ policies: number }>('netpolLens/status', {});
  const range = { start: { line: 2, character: 3 }, end: { line: 2, character: 3 } };
  const actions = await codeActions(uri, range, [], ['refactor']);
  assert.deepEqual(actions.map((a) => [a.title, a.kind]), [
    ['Insert a default deny-all policy for ingress in namespace web', 'refactor'],
    ['Insert a default deny-all policy for egress in namespace web', 'refactor'],
    ['Insert a default deny-all policy for ingress and egress in namespace web', 'refactor'],
  ]);
  const fixed = applyEdit(uri, workloadDoc, actions[0]);
  assert.equal(fixed, `${workloadDoc}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-ingress\n  namespace: web\n` +
    `spec:\n  podSelector: {}\n  policyTypes:\n    - Ingress\n`);
  const diags = await c.change(uri, fixed);
  assert.deepEqual(diags.filter((d) => d.severity === 1), [], 'the inserted policy is valid');
  const status = await c.request<{ policies: number }>('netpolLens/status', {});
  assert.equal(status.policies, before.policies + 1);
  // Ingress is now denied in web: only egress is offered (both directions would repeat ingress).
  const again = await codeActions(uri, range, [], ['refactor']);
  assert.deepEqual(again.map((a) => a.title), ['Insert a default deny-all policy for egress in namespace web']);
  await c.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('refactor: no deny-all document appended to a JSON file (a second document breaks JSON)', async () => {
  const uri = uriOf(join(SHOP, `scratch-code-actions-${n++}.json`));
  const text = `${JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'probe', namespace: 'web' }, spec: { containers: [{ name: 'c' }] } }, null,
    2)}\n`;
  await c.open(uri, text, 'json');
  assert.deepEqual(await codeActions(uri, { start: { line: 2, character: 4 }, end: { line: 2, character: 4 } }, [], ['refactor']), []);
  await c.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('no DNS refactoring on a policy that no finding flags because another policy of the namespace allows DNS', async () => {
  const uri = scratch();
  const text = `${head('backend-out', 'shop')}  podSelector:\n    matchLabels:\n      app: backend\n  policyTypes:\n    - Egress\n  egress:\n    - to:\n` +
    `        - podSelector:\n            matchLabels:\n              app: database\n`;
  const diags = await c.open(uri, text);
  assert.deepEqual(diags.filter((d) => d.code === 'egress-without-dns'), [], 'shop/allow-dns already allows DNS');
  const range = { start: { line: 8, character: 4 }, end: { line: 8, character: 4 } };
  const actions = await codeActions(uri, range, diags);
  // shop/allow-dns selects every pod of shop: an offer to allow DNS here would be a false claim that it is missing.
  assert.deepEqual(actions.filter((a) => /DNS/.test(a.title)).map((a) => a.title), []);
  assert.ok(!actions.some((a) => /deny-all/.test(a.title)), 'shop already denies everything');
  assert.deepEqual(await codeActions(uri, range, diags, ['quickfix']), [], 'a refactoring is not a quick fix');
  await c.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('no code actions in YAML that is not Kubernetes', async () => {
  const uri = scratch();
  await c.open(uri, 'name: CI\non:\n  push: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n');
  assert.deepEqual(await codeActions(uri, { start: { line: 4, character: 3 }, end: { line: 4, character: 3 } }, []), []);
});

test('deprecated-admin-network-policy: the quick fix rewrites an AdminNetworkPolicy as a ClusterNetworkPolicy', async () => {
  const anp = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: tenant\nspec:\n  priority: 10\n'
    + '  subject:\n    namespaces: {}\n  egress:\n    - action: Allow\n      to: [{namespaces: {}}]\n      ports:\n        - namedPort: dns\n';
  const expected = 'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata:\n  name: tenant\nspec:\n  tier: Admin\n'
    + '  priority: 10\n'
    + '  subject:\n    namespaces: {}\n  egress:\n    - action: Accept\n      to: [{namespaces: {}}]\n      protocols:\n'
    + '        - {destinationNamedPort: dns}\n';
  await quickFix(anp, 'deprecated-admin-network-policy', 'Rewrite as a ClusterNetworkPolicy (tier Admin)', expected);
});

// Writing a policy by hand: the fixes of a typo, a case, a label value, a namespace.
const pods = (peer: string) => `${head('hand', 'shop')}  podSelector:\n    matchLabels:\n      app: database\n  ingress:\n`
  + `    - from:\n        - podSelector:\n            matchLabels:\n              app: ${peer}\n`;

test('unknown-field: did you mean, as the preferred fix', async () => {
  await quickFix(pods('backend').replace('  ingress:', '  ingres:'), 'unknown-field', 'Change `ingres` to `ingress`', pods('backend'));
});

test('invalid-enum: tcp becomes TCP', async () => {
  const text = (p: string) => `${pods('backend')}      ports:\n        - protocol: ${p}\n          port: 5432\n`;
  await quickFix(text('tcp'), 'invalid-enum', 'Change to `TCP`', text('TCP'));
});

test('peer-matches-nothing: the nearest existing label value, and a namespaceSelector for pods of another namespace', async () => {
  await quickFix(pods('backnd'), 'peer-matches-nothing', 'Change `backnd` to `backend` (app=backend matches 1 workload)', pods('backend'));
  const ns = '          namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: web\n';
  await quickFix(pods('frontend'), 'peer-matches-nothing', 'Add a namespaceSelector for `web` (the pods this podSelector matches run there)',
    `${pods('frontend')}${ns}`, { preferred: false });
});

test('refactor: a client with the reveal command gets it after an inserted deny-all, on the policy\'s first line', async () => {
  const vscodeLike = await LspClient.start(SHOP, { initializationOptions: { clientCommands: ['netpolLens.showExplanation', 'netpolLens.revealLine'] } });
  try {
    const uri = scratch();
    await vscodeLike.open(uri, workloadDoc);
    const range = { start: { line: 2, character: 3 }, end: { line: 2, character: 3 } };
    const actions = await vscodeLike.request<CodeAction[]>('textDocument/codeAction',
      { textDocument: { uri }, range, context: { diagnostics: [], only: ['refactor'] } });
    const fixed = applyEdit(uri, workloadDoc, actions[0]);
    const line = fixed.split('\n').indexOf('apiVersion: networking.k8s.io/v1', workloadDoc.split('\n').length - 1);
    assert.deepEqual(actions[0]!.command, { title: 'Show the inserted policy', command: 'netpolLens.revealLine', arguments: [uri, line] });
  } finally {
    await vscodeLike.stop();
  }
  // This test's other client lists no such command: its actions carry none.
  const uri = scratch();
  await c.open(uri, workloadDoc);
  const plain = await codeActions(uri, { start: { line: 2, character: 3 }, end: { line: 2, character: 3 } }, [], ['refactor']);
  assert.ok(plain.length > 0 && plain.every((a) => a.command === undefined));
});
