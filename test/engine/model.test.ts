// Reading objects into the model: workload kinds and grouping, lists, JSON, broken documents,
// and the external ranges of the flows JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeFlows, flowsToJson, Workspace } from '../../server/src/engine/index';
import { snapshotOf } from '../helpers/fixtures';

const names = (files: Record<string, string>) => snapshotOf(files).workloads.map((w) =>
  `${w.namespace}/${w.kind}/${w.name} ${[...w.labels].map(([k, v]) => `${k}=${v}`).join(',')}`);

test('every workload kind, CronJob through jobTemplate', () => {
  const kinds = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController', 'Job'];
  const yaml = kinds.map((k) => `apiVersion: apps/v1\nkind: ${k}\nmetadata: {name: ${k.toLowerCase()}, namespace: n}\nspec:\n  template:\n` +
    `    metadata: {labels: {k: ${k.toLowerCase()}}}\n`).join('---\n')
    + ('---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cron, namespace: n}\nspec:\n  jobTemplate:\n    spec:\n      template:\n' +
      '        metadata: {labels: {k: cron}}\n');
  assert.deepEqual(names({ 'a.yaml': yaml }).sort(), [...kinds.map((k) => `n/${k}/${k.toLowerCase()} k=${k.toLowerCase()}`), 'n/CronJob/cron k=cron'].sort());
});

test('pods group under their top-most controller; pod labels win', () => {
  const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: n}\nspec: {template: {metadata: {labels: {app: web}}}}\n---\n'
    + ('apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web-abc\n  namespace: n\n' +
      '  ownerReferences: [{kind: Deployment, name: web, controller: true}]\nspec: {template: {metadata: {labels: {app: web, pod-template-hash: abc}}}}\n---\n')
    + ('apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-abc-1\n  namespace: n\n  labels: {app: web, pod-template-hash: abc, extra: "1"}\n' +
      '  ownerReferences: [{kind: ReplicaSet, name: web-abc, controller: true}]\nstatus: {podIP: 10.0.0.1}\n---\n')
    + 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: on-node\n  namespace: n\n  ownerReferences: [{kind: Node, name: node1, controller: true}]\n';
  const s = snapshotOf({ 'a.yaml': yaml });
  assert.deepEqual(s.workloads.map((w) => `${w.kind}/${w.name}`), ['Pod/on-node', 'Deployment/web']);
  const web = s.findWorkloads('n/web')[0]!;
  assert.equal(web.labels.get('extra'), '1');
  assert.equal(web.ips.length, 1);
});

test('kind: List, typed lists and JSON files', () => {
  const list = 'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: n}}\n' +
    '  - {apiVersion: v1, kind: Namespace, metadata: {name: n, labels: {x: y}}}\n';
  const typed = 'apiVersion: v1\nkind: PodList\nitems:\n  - metadata: {name: b, namespace: n}\n';
  const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'c', namespace: 'n' } });
  const s = snapshotOf({ 'l.yaml': list, 't.yaml': typed, 'j.json': json });
  assert.deepEqual(s.workloads.map((w) => w.name), ['a', 'b', 'c']);
  assert.equal(s.namespaces.get('n')!.labels.get('x'), 'y');
});

test('a broken document is skipped with a finding; the rest of the file counts', () => {
  const ws = new Workspace();
  const facts = ws.setFile('a.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n}\n---\nkind: [\n---\napiVersion: v1\nkind: Pod\n' +
    'metadata: {name: b, namespace: n}\n');
  assert.deepEqual(facts.findings.map((f) => f.id), ['yaml-syntax']);
  assert.deepEqual(ws.snapshot().workloads.map((w) => w.name), ['a', 'b']);
});

