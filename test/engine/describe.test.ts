// Hover, rule sentences, lens titles, symbols and references, data-driven: YAML with a caret `|`
// against the describe fixture world; lens titles and symbols of the fixture in expected.json
// (UPDATE_EXPECT=1 rewrites it); reach counts checked against allowedPorts over every pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  allowedPorts, computeFlows, documentSymbols, egressRulePorts, fileLenses, hoverAt, labelReferences, policyLens, reachableFrom, reaches,
  ruleMatches, rulePhrase, rulePorts, workloadLens, Workspace, type Snapshot,
} from '../../server/src/engine/index';
import { fixture, workspaceOfDir } from '../helpers/fixtures';

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

/** Asserts every expected substring is in the hover at the caret. */
function check(input: string, ...expected: string[]): void {
  const h = hover(input);
  for (const e of expected) assert.ok(h.includes(e), `expected ${JSON.stringify(e)} in:\n${h}`);
}

test('hover on spec.podSelector: the selected workloads with their count and links', () => {
  check(`${head()}  podSelector:\n    matchLabels:\n      ti|er: backend\n`,
    '**Selects 2 workloads** (pods labelled tier=backend in namespace app)', '- Deployment [app/api](workloads.yaml)', '- Deployment [app/worker](workloads.yaml)', 'isolates them for ingress');
  check(`${head()}  podSel|ector: {}\n`, '**Selects all 3 pods in namespace app**', '- StatefulSet [app/db](workloads.yaml)');
  check(`${head('nowhere')}  podSelector: {|}\n`, '**Selects all 0 pods in namespace nowhere**', 'No workload in namespace nowhere matches');
  check(`${head()}  podSelector:\n    matchExpressions:\n      - key: tier\n        operator: Bogus|\n`, '**Selects nothing**: the podSelector is invalid');
});

test('hover on a structural selector key: its API documentation, then what the selector matches', () => {
  check(`${head()}  podSelector:\n    match|Labels:\n      app: db\n`, '**matchLabels** (map)', '**Selects 1 workload**');
});

test('hover on peers: pods only, namespaces only, both (AND), every namespace', () => {
  const rule = (peer: string) => `${head()}  podSelector: {}\n  ingress:\n    - from:\n${peer}`;
  check(rule('        - podSelector:\n            matchLabels:\n              tier: back|end\n'),
    '**Matches 2 workloads**: pods labelled tier=backend in namespace app', '[app/api](workloads.yaml)');
  check(rule('        - namespace|Selector:\n            matchLabels:\n              purpose: monitoring\n'),
    '**Matches all 1 pod in namespace monitoring**: every pod in namespaces labelled purpose=monitoring', '**Matches 1 namespace**: [monitoring](namespaces.yaml)', 'DaemonSet [monitoring/prometheus](workloads.yaml)');
  check(rule('        - namespaceSelector: {|}\n'), '**Matches all 6 pods in every namespace**', '**Matches 3 namespaces** (`{}`: every namespace)');
  check(rule('        - namespaceSelector:\n            matchLabels:\n              team: red\n          podSelector:\n            matchLabels:\n              app: fr|ont\n'),
    '**Matches 1 workload**: pods labelled app=front in namespaces labelled team=red', 'they are ANDed', 'Deployment [web/front](workloads.yaml)');
  check(rule('        - podSelector: {|}\n'), '**Matches all 3 pods in namespace app**: every pod in namespace app');
  check(rule('        - namespaceSelector:\n            matchLabels:\n              team: nob|ody\n'), '**Matches all 0 pods in 0 namespaces**', '**Matches 0 namespaces**: none');
});

test('hover on an ipBlock: its ranges, the pods with a known IP inside, and the CNI caveat', () => {
  const h = hover(`${head()}  podSelector: {}\n  ingress:\n    - from:\n        - ip|Block:\n            cidr: 10.0.0.0/8\n            except: [10.2.0.0/16]\n`);
  for (const e of ['depends on your CNI', 'Here: 10.0.0.0-10.1.255.255 and 10.3.0.0-10.255.255.255', '**Matches addresses in 10.0.0.0/8 except 10.2.0.0/16**', 'Pods with a known IP inside: 1 workload', 'Pod [web/legacy](workloads.yaml)', 'rewritten']) {
    assert.ok(h.includes(e), `${e} in\n${h}`);
  }
  const egress = hover(`${head()}  podSelector: {}\n  egress:\n    - to:\n        - ip|Block:\n            cidr: 10.1.0.0/16\n`);
  assert.ok(egress.includes('A named port never matches towards an ipBlock'), egress);
});

