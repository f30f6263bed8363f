// Refactorings at the cursor: every edit is applied and the WHOLE resulting text compared byte
// for byte (comments, CRLF, 4-space and kubectl-style indentation, no final newline).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';
import { Workspace, detectIndentStyle, refactoringsAt, type Refactoring, type TextEdit } from '../../server/src/engine/index';

const workloads = [
  'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: web, labels: {app: web}}\nspec: {containers: [{name: c}]}',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}\nspec: {containers: [{name: c}]}',
].join('\n---\n');

/** The refactorings at the offset of `|` in `marked` (the marker removed), in a workspace. */
function at(marked: string, others: Record<string, string> = {}, defaultNamespace = 'default', file = 'f.yaml'): { text: string; refactorings: Refactoring[] } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'the input needs a | cursor marker');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const ws = new Workspace({ defaultNamespace });
  ws.setFile('w.yaml', workloads);
  for (const [name, t] of Object.entries(others)) ws.setFile(name, t);
  const facts = ws.setFile(file, text, { keepObjects: true });
  const refactorings = refactoringsAt({ snapshot: ws.snapshot(), file, text, objects: facts.objects ?? [], offset, defaultNamespace });
  return { text, refactorings };
}

/** Applies edits (end first, so offsets stay valid). */
function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** Applies the refactoring whose title matches and returns the new text. */
function applied(r: { text: string; refactorings: Refactoring[] }, title: RegExp): string {
  const found = r.refactorings.find((x) => title.test(x.title));
  assert.ok(found, `no refactoring ${title} among: ${r.refactorings.map((x) => x.title).join(' | ')}`);
  return apply(r.text, found.edits);
}

/** The new text parses into policies without any finding of the engine's own checks. */
function reread(text: string): Workspace {
  const ws = new Workspace();
  ws.setFile('w.yaml', workloads);
  const facts = ws.setFile('f.yaml', text);
  assert.deepEqual(facts.findings.map((f) => f.id), [], 'the result is valid');
  return ws;
}

const webPod = `# Web tier: the pod the shop serves from.
apiVersion: v1
kind: Pod
metadata:
  name: web   # keep this comment
  namespace: web
spec:
  containers:
    - name: c
      image: nginx
`;

test('deny-all ingress for the namespace of the workload under the cursor, appended as a new document', () => {
  const r = at(webPod.replace('kind: Pod', 'kind: P|od'));
  assert.deepEqual(r.refactorings.map((x) => [x.title, x.kind]), [
    ['Insert a default deny-all policy for ingress in namespace web', 'refactor'],
    ['Insert a default deny-all policy for egress in namespace web', 'refactor'],
    ['Insert a default deny-all policy for ingress and egress in namespace web', 'refactor'],
  ]);
  const out = applied(r, /for ingress in/);
  assert.equal(out, `${webPod}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
  namespace: web
spec:
  podSelector: {}
  policyTypes:
    - Ingress
`);
  const p = reread(out).snapshot().policies[0]!;
  assert.deepEqual([p.namespace, p.isolates, p.ingress.length], ['web', { ingress: true, egress: false }, 0]);
});

test('deny-all both directions in a CRLF file keeps CRLF everywhere', () => {
  const crlf = webPod.replace(/\n/g, '\r\n');
  const out = applied(at(`|${crlf}`), /ingress and egress/);
  assert.equal(out, `${crlf}---\r\napiVersion: networking.k8s.io/v1\r\nkind: NetworkPolicy\r\nmetadata:\r\n  name: default-deny-all\r\n  namespace: web\r\n` +
    `spec:\r\n  podSelector: {}\r\n  policyTypes:\r\n    - Ingress\r\n    - Egress\r\n`);
  assert.equal(reread(out).snapshot().policies.length, 1);
});

test('a 4-space file gets a 4-space policy', () => {
  const four = `apiVersion: v1
kind: Pod
metadata:
    name: web
    namespace: web
spec:
    containers:
        -   name: c
`;
  const out = applied(at(four.replace('spec:', 'sp|ec:')), /for egress in/);
  assert.equal(out, `${four}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
    name: default-deny-egress
    namespace: web
spec:
    podSelector: {}
    policyTypes:
        - Egress
`);
  reread(out);
});