test('alias bombs are bounded and reported', () => {
  let yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\n  namespace: n\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n';
  for (let i = 1; i < 9; i++) yaml += `x${i}: &x${i} [${Array(10).fill(`*x${i - 1}`).join(', ')}]\n`;
  yaml += 'spec:\n  containers: [' + Array(10).fill('{name: c, ports: *x8}').join(', ') + ']\n';
  const ws = new Workspace();
  const t0 = Date.now();
  ws.setFile('b.yaml', yaml);
  assert.deepEqual(ws.snapshot().workloads.map((w) => w.name), ['bomb'], 'the object is still read');
  assert.ok(Date.now() - t0 < 1000, 'aliases are never expanded wholesale');
  // Walking 1,001 aliases spends the budget: the document is reported, not expanded.
  const many = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: n\n  labels: &l {a: b}\nspec:\n' +
    '  containers: [' + Array(1001).fill('{name: c, ports: [{containerPort: 1}]}').join(', ').replace(/\{name: c/g, '{name: c') + (']\n' +
    'x: [') + Array(1001).fill('*l').join(', ') + ']\n';
  assert.ok(new Workspace().setFile('m.yaml', many).findings.every((f) => f.id !== 'yaml-syntax'));
});

test('re-reading one file keeps the analyses of untouched policies', () => {
  const ws = new Workspace();
  ws.setFile('w.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n, labels: {app: a}}\n');
  ws.setFile('p1.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p1, namespace: n}\nspec: {podSelector: {}}\n');
  ws.setFile('p2.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p2, namespace: n}\nspec: {podSelector: {}}\n');
  const s1 = ws.snapshot();
  const a1 = s1.analyze(s1.policies[0]!);
  ws.setFile('p2.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p2, namespace: n}\n' +
    'spec: {podSelector: {matchLabels: {app: b}}}\n');
  const s2 = ws.snapshot();
  assert.notEqual(s1, s2);
  assert.equal(s2.analyze(s2.policies[0]!), a1, 'p1 was not re-analyzed');
  assert.deepEqual(s2.analyze(s2.policies[1]!).selected, []);
  ws.setFile('w.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n, labels: {app: b}}\n');
  const s3 = ws.snapshot();
  assert.equal(s3.analyze(s3.policies[1]!).selected.length, 1, 'a workload change reaches the policies');
});

test('external ranges are disjoint and split where the allowed set changes', () => {
  const s = snapshotOf({ 'a.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: w, namespace: n}\n---\napiVersion: networking.k8s.io/v1\n' +
    'kind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n' +
    '    - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]\n      ports: [{port: 443}]\n    - to: [{ipBlock: {cidr: 10.2.0.0/16}}]\n' });
  const json = flowsToJson(s, computeFlows(s));
  assert.deepEqual(json.flows.filter((f) => 'workload' in f.from), [
    { from: { workload: 'n/w', kind: 'Pod' }, to: { ipRange: '10.0.0.0-10.0.255.255' }, allowed: [{ protocol: 'TCP', ports: [[443, 443]] }] },
    { from: { workload: 'n/w', kind: 'Pod' }, to: { ipRange: '10.2.0.0-10.2.255.255' }, allowed: 'all' },
    { from: { workload: 'n/w', kind: 'Pod' }, to: { ipRange: '10.3.0.0-10.255.255.255' }, allowed: [{ protocol: 'TCP', ports: [[443, 443]] }] },
  ]);
  assert.deepEqual(json.flows.filter((f) => 'ipRange' in f.from),
    [{ from: { ipRange: '0.0.0.0-255.255.255.255' }, to: { workload: 'n/w', kind: 'Pod' }, allowed: 'all' }]);
});

test('IPv6 ranges appear only when a policy names an IPv6 block', () => {
  const s = snapshotOf({ 'a.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: w, namespace: n}\n---\napiVersion: networking.k8s.io/v1\n' +
    'kind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec:\n  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: "2001:db8::/32"}}]}]\n' });
  const json = flowsToJson(s, computeFlows(s));
  assert.deepEqual(json.flows.map((f) => ('ipRange' in f.from ? f.from.ipRange : 'ipRange' in f.to ? `to ${f.to.ipRange}` : '')),
    ['to 0.0.0.0-255.255.255.255', 'to ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff']);
});

test('ruleAdmits: workloads with ports resolved on each destination, and external ranges', async () => {
  const { ruleAdmits, formatRange } = await import('../../server/src/engine/index');
  const s = snapshotOf({ 'a.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n, labels: {app: a}}\n' +
    'spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}\n---\napiVersion: v1\nkind: Pod\n' +
    'metadata: {name: b, namespace: n, labels: {app: b}}\nspec: {containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]}\n---\n' +
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec:\n  podSelector: {matchLabels: {app: a}}\n  egress:\n' +
    '    - to: [{podSelector: {}}, {ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]\n      ports: [{port: http}, {port: 443}]\n' });
  const policy = s.policies[0]!;
  const r = ruleAdmits(s, policy, policy.egress[0]!);
  assert.ok(r.workloads !== 'all');
  assert.deepEqual(r.workloads.map((x) => `${x.workload.name}: ${x.ports.describe()}`), ['a: TCP 443, 8080', 'b: TCP 443, 9090']);
  assert.deepEqual(r.ranges.map((x) => `${formatRange(x.range)}: ${x.ports.describe()}`),
    ['10.0.0.0-10.0.255.255: TCP 443', '10.2.0.0-10.255.255.255: TCP 443']);
});

test('an open document re-read with its cache: unchanged sections keep their policies, spans move', async () => {
  const { DocumentCache, readFile } = await import('../../server/src/engine/index');
  const pol = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: n}\nspec:\n  podSelector: {}\n` +
    `  ingress:\n    - ports: [{port: 70000}]\n`;
  const v1 = `${pol('a')}---\n${pol('b')}---\n${pol('c')}`;
  const v2 = `# a comment pushes everything down\n${pol('a').replace('{}', '{matchLabels: {x: y}}')}---\n${pol('b')}---\n${pol('c')}`;
  const cache = new DocumentCache();
  const first = readFile('f.yaml', v1, { cache });
  const second = readFile('f.yaml', v2, { cache });
  const fresh = readFile('f.yaml', v2);
  assert.notEqual(second.policies[0]!.id, first.policies[0]!.id, 'the edited section is read again');
  assert.equal(second.policies[1]!.id, first.policies[1]!.id, 'an unchanged section keeps its policy');
  const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'id' ? undefined : typeof v === 'bigint' ? String(v) : v)));
  assert.deepEqual(strip(second.policies), strip(fresh.policies), 'spans equal a fresh read');
  assert.deepEqual(strip(second.findings), strip(fresh.findings));
  assert.deepEqual(second.findings.map((f) => v2.slice(f.span.start, f.span.end)), ['70000', '70000', '70000']);
});