test('hover on a rule: the sentence and what it admits here', () => {
  const rule = `${head()}  podSelector:\n    matchLabels:\n      app: db\n  ingress:\n    |- from:\n        - podSelector:\n            matchLabels:\n              tier: backend\n      ports:\n        - port: 5432\n`;
  check(rule, '**Allows TCP 5432 from pods labelled tier=backend in namespace app.**', 'In this workspace: from 2 workloads.', '- Deployment [app/api](workloads.yaml)');
  check(rule.replace('|- from', '- fr|om'), '**Allows TCP 5432 from pods', '**from** (array)');
  check(`${head()}  podSelector: {}\n  egress:\n    - t|o:\n        - podSelector:\n            matchLabels:\n              app: db\n      ports:\n        - port: postgres\n`,
    '**Allows TCP port named postgres (5432) to pods labelled app=db in namespace app.**', '- StatefulSet [app/db](workloads.yaml): TCP 5432');
  check(`${head()}  podSelector: {}\n  ingress:\n    - {|}\n`, '**Allows all ports from anywhere.**', 'every workload and every address');
  check(`${head()}  podSelector: {}\n  policyTypes: [Ingress]\n  egress:\n    |- {}\n`, 'This rule has no effect: `policyTypes` does not include Egress.');
  check(`${head()}  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock: {cidr: 10.1.0.0/16}\n      ports:\n        - port: 443\n   | - from: []\n`, '**Allows all ports from anywhere.**');
});

test('hover on ingress named ports: resolved per selected pod', () => {
  const input = `${head()}  podSelector:\n    matchLabels:\n      tier: backend\n  ingress:\n    - ports:\n        - port: ht|tp\n`;
  check(input, '**TCP port named http** resolves on each selected pod: 2 selected pods have it.', '[app/api](workloads.yaml): TCP 8080', '[app/worker](workloads.yaml): TCP 8081');
  check(input.replace('- port: ht|tp', '- po|rt: http'), '**TCP port named http** resolves on each selected pod');
  check(input.replace('- ports:\n        - port: ht|tp', '- po|rts:\n        - port: http'),
    '**ports** of ingress[0] in app/p', 'A named port resolves on each selected pod', '**Allows TCP port named http (8080 or 8081, depending on the pod) from anywhere.**', 'Ports at each selected pod');
  check(`${head()}  podSelector:\n    matchLabels:\n      app: db\n  ingress:\n    - ports:\n        - port: ht|tp\n`, '0 selected pods have it, 1 does not');
});

test('hover on policyTypes: written, and the traps', () => {
  check(`${head()}  podSelector: {}\n  policy|Types: [Ingress, Egress]\n`, '**policyTypes: Ingress + Egress.** Written here', 'not even DNS', 'accept nothing');
  check(`${head()}  podSelector: {}\n  policyTypes:\n    - Egr|ess\n  ingress:\n    - {}\n`, '**policyTypes: Egress.**', '**The ingress rules do nothing**: Ingress is not listed.');
  check(`${head()}  podSelector: {}\n  policyTypes: [Ingr|ess]\n  egress:\n    - {}\n`, '**policyTypes: Ingress.** Written here', '**The egress rules do nothing**: Egress is not listed.');
});

test('hover on the ingress or egress key: the rules are ignored when policyTypes leaves the direction out', () => {
  check(`${head()}  podSelector: {}\n  policyTypes: [Egress]\n  ingr|ess:\n    - {}\n`, '**ingress** (array)', '**These rules are ignored**: `policyTypes` does not include Ingress', '- ingress[0]: Allows all ports from anywhere');
  check(`${head()}  podSelector: {}\n  policyTypes: [Ingress]\n  egr|ess:\n    - {}\n`, '**These rules are ignored**: `policyTypes` does not include Egress');
  assert.ok(!hover(`${head()}  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egr|ess:\n    - {}\n`).includes('ignored'));
  assert.ok(!hover(`${head()}  podSelector: {}\n  egr|ess:\n    - {}\n`).includes('ignored'), 'policyTypes defaults to include Egress');
});

