// Hover, rule sentences, lens titles, symbols and references, data-driven: YAML with a caret `|`
// against the describe fixture world; lens titles and symbols of the fixture in expected.json
// (UPDATE_EXPECT=1 rewrites it); reach counts checked against allowedPorts over every pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  allowedPorts, computeFlows, directionOpenings, documentSymbols, egressRulePorts, fileLenses, hoverAt, labelReferences, policyLens, reachableFrom, reaches,
  ruleMatches, rulePhrase, rulePorts, workloadLens, Workspace, type Snapshot,
} from '../../server/src/engine/index';
import { fixture, workspaceOfDir } from '../helpers/fixtures';
import { expectGolden } from '../helpers/golden';

const dir = fixture('describe');
const world = ['namespaces.yaml', 'workloads.yaml'].map((f) => [join(dir, f), readFileSync(join(dir, f), 'utf8')] as const);
const link = (file: string, _offset: number, text: string) => `[${text}](${basename(file)})`;
const head = (ns = 'app') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: ${ns}\nspec:\n`;

/** The world plus one file whose text has a caret `|`: the snapshot, the file's objects, the offset. */
function load(input: string, file = 'p.yaml'): { s: Snapshot; objects: NonNullable<ReturnType<Workspace['setFile']>['objects']>; offset: number } {
  const ws = new Workspace();
  for (const [f, t] of world) ws.setFile(f, t);
  const offset = input.indexOf('|');
  const facts = ws.setFile(file, input.slice(0, offset) + input.slice(offset + 1), { keepObjects: true });
  return { s: ws.snapshot(), objects: facts.objects ?? [], offset };
}

function hover(input: string, file?: string): string {
  const { s, objects, offset } = load(input, file);
  return hoverAt(s, objects, offset, link)?.markdown ?? '';
}

/** The hovers a golden test has shown so far, in order (hoverTest compares them whole). */
let shown: string[] | undefined;

/** Records the whole hover at the caret, with its input, for the running hoverTest's golden file. */
function check(input: string): void {
  show(input, hover(input));
}

function show(input: string, markdown: string): void {
  assert.ok(shown, 'check() runs inside hoverTest()');
  const at = input.indexOf('|');
  const lineText = input.slice(input.lastIndexOf('\n', at - 1) + 1, input.indexOf('\n', at) < 0 ? undefined : input.indexOf('\n', at));
  shown.push(`## hover at \`${lineText.trim()}\`\n\n\`\`\`yaml\n${input.trimEnd()}\n\`\`\`\n\n${markdown || '(no hover)'}\n`);
}

/**
 * A test whose hovers (check/show) are compared whole with expected/hovers/<name>.md, in
 * order; UPDATE_EXPECT=1 rewrites the file.
 */
function hoverTest(name: string, fn: () => void): void {
  test(`${name} (expected/hovers)`, () => {
    shown = [];
    try {
      fn();
      expectGolden(join(dir, 'expected', 'hovers', `${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}.md`), shown.join('\n'));
    } finally {
      shown = undefined;
    }
  });
}

hoverTest('hover on spec.podSelector: the selected workloads with their count and links', () => {
  check(`${head()}  podSelector:\n    matchLabels:\n      ti|er: backend\n`);
  check(`${head()}  podSel|ector: {}\n`);
  check(`${head('nowhere')}  podSelector: {|}\n`);
  check(`${head()}  podSelector:\n    matchExpressions:\n      - key: tier\n        operator: Bogus|\n`);
});

hoverTest('hover on a structural selector key: its API documentation, then what the selector matches', () => {
  check(`${head()}  podSelector:\n    match|Labels:\n      app: db\n`);
});

hoverTest('hover on peers: pods only, namespaces only, both (AND), every namespace', () => {
  const rule = (peer: string) => `${head()}  podSelector: {}\n  ingress:\n    - from:\n${peer}`;
  check(rule('        - podSelector:\n            matchLabels:\n              tier: back|end\n'));
  check(rule('        - namespace|Selector:\n            matchLabels:\n              purpose: monitoring\n'));
  check(rule('        - namespaceSelector: {|}\n'));
  check(rule('        - namespaceSelector:\n            matchLabels:\n              team: red\n          podSelector:\n            matchLabels:\n' +
    '              app: fr|ont\n'));
  check(rule('        - podSelector: {|}\n'));
  check(rule('        - namespaceSelector:\n            matchLabels:\n              team: nob|ody\n'));
});