test('kubectl-style sequences (not indented under their key) stay that way', () => {
  const kubectl = `apiVersion: v1
kind: Pod
metadata:
  labels:
    app: web
  name: web
  namespace: web
spec:
  containers:
  - image: nginx
    name: c
    ports:
    - containerPort: 80
`;
  const out = applied(at(kubectl.replace('name: c', 'name: |c')), /ingress and egress/);
  assert.equal(out, `${kubectl}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-all
  namespace: web
spec:
  podSelector: {}
  policyTypes:
  - Ingress
  - Egress
`);
  reread(out);
});

test('a file without a final newline keeps ending without one', () => {
  const open = webPod.trimEnd();
  const out = applied(at(`${open}|`), /for ingress in/);
  assert.equal(out, `${open}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
  namespace: web
spec:
  podSelector: {}
  policyTypes:
    - Ingress`);
  reread(out);
});

test('an empty file gets the policy alone, in the default namespace', () => {
  const out = applied(at('|', {}, 'dev'), /for egress in namespace dev/);
  assert.equal(out, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-egress\n  namespace: dev\nspec:\n' +
    '  podSelector: {}\n  policyTypes:\n    - Egress\n');
});

test('a file ending in an empty document (comments and ---) fills it instead of adding another separator', () => {
  const text = `${webPod}---\n# policies below\n`;
  const out = applied(at(`|${text}`), /for ingress in/);
  assert.equal(out, `${text}apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-ingress\n  namespace: web\nspec:\n` +
    `  podSelector: {}\n  policyTypes:\n    - Ingress\n`);
  reread(out);
});

test('a Namespace object under the cursor names the namespace', () => {
  const r = at('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: pay|ments\n');
  assert.deepEqual(r.refactorings.map((x) => x.title.replace(/.* in namespace /, '')), ['payments', 'payments', 'payments']);
});

test('directions the namespace already denies are not offered again; taken names get a suffix', () => {
  const denyIngress = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny-egress, namespace: web}\nspec:\n' +
    '  podSelector: {}\n  policyTypes: [Ingress]\n';
  const r = at(webPod.replace('name: web', 'name: w|eb'), { 'p.yaml': denyIngress });
  assert.deepEqual(r.refactorings.map((x) => x.title), ['Insert a default deny-all policy for egress in namespace web']);
  assert.match(apply(r.text, r.refactorings[0]!.edits), /name: default-deny-egress-2\n/);
  const both = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: d, namespace: web}\n' +
    'spec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n';
  assert.deepEqual(at(webPod.replace('name: web', 'name: w|eb'), { 'p.yaml': both }).refactorings, []);
});

test('YAML that is not a Kubernetes manifest gets no refactoring', () => {
  assert.deepEqual(at('name: CI\non:\n  push: {}\njobs:\n  b|uild:\n    runs-on: ubuntu-latest\n').refactorings, []);
});

const egressPolicy = `# Web may talk to its API only.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-egress
  namespace: web
spec:
  podSelector:
    matchLabels:
      app: web   # the storefront
  policyTypes:
    - Egress
  egress:
    - to:
        - podSelector:
            matchLabels:
              app: api
      ports:
        - protocol: TCP
          port: 8080
`;

test('add the DNS egress rule on an egress-isolating policy under the cursor', () => {
  const r = at(egressPolicy.replace('policyTypes', 'policy|Types'));
  const out = applied(r, /Allow DNS egress/);
  assert.equal(out, `${egressPolicy}    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
`);
  const ws = reread(out);
  const after = at(out.replace('policyTypes', 'policy|Types'));
  assert.ok(!after.refactorings.some((x) => /DNS/.test(x.title)), 'offered again after it was added');
  assert.equal(ws.snapshot().policies[0]!.egress.length, 2);
});

test('on a deny-all (egress isolated, no egress rule) the DNS rule goes in a new policy selecting the same pods, so the deny-all keeps denying all', () => {
  const noRules = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-all\n  namespace: web\nspec:\n  podSelector:\n' +
    '    matchLabels:\n      tier: "1"\n  policyTypes:\n    - Egress\n';
  const r = at(noRules.replace('default-deny-all', 'default-deny|-all'));
  assert.deepEqual(r.refactorings.filter((x) => /DNS/.test(x.title)).map((x) => x.title), [
    'Allow DNS egress in a new policy allow-dns (UDP and TCP 53 to kube-dns; default-deny-all keeps denying the rest)',
    'Add the DNS rule to default-deny-all (it then allows DNS egress: no longer a deny-all)',
  ]);
  const out = applied(r, /in a new policy/);
  assert.equal(out, `${noRules}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: web
spec:
  podSelector:
    matchLabels:
      tier: "1"
  policyTypes:
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
`);
  const ws = reread(out);
  const [deny, dns] = ws.snapshot().policies;
  assert.deepEqual([deny!.name, deny!.egress.length, dns!.name], ['default-deny-all', 0, 'allow-dns']);
  // The namespace now allows DNS: no DNS refactoring is offered on either policy.
  assert.ok(!at(out.replace('default-deny-all', 'default-deny|-all')).refactorings.some((x) => /DNS/.test(x.title)));
});