test('an open document re-read with its cache equals a fresh read after every edit of a random sequence', async () => {
  const { DocumentCache, readFile } = await import('../../server/src/engine/index');
  const docs = [
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p1, namespace: n}\nspec:\n  podSelector: {matchLabels: {app: a}}\n  ingress:\n' +
      '    - from: [{podSelector: {matchLabels: {app: b}}}]\n      ports: [{port: 70000}]\n',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: n\n  labels: {app: a, app: b}\n' +
      'spec: {containers: [{name: c, ports: [{name: http, containerPort: 80}]}]}\n',
    'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Namespace, metadata: {name: n, labels: {team: x}}}\n' +
      '  - {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: n}}\n',
    'base: &b {app: a}\n',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p2}\nspec:\n  podSelector: {matchLabels: {<<: {app: a}}}\n' +
      '  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/16]}}]}]\n',
    'not: [valid\n',
  ];
  let seed = 11;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  let parts = [docs[0]!, docs[1]!, docs[2]!, docs[4]!];
  const cache = new DocumentCache();
  const strip = (x: unknown) => JSON.parse(JSON.stringify(x,
    (k, v) => (k === 'id' || k === 'src' || k === 'node' ? undefined : typeof v === 'bigint' ? String(v) : v instanceof Map ? [...v] : v)));
  for (let step = 0; step < 120; step++) {
    const op = rnd(5);
    const i = rnd(parts.length);
    if (op === 0) parts.splice(i, 0, docs[rnd(docs.length)]!); // a new document
    else if (op === 1 && parts.length > 1) parts.splice(i, 1); // a removed one
    else if (op === 2) parts.splice(i, 0, parts[i]!); // the same text twice
    else if (op === 3) parts[i] = `# edit ${step}\n${parts[i]}`; // grows: later sections move
    else parts[i] = parts[i]!.replace(/^# edit \d+\n/, '').replace('app: a', `app: a${step % 3 ? '' : 'x'}`);
    const text = parts.join('---\n');
    const cached = readFile('f.yaml', text, { cache, keepObjects: true });
    const fresh = readFile('f.yaml', text, { keepObjects: true });
    for (const key of ['policies', 'podSources', 'namespaces', 'findings', 'objectCount'] as const)
      assert.deepEqual(strip(cached[key]), strip(fresh[key]), `step ${step}: ${key}`);
    assert.deepEqual(cached.objects!.map((o) => [o.kind, o.name, o.namespace, o.span.start, o.span.end, o.src.base]),
      fresh.objects!.map((o) => [o.kind, o.name, o.namespace, o.span.start, o.span.end, o.src.base]), `step ${step}: objects`);
    assert.deepEqual(cached.objects!.map((o) => o.src.span(o.node)), fresh.objects!.map((o) => o.src.span(o.node)), `step ${step}: node spans`);
  }
});