hoverTest('hover on an ipBlock: its ranges, the pods with a known IP inside, and the CNI caveat', () => {
  check(`${head()}  podSelector: {}\n  ingress:\n    - from:\n        - ip|Block:\n            cidr: 10.0.0.0/8\n            except: [10.2.0.0/16]\n`);
  check(`${head()}  podSelector: {}\n  egress:\n    - to:\n        - ip|Block:\n            cidr: 10.1.0.0/16\n`);
});

hoverTest('hover on a rule: the sentence and what it admits here', () => {
  const rule = `${head()}  podSelector:\n    matchLabels:\n      app: db\n  ingress:\n    |- from:\n        - podSelector:\n            matchLabels:\n` +
    `              tier: backend\n      ports:\n        - port: 5432\n`;
  check(rule);
  check(rule.replace('|- from', '- fr|om'));
  check(`${head()}  podSelector: {}\n  egress:\n    - t|o:\n        - podSelector:\n            matchLabels:\n              app: db\n      ports:\n` +
    `        - port: postgres\n`);
  check(`${head()}  podSelector: {}\n  ingress:\n    - {|}\n`);
  check(`${head()}  podSelector: {}\n  policyTypes: [Ingress]\n  egress:\n    |- {}\n`);
  check(`${head()}  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock: {cidr: 10.1.0.0/16}\n      ports:\n        - port: 443\n   | - from: []\n`);
});

hoverTest('hover on ingress named ports: resolved per selected pod', () => {
  const input = `${head()}  podSelector:\n    matchLabels:\n      tier: backend\n  ingress:\n    - ports:\n        - port: ht|tp\n`;
  check(input);
  check(input.replace('- port: ht|tp', '- po|rt: http'));
  check(input.replace('- ports:\n        - port: ht|tp', '- po|rts:\n        - port: http'));
  check(`${head()}  podSelector:\n    matchLabels:\n      app: db\n  ingress:\n    - ports:\n        - port: ht|tp\n`);
});

hoverTest('hover on policyTypes: written, and the traps', () => {
  check(`${head()}  podSelector: {}\n  policy|Types: [Ingress, Egress]\n`);
  check(`${head()}  podSelector: {}\n  policyTypes:\n    - Egr|ess\n  ingress:\n    - {}\n`);
  check(`${head()}  podSelector: {}\n  policyTypes: [Ingr|ess]\n  egress:\n    - {}\n`);
});

hoverTest('hover on the ingress or egress key: the rules are ignored when policyTypes leaves the direction out', () => {
  check(`${head()}  podSelector: {}\n  policyTypes: [Egress]\n  ingr|ess:\n    - {}\n`);
  check(`${head()}  podSelector: {}\n  policyTypes: [Ingress]\n  egr|ess:\n    - {}\n`);
  assert.ok(!hover(`${head()}  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egr|ess:\n    - {}\n`).includes('ignored'));
  assert.ok(!hover(`${head()}  podSelector: {}\n  egr|ess:\n    - {}\n`).includes('ignored'), 'policyTypes defaults to include Egress');
});

hoverTest('policyTypes missing: the default, and why, where the policy is described', () => {
  // With no policyTypes key there is nothing to hover on; the policy's summary and selection say it.
  check(`${head()}  pod|Selector: {}\n  egress:\n    - {}\n`);
  check(`${head()}  pod|Selector: {}\n  ingress:\n    - {}\n`);
  check(`${head()}  podSelector: {}\n  egress:\n    - {}\n`.replace('kind: NetworkPolicy', 'kind: Network|Policy'));
  const { s } = load(`${head()}  podSelector: {}\n  egress:\n    - {}\n|`);
  const p = s.policies.find((x) => x.file === 'p.yaml')!;
  assert.deepEqual(p.isolates, { ingress: true, egress: true });
});