test('no DNS refactoring on a policy whose namespace already allows DNS through another policy (examples/shop default-deny)', () => {
  const shop = (f: string) => readFileSync(join(ROOT, 'examples', 'shop', f), 'utf8');
  const text = shop('policies.yaml');
  const r = at(text.replace('name: default-deny', 'name: default-|deny'), { 'namespaces.yaml': shop('namespaces.yaml'),
    'workloads.yaml': shop('workloads.yaml') });
  assert.deepEqual(r.refactorings.filter((x) => /DNS/.test(x.title)).map((x) => x.title), []);
  // Without allow-dns the namespace does not: the new-policy fix is offered again.
  const alone = text.slice(0, text.indexOf('---'));
  const r2 = at(alone.replace('name: default-deny', 'name: default-|deny'), { 'namespaces.yaml': shop('namespaces.yaml'),
    'workloads.yaml': shop('workloads.yaml') });
  assert.match(r2.refactorings.find((x) => /DNS/.test(x.title))?.title ?? '', /in a new policy allow-dns/);
});

test('the DNS rule creates `egress:` on a policy that has none, when chosen instead of a new policy', () => {
  const noRules = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-out\n  namespace: web\nspec:\n  podSelector: {}\n' +
    '  policyTypes:\n    - Egress\n';
  const out = applied(at(noRules.replace('deny-out', 'deny|-out')), /Add the DNS rule to deny-out/);
  assert.equal(out, `${noRules}  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
`);
  reread(out);
});

test('no DNS refactoring on ingress-only policies, outside policies, or when a quick fix already offers it', () => {
  const ingressOnly = egressPolicy.replace('    - Egress\n  egress:', '    - Ingress\n  ingress:').replace('- to:', '- from:');
  assert.ok(!at(ingressOnly.replace('policyTypes', 'policy|Types')).refactorings.some((x) => /DNS/.test(x.title)));
  assert.ok(!at(`${webPod.replace('kind: Pod', 'kind: P|od')}`).refactorings.some((x) => /DNS/.test(x.title)));
  const first = at(egressPolicy.replace('policyTypes', 'policy|Types')).refactorings.find((x) => /DNS/.test(x.title))!;
  const offset = egressPolicy.indexOf('policyTypes');
  const ws = new Workspace();
  ws.setFile('w.yaml', workloads);
  const facts = ws.setFile('f.yaml', egressPolicy, { keepObjects: true });
  const again = refactoringsAt({ snapshot: ws.snapshot(), file: 'f.yaml', text: egressPolicy, objects: facts.objects!, offset, defaultNamespace: 'default',
    offered: [{ title: first.title, edits: first.edits }] });
  assert.ok(!again.some((x) => /DNS/.test(x.title)));
});

const styles: { name: string; text: string; unit: 2 | 4; indentSequences: boolean; newline: '\n' | '\r\n' }[] = [
  { name: 'nothing to go by', text: 'a: 1\n', unit: 2, indentSequences: true, newline: '\n' },
  { name: '2 spaces, indented sequences', text: 'a:\n  b:\n    - x\n', unit: 2, indentSequences: true, newline: '\n' },
  { name: '4 spaces', text: 'a:\n    b:\n        c: 1\n', unit: 4, indentSequences: true, newline: '\n' },
  { name: 'kubectl style', text: 'spec:\n  containers:\n  - name: c\n    ports:\n    - containerPort: 80\n', unit: 2, indentSequences: false, newline: '\n' },
  { name: 'CRLF and comments between key and value', text: 'a:\r\n  # note\r\n  - x\r\n', unit: 2, indentSequences: true, newline: '\r\n' },
  { name: 'block scalars do not vote', text: 'a:\n  script: |\n      x:\n          y\n  b:\n  - 1\n', unit: 2, indentSequences: false, newline: '\n' },
];