test('policyTypes missing: the default, and why, where the policy is described', () => {
  // With no policyTypes key there is nothing to hover on; the policy's summary and selection say it.
  check(`${head()}  pod|Selector: {}\n  egress:\n    - {}\n`, 'isolates them for ingress and egress');
  check(`${head()}  pod|Selector: {}\n  ingress:\n    - {}\n`, 'isolates them for ingress.');
  check(`${head()}  podSelector: {}\n  egress:\n    - {}\n`.replace('kind: NetworkPolicy', 'kind: Network|Policy'), 'policyTypes is not set: it defaults to Ingress + Egress, because an egress section is written.');
  const { s } = load(`${head()}  podSelector: {}\n  egress:\n    - {}\n|`);
  const p = s.policies.find((x) => x.file === 'p.yaml')!;
  assert.deepEqual(p.isolates, { ingress: true, egress: true });
});

test('policyTypes text names the default: Ingress + Egress because an egress section is written', () => {
  // policyTypesText is reached on the key; a written-but-defaulting key does not exist, so check the
  // text through a policy whose policyTypes is an empty flow sequence hovered on its key.
  check(`${head()}  podSelector: {}\n  policy|Types:\n  egress:\n    - {}\n`, 'Not set: defaults to Ingress + Egress, because an egress section is written.');
  check(`${head()}  podSelector: {}\n  policy|Types:\n  ingress:\n    - {}\n`, 'Not set: defaults to Ingress (no egress section is written).');
});

test('hover on endPort and on a field name', () => {
  check(`${head()}  podSelector: {}\n  ingress:\n    - ports:\n        - port: 9000\n          end|Port: 9100\n`, 'Here: TCP 9000-9100 (101 ports)', 'a CNI without endPort support applies the rule to `port` alone');
  check(`${head()}  podSelector:\n    matchExpressions:\n      - key: tier\n        oper|ator: In\n        values: [backend]\n`, '**operator** (string)', 'One of: `In`, `NotIn`, `Exists`, `DoesNotExist`');
  check(`${head()}  podSelector: {}\n  ingress:\n    - ports:\n        - proto|col: UDP\n`, '**protocol** (string)', 'TCP (the default)');
  check(`meta|data:\n  name: p\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec:\n  podSelector: {}\n`, '**metadata** (object)');
  check(`${head()}  podSelector: {}\n  ingr|ess:\n    - {}\n`, '**ingress** (array)', '- ingress[0]: Allows all ports from anywhere');
});

test('hover on the kind of a policy: the whole policy (what a lens click shows)', () => {
  check(`apiVersion: networking.k8s.io/v1\nkind: Network|Policy\nmetadata:\n  name: p\n  namespace: app\nspec:\n  podSelector:\n    matchLabels: {app: db}\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {tier: backend}}\n`,
    '**NetworkPolicy app/p**: selects 1 workload · ingress: from 2 workloads on all ports', '**Ingress** (isolated)', '- ingress[0]: Allows all ports from pods labelled tier=backend in namespace app');
});