hoverTest('policyTypes text names the default: Ingress + Egress because an egress section is written', () => {
  // policyTypesText is reached on the key; a written-but-defaulting key does not exist, so check the
  // text through a policy whose policyTypes is an empty flow sequence hovered on its key.
  check(`${head()}  podSelector: {}\n  policy|Types:\n  egress:\n    - {}\n`);
  check(`${head()}  podSelector: {}\n  policy|Types:\n  ingress:\n    - {}\n`);
});

hoverTest('hover on endPort and on a field name', () => {
  check(`${head()}  podSelector: {}\n  ingress:\n    - ports:\n        - port: 9000\n          end|Port: 9100\n`);
  check(`${head()}  podSelector:\n    matchExpressions:\n      - key: tier\n        oper|ator: In\n        values: [backend]\n`);
  check(`${head()}  podSelector: {}\n  ingress:\n    - ports:\n        - proto|col: UDP\n`);
  check(`meta|data:\n  name: p\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec:\n  podSelector: {}\n`);
  check(`${head()}  podSelector: {}\n  ingr|ess:\n    - {}\n`);
});

hoverTest('hover on the kind of a policy: the whole policy (what a lens click shows)', () => {
  check(`apiVersion: networking.k8s.io/v1\nkind: Network|Policy\nmetadata:\n  name: p\n  namespace: app\nspec:\n  podSelector:\n    matchLabels: {app: db}\n` +
    `  ingress:\n    - from:\n        - podSelector: {matchLabels: {tier: backend}}\n`);
});