for (const c of styles) {
  test(`indent style: ${c.name}`, () => {
    assert.deepEqual(detectIndentStyle(c.text), { unit: c.unit, indentSequences: c.indentSequences, newline: c.newline });
  });
}

const jsonDeployment = `${JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'zz', namespace: 'web' },
  spec: { template: { metadata: { labels: { app: 'zz' } }, spec: { containers: [{ name: 'c' }] } } } }, null, 2)}\n`;

test('JSON holds one value: no deny-all document appended to a .json file or to a YAML file that is one JSON object', () => {
  const marked = jsonDeployment.replace('"Deployment"', '"Deploy|ment"');
  assert.deepEqual(at(marked, {}, 'default', 'f.json').refactorings, []);
  assert.deepEqual(at(marked, {}, 'default', 'f.yaml').refactorings, []);
  // A YAML stream may get another document even when its first one is written in flow style.
  assert.equal(at(`{apiVersion: v1, kind: Pod, metadata: {name: p, namespace: web}}\n---\n${'# more\n|'}`).refactorings.length, 3);
});

test('an empty .json file gets the deny-all policy as JSON', () => {
  const out = applied(at('|', {}, 'default', 'f.json'), /for ingress and egress in namespace default/);
  assert.equal(out, '{\n  "apiVersion": "networking.k8s.io/v1",\n  "kind": "NetworkPolicy",\n  "metadata": {\n    "name": "default-deny-all",\n' +
    '    "namespace": "default"\n  },\n  "spec": {\n    "podSelector": {},\n    "policyTypes": [\n      "Ingress",\n      "Egress"\n    ]\n  }\n}\n');
  JSON.parse(out);
  reread(out);
});

test('the DNS rule in a JSON policy is written as JSON', () => {
  const policy = `${JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'out', namespace: 'web' },
    spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }] }] } }, null, 2)}\n`;
  const r = at(policy.replace('"out"', '"o|ut"'), {}, 'default', 'f.json');
  assert.deepEqual(r.refactorings.map((x) => x.title), ['Allow DNS egress (UDP and TCP 53 to kube-dns)']);
  const out = apply(r.text, r.refactorings[0]!.edits);
  assert.deepEqual(JSON.parse(out).spec.egress[1], { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
    podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] });
  const rule = '{"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}, "podSelector": {"matchLabels": {"k8s-app": ' +
    '"kube-dns"}}}], "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]}';
  assert.equal(out, policy.replace('      }\n    ]\n  }\n}', `      }, ${rule}\n    ]\n  }\n}`), 'one item appended after the last, nothing else changed');
});

test('every refactoring on the inputs of this file keeps YAML parseable and JSON valid, and only inserts', () => {
  const jsonPolicy = `${JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'out', namespace: 'web' },
    spec: { podSelector: {}, policyTypes: ['Egress'] } }, null, 2)}\n`;
  const inputs: [string, string][] = [
    ['f.yaml', webPod], ['f.yaml', webPod.replace(/\n/g, '\r\n')], ['f.yaml', egressPolicy], ['f.yaml', egressPolicy.trimEnd()],
    ['f.json', jsonDeployment], ['f.yaml', jsonDeployment], ['f.json', ''], ['f.json', jsonPolicy], ['f.yaml', jsonPolicy],
      ['f.yaml', JSON.stringify(JSON.parse(jsonPolicy))],
  ];
  let n = 0;
  for (const [file, text] of inputs) {
    for (const offset of [0, Math.floor(text.length / 2), text.length]) {
      const r = at(text.slice(0, offset) + '|' + text.slice(offset), {}, 'default', file);
      for (const x of r.refactorings) {
        const out = apply(text, x.edits);
        const where = `${x.title} in ${file} at ${offset}: ${JSON.stringify(text.slice(0, 120))}`;
        for (const doc of parseAllDocuments(out)) assert.deepEqual(doc.errors.map((e) => e.message), [], where);
        if (file.endsWith('.json') || /^\s*\{/.test(text)) assert.doesNotThrow(() => JSON.parse(out), where);
        for (const e of x.edits) if (text.trim() !== '') assert.equal(e.span.start, e.span.end, `only inserts: ${where}`);
        n++;
      }
    }
  }
  assert.ok(n >= 20, `only ${n} refactorings applied`);
});