test('hover on a workload manifest: isolation and reachability', () => {
  const deny = `${head()}  podSelector: {matchLabels: {app: probe}}\n  policyTypes: [Ingress, Egress]\n  egress:\n    - to:\n        - podSelector: {matchLabels: {app: db}}\n---\n`;
  const ws = load(`${deny}apiVersion: v1\nkind: Pod\nmetadata:\n  name: probe\n  namespace: app\n  labels:\n    app: prob|e\n`);
  const h = hoverAt(ws.s, ws.objects, ws.offset, link)?.markdown ?? '';
  assert.ok(h.startsWith('**Pod app/probe**: isolated for ingress by 1 policy · reachable from 0 workloads · egress isolated by 1 policy · reaches 1 workload'), h);
  assert.ok(h.includes('- [app/p](p.yaml)') && h.includes('Reaches 1 workload:\n- StatefulSet [app/db](workloads.yaml)'), h);
  assert.ok(h.includes('Pod labels: `app=probe`'), h);
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
    ['        - namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [web, app]}]}\n', 'Allows TCP 80 from every pod in namespaces web and app'],
    ['        - namespaceSelector: {matchLabels: {team: red}}\n          podSelector: {matchLabels: {app: a}}\n', 'Allows TCP 80 from pods labelled app=a in namespaces labelled team=red'],
    ['        - namespaceSelector: {}\n          podSelector: {matchLabels: {app: a}}\n', 'Allows TCP 80 from pods labelled app=a in every namespace'],
    ['        - namespaceSelector: {matchLabels: {team: red}}\n        - podSelector: {matchLabels: {app: a}}\n', 'Allows TCP 80 from every pod in namespaces labelled team=red or pods labelled app=a in namespace app'],
    ['        - podSelector: {matchExpressions: [{key: tier, operator: In, values: [a, b]}, {key: legacy, operator: DoesNotExist}]}\n', 'Allows TCP 80 from pods labelled tier in (a, b), without label legacy in namespace app'],
    // Negative operators say an absent key matches too (SEMANTICS.md: NotIn is "key absent, or value not in set").
    ['        - podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [be]}]}\n', 'Allows TCP 80 from pods with tier absent or not in (be) in namespace app'],
    ['        - podSelector: {matchExpressions: [{key: app, operator: DoesNotExist}]}\n          namespaceSelector: {matchExpressions: [{key: team, operator: Exists}]}\n', 'Allows TCP 80 from pods without label app in namespaces with label team'],
    ['        - namespaceSelector: {matchLabels: {team: red}, matchExpressions: [{key: env, operator: NotIn, values: [prod]}]}\n', 'Allows TCP 80 from every pod in namespaces labelled team=red, env absent or not in (prod)'],
    ['        - ipBlock: {cidr: 10.0.0.0/8}\n', 'Allows TCP 80 from addresses in 10.0.0.0/8'],
    ['        - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.0.0/16]}\n', 'Allows TCP 80 from addresses in 10.0.0.0/8 except 10.1.0.0/16 and 10.2.0.0/16'],
    ['        - ipBlock: {cidr: 10.0.0.0/8}\n        - podSelector: {}\n        - namespaceSelector: {}\n', 'Allows TCP 80 from addresses in 10.0.0.0/8, every pod in namespace app or every pod in every namespace'],
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
  assert.equal(ingress('    - ports:\n        - {protocol: TCP, port: 80}\n        - {protocol: UDP, port: 53}\n        - {protocol: SCTP}\n'), 'Allows TCP 80, UDP 53 and every SCTP port from anywhere');
  assert.equal(ingress('    - ports:\n        - {port: 8000, endPort: 8080}\n'), 'Allows TCP 8000-8080 from anywhere');
  assert.equal(ingress('    - ports:\n        - {port: http}\n', '{matchLabels: {tier: backend}}'), 'Allows TCP port named http (8080 or 8081, depending on the pod) from anywhere');
  assert.equal(ingress('    - ports:\n        - {port: http}\n', '{matchLabels: {app: api}}'), 'Allows TCP port named http (8080) from anywhere');
  assert.equal(ingress('    - ports:\n        - {port: http}\n', '{matchLabels: {app: db}}'), 'Allows TCP port named http (which no selected pod has) from anywhere');
  assert.equal(ingress('    - ports:\n        - {port: 0}\n'), 'Allows nothing: every ports item is invalid');
  const egress = (rule: string) => sentence(`  podSelector: {}\n  egress:\n${rule}`);
  assert.equal(egress('    - to:\n        - podSelector: {matchLabels: {tier: backend}}\n      ports:\n        - port: http\n'), 'Allows TCP port named http (8080 or 8081, depending on the pod) to pods labelled tier=backend in namespace app');
  assert.equal(egress('    - to:\n        - ipBlock: {cidr: 0.0.0.0/0}\n      ports:\n        - port: http\n'), 'Allows TCP port named http (it matches nothing towards an ipBlock) to addresses in 0.0.0.0/0');
  assert.equal(egress('    - to:\n        - podSelector: {matchLabels: {app: front}}\n          namespaceSelector: {}\n      ports:\n        - {port: http}\n'), 'Allows TCP port named http (80) to pods labelled app=front in every namespace');
  assert.equal(egress('    - ports:\n        - {protocol: UDP, port: 53}\n'), 'Allows UDP 53 to anywhere');
});

const expectedFile = join(dir, 'expected', 'lenses-and-symbols.json');