hoverTest('hover on a workload manifest: isolation and reachability', () => {
  const deny = `${head()}  podSelector: {matchLabels: {app: probe}}\n  policyTypes: [Ingress, Egress]\n  egress:\n    - to:\n` +
    `        - podSelector: {matchLabels: {app: db}}\n---\n`;
  check(`${deny}apiVersion: v1\nkind: Pod\nmetadata:\n  name: probe\n  namespace: app\n  labels:\n    app: prob|e\n`);
  assert.equal(hover(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: probe\nspec:\n  containers:\n    - na|me: c\n`), '');
});

test('nothing on other objects, non-Kubernetes YAML, or outside every object', () => {
  assert.equal(hover('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  na|me: x\n'), '');
  assert.equal(hover('name: build\non: [push]\njo|bs: {}\n'), '');
  assert.equal(hover(`# a comment |here\n${head()}  podSelector: {}\n`), '');
});

/** The rule sentence of the first rule of a policy written in the fixture world. */
function sentence(spec: string, ns = 'app'): string {
  const { s } = load(`${head(ns)}${spec}|`);
  const p = s.policies.find((x) => x.file === 'p.yaml')!;
  const rule = p.ingress[0] ?? p.egress[0]!;
  return rulePhrase(p, rule, s.analyze(p));
}

test('rule sentences: every peer combination', () => {
  const from = (peers: string, ports = '      ports:\n        - port: 80\n') => sentence(`  podSelector: {}\n  ingress:\n    - from:\n${peers}${ports}`);
  const cases: [string, string][] = [
    ['        - podSelector: {matchLabels: {app: a}}\n', 'Allows TCP 80 from pods labelled app=a in namespace app'],
    ['        - podSelector: {}\n', 'Allows TCP 80 from every pod in namespace app'],
    ['        - namespaceSelector: {matchLabels: {team: red}}\n', 'Allows TCP 80 from every pod in namespaces labelled team=red'],
    ['        - namespaceSelector: {}\n', 'Allows TCP 80 from every pod in every namespace'],
    ['        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}\n', 'Allows TCP 80 from every pod in namespace web'],
    ['        - namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [web, app]}]}\n',
      'Allows TCP 80 from every pod in namespaces web and app'],
    ['        - namespaceSelector: {matchLabels: {team: red}}\n          podSelector: {matchLabels: {app: a}}\n',
      'Allows TCP 80 from pods labelled app=a in namespaces labelled team=red'],
    ['        - namespaceSelector: {}\n          podSelector: {matchLabels: {app: a}}\n', 'Allows TCP 80 from pods labelled app=a in every namespace'],
    ['        - namespaceSelector: {matchLabels: {team: red}}\n        - podSelector: {matchLabels: {app: a}}\n',
      'Allows TCP 80 from every pod in namespaces labelled team=red or pods labelled app=a in namespace app'],
    ['        - podSelector: {matchExpressions: [{key: tier, operator: In, values: [a, b]}, {key: legacy, operator: DoesNotExist}]}\n',
      'Allows TCP 80 from pods labelled tier in (a, b), without label legacy in namespace app'],
    // Negative operators say an absent key matches too (SEMANTICS.md: NotIn is "key absent, or value not in set").
    ['        - podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [be]}]}\n',
      'Allows TCP 80 from pods with tier absent or not in (be) in namespace app'],
    ['        - podSelector: {matchExpressions: [{key: app, operator: DoesNotExist}]}\n' +
      '          namespaceSelector: {matchExpressions: [{key: team, operator: Exists}]}\n',
      'Allows TCP 80 from pods without label app in namespaces with label team'],
    ['        - namespaceSelector: {matchLabels: {team: red}, matchExpressions: [{key: env, operator: NotIn, values: [prod]}]}\n',
      'Allows TCP 80 from every pod in namespaces labelled team=red, env absent or not in (prod)'],
    ['        - ipBlock: {cidr: 10.0.0.0/8}\n', 'Allows TCP 80 from addresses in 10.0.0.0/8'],
    ['        - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.0.0/16]}\n',
      'Allows TCP 80 from addresses in 10.0.0.0/8 except 10.1.0.0/16 and 10.2.0.0/16'],
    ['        - ipBlock: {cidr: 10.0.0.0/8}\n        - podSelector: {}\n        - namespaceSelector: {}\n',
      'Allows TCP 80 from addresses in 10.0.0.0/8, every pod in namespace app or every pod in every namespace'],
    ['        - ipBlock: {cidr: 10.0.0.0/8}\n          podSelector: {}\n        - podSelector: {}\n', 'Allows TCP 80 from every pod in namespace app'],
    ['        - ipBlock: {cidr: 10.0.0.0/8}\n          podSelector: {}\n', 'Allows nothing: every `from` item is invalid'],
    ['        - {}\n', 'Allows nothing: every `from` item is invalid'],
  ];
  for (const [peers, want] of cases) assert.equal(from(peers), want, peers);
});

test('rule sentences: ports, anywhere, named ports resolved, egress', () => {
  const ingress = (rule: string, sel = '{}') => sentence(`  podSelector: ${sel}\n  ingress:\n${rule}`);
  assert.equal(ingress('    - {}\n'), 'Allows all ports from anywhere');
  assert.equal(ingress('    - from: []\n      ports: []\n'), 'Allows all ports from anywhere');
  assert.equal(ingress('    - ports:\n        - {protocol: TCP, port: 80}\n        - {protocol: UDP, port: 53}\n        - {protocol: SCTP}\n'),
    'Allows TCP 80, UDP 53 and every SCTP port from anywhere');
  assert.equal(ingress('    - ports:\n        - {port: 8000, endPort: 8080}\n'), 'Allows TCP 8000-8080 from anywhere');
  assert.equal(ingress('    - ports:\n        - {port: http}\n', '{matchLabels: {tier: backend}}'),
    'Allows TCP port named http (8080 or 8081, depending on the pod) from anywhere');
  assert.equal(ingress('    - ports:\n        - {port: http}\n', '{matchLabels: {app: api}}'), 'Allows TCP port named http (8080) from anywhere');
  assert.equal(ingress('    - ports:\n        - {port: http}\n', '{matchLabels: {app: db}}'),
    'Allows TCP port named http (which no selected pod has) from anywhere');
  assert.equal(ingress('    - ports:\n        - {port: 0}\n'), 'Allows nothing: every ports item is invalid');
  const egress = (rule: string) => sentence(`  podSelector: {}\n  egress:\n${rule}`);
  assert.equal(egress('    - to:\n        - podSelector: {matchLabels: {tier: backend}}\n      ports:\n        - port: http\n'),
    'Allows TCP port named http (8080 or 8081, depending on the pod) to pods labelled tier=backend in namespace app');
  assert.equal(egress('    - to:\n        - ipBlock: {cidr: 0.0.0.0/0}\n      ports:\n        - port: http\n'),
    'Allows TCP port named http (it matches nothing towards an ipBlock) to addresses in 0.0.0.0/0');
  assert.equal(egress('    - to:\n        - podSelector: {matchLabels: {app: front}}\n          namespaceSelector: {}\n      ports:\n        - {port: http}\n'),
    'Allows TCP port named http (80) to pods labelled app=front in every namespace');
  assert.equal(egress('    - ports:\n        - {protocol: UDP, port: 53}\n'), 'Allows UDP 53 to anywhere');
});

const expectedFile = join(dir, 'expected', 'lenses-and-symbols.json');

test('lens titles and symbols of the describe fixture (expected/lenses-and-symbols.json)', () => {
  const ws = new Workspace();
  const objects = new Map<string, NonNullable<ReturnType<Workspace['setFile']>['objects']>>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort())
    objects.set(f, ws.setFile(join(dir, f), readFileSync(join(dir, f), 'utf8'), { keepObjects: true }).objects ?? []);
  const s = ws.snapshot();
  const got: Record<string, { lenses: string[]; symbols: string[] }> = {};
  for (const [f, objs] of objects) {
    got[f] = {
      lenses: fileLenses(s, join(dir, f), objs).map((l) => `${l.kind}: ${l.title}`),
      symbols: documentSymbols(s, join(dir, f)).flatMap((x) => [`${x.name} (${x.detail})`, ...x.children.map((c) => `  ${c.name}: ${c.detail}`)]),
    };
  }
  if (process.env.UPDATE_EXPECT) writeFileSync(expectedFile, `${JSON.stringify(got, null, 2)}\n`);
  assert.deepEqual(got, JSON.parse(readFileSync(expectedFile, 'utf8')));
  assert.deepEqual(got['ci.yaml'], { lenses: [], symbols: [] });
});

test('every lens explains itself: the hover at explainAt is the object summary', () => {
  const ws = workspaceOfDir(dir);
  const text = readFileSync(join(dir, 'policies.yaml'), 'utf8');
  const objects = ws.setFile(join(dir, 'policies.yaml'), text, { keepObjects: true }).objects!;
  const s = ws.snapshot();
  const lenses = fileLenses(s, join(dir, 'policies.yaml'), objects);
  assert.equal(lenses.length, 5);
  for (const l of lenses) {
    const h = hoverAt(s, objects, l.explainAt, link)?.markdown ?? '';
    assert.ok(h.startsWith('**NetworkPolicy ') && h.includes(l.title), h);
  }
});

/** The brute-force answer: every other workload with an allowed port, by allowedPorts. */
function bruteForce(s: Snapshot): { from: Map<number, string[]>; to: Map<number, string[]> } {
  const from = new Map<number, string[]>(), to = new Map<number, string[]>();
  for (const w of s.workloads) { from.set(w.id, []); to.set(w.id, []); }
  for (const a of s.workloads) for (const b of s.workloads) {
    if (a === b || allowedPorts(s, { workload: a }, { workload: b }).isEmpty()) continue;
    to.get(a.id)!.push(`${b.namespace}/${b.name}`);
    from.get(b.id)!.push(`${a.namespace}/${a.name}`);
  }
  return { from, to };
}

test('reach counts equal allowedPorts over every pair (conformance scenarios, fixtures, a random world)', () => {
  const snapshots: [string, Snapshot][] = [['describe', workspaceOfDir(dir).snapshot()],
    ['shop', workspaceOfDir(fixture('..', '..', 'examples', 'shop')).snapshot()]];
  const conf = fixture('conformance');
  for (const d of readdirSync(conf).filter((n) => n.startsWith('e2e-'))) snapshots.push([d, workspaceOfDir(join(conf, d)).snapshot()]);
  snapshots.push(['random', randomWorld(7)]);
  let pairs = 0;
  for (const [name, s] of snapshots) {
    const truth = bruteForce(s);
    for (const w of s.workloads) {
      const names = (ws: readonly { namespace: string; name: string }[]) => ws.map((x) => `${x.namespace}/${x.name}`).sort();
      assert.deepEqual(names(reachableFrom(s, w).workloads), truth.from.get(w.id)!.sort(), `${name}: reachable from ${w.namespace}/${w.name}`);
      assert.deepEqual(names(reaches(s, w).workloads), truth.to.get(w.id)!.sort(), `${name}: reaches from ${w.namespace}/${w.name}`);
      pairs += truth.from.get(w.id)!.length;
    }
  }
  assert.ok(pairs > 100, `the worlds have allowed pairs to compare (${pairs})`);
});

/** A workspace of its own (no fixture world): the snapshot, and the hover at the caret `|` of the first file. */
function alone(files: Record<string, string>): { s: Snapshot; hover: (needle: string, delta?: number) => string } {
  const ws = new Workspace();
  const objects = new Map<string, NonNullable<ReturnType<Workspace['setFile']>['objects']>>();
  for (const [f, t] of Object.entries(files)) objects.set(f, ws.setFile(f, t, { keepObjects: true }).objects ?? []);
  const s = ws.snapshot();
  const [first, text] = Object.entries(files)[0]!;
  const hover = (needle: string, delta = 0) => {
    const at = text.indexOf(needle);
    assert.ok(at >= 0, needle);
    const markdown = hoverAt(s, objects.get(first)!, at + delta, link)?.markdown ?? '';
    if (shown) show(`${text.slice(0, at + delta)}|${text.slice(at + delta)}`, markdown);
    return markdown;
  };
  return { s, hover };
}

const namedToBlock = {
  'p.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec:\n  podSelector: {matchLabels: {app: a}}\n' +
    '  policyTypes: [Egress]\n  egress:\n    - to:\n        - ipBlock: {cidr: 10.0.0.0/8}\n        - podSelector: {matchLabels: {app: x}}\n      ports:\n' +
    '        - port: http\n',
  'w.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n, labels: {app: a}}\nspec:\n  containers: [{name: c}]\n---\napiVersion: v1\n' +
    'kind: Pod\nmetadata: {name: b, namespace: n, labels: {app: b}}\nspec:\n  containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]\n' +
    'status: {podIP: 10.1.2.3}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: x, namespace: n, labels: {app: x}}\nspec:\n' +
    '  containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]\n',
};

hoverTest('egress named port: a pod reached only through an ipBlock gets no port, in the lens, the rule and the port hover, as in flows', () => {
  const { s, hover } = alone(namedToBlock);
  const flows = computeFlows(s).filter((f) => 'workload' in f.from && f.from.workload.name === 'a');
  assert.deepEqual(flows.map((f) => `${'workload' in f.to ? f.to.workload.name : '?'} ${f.allowed.describe()}`), ['x TCP 8080']);
  assert.equal(policyLens(s, s.policies[0]!), 'selects 1 workload in the workspace · egress: to 1 workload on TCP 8080');
  hover('- to:');
  hover('port: http', 8);
});

hoverTest('ingress from an ipBlock with a named port: the range gets what holds for every selected pod, not the first one\'s', () => {
  const pod = (name: string, ports: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: n, labels: {app: srv}}\nspec: {containers: [{name: c${ports}}]}\n---\n`;
  const { hover } = alone({
    'p.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec:\n  podSelector: {matchLabels: {app: srv}}\n' +
      '  ingress:\n    - from: [{ipBlock: {cidr: 192.168.0.0/16}}]\n      ports: [{port: http}]\n',
    'w.yaml': pod('a', ', ports: [{name: http, containerPort: 80}]') + pod('b', ', ports: [{name: http, containerPort: 8080}]') + pod('c', ''),
  });
  hover('- from');
  // One selected pod, or pods that agree: no "depending".
  alone({ 'p.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec:\n' +
    '  podSelector: {matchLabels: {app: srv}}\n  ingress:\n    - from: [{ipBlock: {cidr: 192.168.0.0/16}}]\n      ports: [{port: http}]\n', 'w.yaml': pod('a',
    ', ports: [{name: http, containerPort: 80}]') }).hover('- from');
});

hoverTest('a policy selecting one workload does not count it as its own peer, as flows leave it out', () => {
  const { s, hover } = alone({
    'p.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec:\n  podSelector: {}\n  policyTypes: []\n' +
      '  egress:\n    - to: [{podSelector: {}}]\n',
    'w.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n, labels: {app: a}}\nspec: {containers: [{name: c}]}\n',
  });
  assert.equal(computeFlows(s).filter((f) => 'workload' in f.from && 'workload' in f.to).length, 0);
  assert.equal(policyLens(s, s.policies[0]!),
    'selects 1 workload in the workspace · ingress: isolated, allows nothing itself · egress: to 0 workloads on all ports');
  assert.ok(workloadLens(s, s.workloads[0]!).endsWith('reaches 0 workloads in the workspace'), workloadLens(s, s.workloads[0]!));
  hover('- to');
});

test('policy lens counts equal the rules\' port sets over every workload (connectivity.ts), per clause of rules with the same ports, in the random world and ' +
  'the fixtures', () => {
  const snapshots: [string, Snapshot][] = [['describe', workspaceOfDir(dir).snapshot()], ['random', randomWorld(7)], ['random2', randomWorld(11)], ['ipblock',
    alone(namedToBlock).s]];
  let compared = 0;
  for (const [name, s] of snapshots) {
    for (const p of s.policies) {
      const a = s.analyze(p);
      const title = policyLens(s, p);
      for (const dir of ['ingress', 'egress'] as const) {
        if (!p.isolates[dir] || a[dir].length === 0) continue;
        const clauses = directionOpenings(s, a.selected, a[dir]);
        // The title has one clause per group, in order: "from 1 workload on TCP 80; from 2 workloads on all ports".
        const text = new RegExp(`${dir}: ([^·]*)`).exec(title)![1]!.trim().split('; ');
        assert.equal(text.length, clauses.length, `${name}: ${title}`);
        clauses.forEach((c, i) => {
          if (c.anywhere) return;
          const rules = a[dir].filter((ra) => c.rules.includes(ra.rule.index));
          const opens = (w: (typeof s.workloads)[number]) => rules.some((ra) => dir === 'egress'
            ? !egressRulePorts(ra, { workload: w }).isEmpty()
            : ruleMatches(ra, { workload: w }) && (a.selected.length ? a.selected.some((d) => !rulePorts(ra.rule, d).isEmpty()) : !rulePorts(ra.rule,
              undefined).isEmpty()));
          // Flows leave a workload to itself out: the one selected workload is not its own peer.
          const truth = s.workloads.filter((w) => opens(w) && !(a.selected.length === 1 && a.selected[0] === w)).length;
          assert.equal(c.workloads, truth, `${name}: ${p.namespace}/${p.name} ${dir} clause ${i}: ${title}`);
          // "0 workloads" is left out next to address blocks: "from 1 address block on all ports".
          assert.match(text[i]!, truth === 0 && c.blocks ? /^(from|to) \d+ address blocks? on / : new RegExp(`^(from|to) ${truth} workloads?\\b`),
            `${name}: ${title}`);
          compared++;
        });
      }
    }
  }
  assert.ok(compared > 15, `compared ${compared}`);
});

/** A seeded world of namespaces, workloads with named ports and IPs, and mixed policies. */
function randomWorld(seed: number): Snapshot {
  let x = seed;
  const r = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const docs: string[] = [];
  const nss = ['a', 'b', 'c'];
  for (const ns of nss) docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {team: ${pick(['x', 'y'])}}}`);
  for (let i = 0; i < 24; i++) {
    const port = pick(['{name: http, containerPort: 80}', '{name: http, containerPort: 8080}', '{name: dns, containerPort: 53, protocol: UDP}',
      '{containerPort: 9000}']);
    docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: w${i}, namespace: ${pick(nss)}, labels: {app: ${pick(['p', 'q', 'r'])}, ` +
      `tier: ${pick(['1', '2'])}}}\nspec: {containers: [{name: c, ports: [${port}]}]}\nstatus: {podIP: 10.0.${i % 4}.${i}}`);
  }
  const peers = ['{podSelector: {matchLabels: {app: p}}}', '{namespaceSelector: {matchLabels: {team: x}}}',
    '{namespaceSelector: {}, podSelector: {matchLabels: {tier: "2"}}}', '{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.0/24]}}',
    '{podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [q]}]}}'];
  const ports = ['', ', ports: [{port: http}]', ', ports: [{port: 80}]', ', ports: [{protocol: UDP, port: dns}]', ', ports: [{port: 8000, endPort: 9000}]'];
  const rule = (key: string) => (r() < 0.15 ? `{${ports[Math.floor(r() * ports.length)]!.slice(2)}}`
    : `{${key}: [${pick(peers)}${r() < 0.4 ? `, ${pick(peers)}` : ''}]${pick(ports)}}`);
  for (let i = 0; i < 14; i++) {
    const types = pick(['', 'policyTypes: [Ingress], ', 'policyTypes: [Egress], ', 'policyTypes: [Ingress, Egress], ']);
    const ing = r() < 0.7 ? `ingress: [${rule('from')}${r() < 0.4 ? `, ${rule('from')}` : ''}], ` : '';
    const eg = r() < 0.5 ? `egress: [${rule('to')}], ` : '';
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n${i}, namespace: ${pick(nss)}}\n` +
      `spec: {${types}${ing}${eg}podSelector: {matchLabels: {app: ${pick(['p', 'q', 'r'])}}}}`);
  }
  const ws = new Workspace();
  ws.setFile('random.yaml', docs.join('\n---\n'));
  return ws.snapshot();
}