test('lens titles and symbols of the describe fixture (expected/lenses-and-symbols.json)', () => {
  const ws = new Workspace();
  const objects = new Map<string, NonNullable<ReturnType<Workspace['setFile']>['objects']>>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) objects.set(f, ws.setFile(join(dir, f), readFileSync(join(dir, f), 'utf8'), { keepObjects: true }).objects ?? []);
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
  const snapshots: [string, Snapshot][] = [['describe', workspaceOfDir(dir).snapshot()], ['shop', workspaceOfDir(fixture('..', '..', 'examples', 'shop')).snapshot()]];
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
    return hoverAt(s, objects.get(first)!, at + delta, link)?.markdown ?? '';
  };
  return { s, hover };
}

const namedToBlock = {
  'p.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec:\n  podSelector: {matchLabels: {app: a}}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - ipBlock: {cidr: 10.0.0.0/8}\n        - podSelector: {matchLabels: {app: x}}\n      ports:\n        - port: http\n',
  'w.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n, labels: {app: a}}\nspec:\n  containers: [{name: c}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: n, labels: {app: b}}\nspec:\n  containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]\nstatus: {podIP: 10.1.2.3}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: x, namespace: n, labels: {app: x}}\nspec:\n  containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]\n',
};

test('egress named port: a pod reached only through an ipBlock gets no port, in the lens, the rule and the port hover, as in flows', () => {
  const { s, hover } = alone(namedToBlock);
  const flows = computeFlows(s).filter((f) => 'workload' in f.from && f.from.workload.name === 'a');
  assert.deepEqual(flows.map((f) => `${'workload' in f.to ? f.to.workload.name : '?'} ${f.allowed.describe()}`), ['x TCP 8080']);
  assert.equal(policyLens(s, s.policies[0]!), 'selects 1 workload · egress: to 1 workload on TCP 8080');
  const rule = hover('- to:');
  assert.ok(rule.includes('**Allows TCP port named http (8080) to addresses in 10.0.0.0/8 or pods labelled app=x in namespace n.**'), rule);
  assert.ok(rule.includes('In this workspace: to 1 workload.') && rule.includes('- Pod [n/x](w.yaml): TCP 8080'), rule);
  assert.ok(!rule.includes('[n/b](w.yaml): nothing') && rule.includes('Matched but opened no port') && rule.includes('- Pod [n/b](w.yaml)'), rule);
  assert.ok(rule.includes('The ipBlock range gets no port: 10.0.0.0-10.255.255.255'), rule);
  const port = hover('port: http', 8);
  assert.ok(port.includes('1 destination has it. 1 pod reached only through an ipBlock gets nothing from it.') && !port.includes('9090'), port);
});

test('ingress from an ipBlock with a named port: the range gets what holds for every selected pod, not the first one\'s', () => {
  const pod = (name: string, ports: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: n, labels: {app: srv}}\nspec: {containers: [{name: c${ports}}]}\n---\n`;
  const { hover } = alone({
    'p.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec:\n  podSelector: {matchLabels: {app: srv}}\n  ingress:\n    - from: [{ipBlock: {cidr: 192.168.0.0/16}}]\n      ports: [{port: http}]\n',
    'w.yaml': pod('a', ', ports: [{name: http, containerPort: 80}]') + pod('b', ', ports: [{name: http, containerPort: 8080}]') + pod('c', ''),
  });
  const h = hover('- from');
  assert.ok(h.includes('- 192.168.0.0-192.168.255.255: TCP 80, 8080, depending on the selected pod (below)'), h);
  assert.ok(h.includes('- Pod [n/a](w.yaml): TCP 80\n- Pod [n/b](w.yaml): TCP 8080\n- Pod [n/c](w.yaml): nothing'), h);
  // One selected pod, or pods that agree: no "depending".
  const one = alone({ 'p.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec:\n  podSelector: {matchLabels: {app: srv}}\n  ingress:\n    - from: [{ipBlock: {cidr: 192.168.0.0/16}}]\n      ports: [{port: http}]\n', 'w.yaml': pod('a', ', ports: [{name: http, containerPort: 80}]') }).hover('- from');
  assert.ok(one.includes('- 192.168.0.0-192.168.255.255: TCP 80\n') || one.endsWith('- 192.168.0.0-192.168.255.255: TCP 80'), one);
  assert.ok(!one.includes('depending'), one);
});

test('a policy selecting one workload does not count it as its own peer, as flows leave it out', () => {
  const { s, hover } = alone({
    'p.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec:\n  podSelector: {}\n  policyTypes: []\n  egress:\n    - to: [{podSelector: {}}]\n',
    'w.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n, labels: {app: a}}\nspec: {containers: [{name: c}]}\n',
  });
  assert.equal(computeFlows(s).filter((f) => 'workload' in f.from && 'workload' in f.to).length, 0);
  assert.equal(policyLens(s, s.policies[0]!), 'selects 1 workload · ingress: denied · egress: to 0 workloads on all ports');
  assert.ok(workloadLens(s, s.workloads[0]!).endsWith('reaches 0 workloads'), workloadLens(s, s.workloads[0]!));
  const h = hover('- to');
  assert.ok(h.includes('In this workspace: to 0 workloads.') && h.includes('The selected workload n/a matches too, but its traffic to itself is not a flow'), h);
});

test('policy lens counts equal the rules\' port sets over every workload (connectivity.ts), in the random world and the fixtures', () => {
  const snapshots: [string, Snapshot][] = [['describe', workspaceOfDir(dir).snapshot()], ['random', randomWorld(7)], ['random2', randomWorld(11)], ['ipblock', alone(namedToBlock).s]];
  let compared = 0;
  for (const [name, s] of snapshots) {
    for (const p of s.policies) {
      const a = s.analyze(p);
      const title = policyLens(s, p);
      for (const dir of ['ingress', 'egress'] as const) {
        const m = new RegExp(`${dir}: (?:from|to) (anywhere|(\\d+) workloads?|\\d+ address blocks?)`).exec(title);
        if (!m || m[1] === 'anywhere') continue;
        const opens = (w: (typeof s.workloads)[number]) => a[dir].some((ra) => dir === 'egress'
          ? !egressRulePorts(ra, { workload: w }).isEmpty()
          : ruleMatches(ra, { workload: w }) && (a.selected.length ? a.selected.some((d) => !rulePorts(ra.rule, d).isEmpty()) : !rulePorts(ra.rule, undefined).isEmpty()));
        // Flows leave a workload to itself out: the one selected workload is not its own peer.
        const truth = s.workloads.filter((w) => opens(w) && !(a.selected.length === 1 && a.selected[0] === w)).length;
        assert.equal(Number(m[2] ?? 0), truth, `${name}: ${p.namespace}/${p.name}: ${title}`);
        compared++;
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
    const port = pick(['{name: http, containerPort: 80}', '{name: http, containerPort: 8080}', '{name: dns, containerPort: 53, protocol: UDP}', '{containerPort: 9000}']);
    docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: w${i}, namespace: ${pick(nss)}, labels: {app: ${pick(['p', 'q', 'r'])}, tier: ${pick(['1', '2'])}}}\nspec: {containers: [{name: c, ports: [${port}]}]}\nstatus: {podIP: 10.0.${i % 4}.${i}}`);
  }
  const peers = ['{podSelector: {matchLabels: {app: p}}}', '{namespaceSelector: {matchLabels: {team: x}}}', '{namespaceSelector: {}, podSelector: {matchLabels: {tier: "2"}}}', '{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.0/24]}}', '{podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [q]}]}}'];
  const ports = ['', ', ports: [{port: http}]', ', ports: [{port: 80}]', ', ports: [{protocol: UDP, port: dns}]', ', ports: [{port: 8000, endPort: 9000}]'];
  const rule = (key: string) => (r() < 0.15 ? `{${ports[Math.floor(r() * ports.length)]!.slice(2)}}` : `{${key}: [${pick(peers)}${r() < 0.4 ? `, ${pick(peers)}` : ''}]${pick(ports)}}`);
  for (let i = 0; i < 14; i++) {
    const types = pick(['', 'policyTypes: [Ingress], ', 'policyTypes: [Egress], ', 'policyTypes: [Ingress, Egress], ']);
    const ing = r() < 0.7 ? `ingress: [${rule('from')}${r() < 0.4 ? `, ${rule('from')}` : ''}], ` : '';
    const eg = r() < 0.5 ? `egress: [${rule('to')}], ` : '';
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n${i}, namespace: ${pick(nss)}}\nspec: {${types}${ing}${eg}podSelector: {matchLabels: {app: ${pick(['p', 'q', 'r'])}}}}`);
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
  assert.equal(refs(`${head('web')}  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {}\n          podSelector:\n            matchLabels:\n              ap|p: api\n`)!.length, 1);
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