test('references: from a selector label to the workloads (or Namespace manifests) carrying it', () => {
  const refs = (input: string) => {
    const { s, objects, offset } = load(input);
    const r = labelReferences(s, objects, offset);
    return r ? r.references.map((x) => `${basename(x.file)}:${x.span.start}`) : undefined;
  };
  const wtext = world[1]![1];
  const labelsOf = (name: string) => {
    const at = wtext.indexOf(`name: ${name}\n`);
    return `workloads.yaml:${wtext.indexOf('labels:', at)}`;
  };
  // spec.podSelector: the policy's namespace only.
  assert.deepEqual(refs(`${head()}  podSelector:\n    matchLabels:\n      tier: back|end\n`), [labelsOf('api'), labelsOf('worker')]);
  assert.deepEqual(refs(`${head('web')}  podSelector:\n    matchLabels:\n      ti|er: backend\n`), []);
  // A peer's podSelector: the namespaces the peer reaches.
  assert.equal(refs(`${head('web')}  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {}\n          podSelector:\n` +
    `            matchLabels:\n              ap|p: api\n`)!.length, 1);
  // matchExpressions: one of the values, or the whole In requirement.
  assert.equal(refs(`${head()}  podSelector:\n    matchExpressions:\n      - key: app\n        operator: In\n        values: [api, d|b]\n`)!.length, 1);
  assert.equal(refs(`${head()}  podSelector:\n    matchExpressions:\n      - ke|y: app\n        operator: In\n        values: [api, db]\n`)!.length, 2);
  assert.equal(refs(`${head()}  podSelector:\n    matchExpressions:\n      - key: tier\n        operator: Exi|sts\n`)!.length, 3);
  // namespaceSelector: the Namespace manifests.
  const ntext = world[0]![1];
  const ns = refs(`${head()}  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              te|am: red\n`)!;
  assert.deepEqual(ns, [`namespaces.yaml:${ntext.lastIndexOf('apiVersion', ntext.indexOf('name: web'))}`]);
  // The exact place: the labels of the backend Deployment's pod template.
  assert.deepEqual(refs(`${head()}  podSelector:\n    matchLabels:\n      app: a|pi\n`), [labelsOf('api')]);
  // Off a selector label: none.
  assert.equal(refs(`${head()}  podSel|ector: {}\n`), undefined);
});
