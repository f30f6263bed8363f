// The per-policy findings cache (checks/findings-cache.ts): after every edit of a sequence, the
// findings of the edited open document equal those of a workspace read from scratch, spans,
// messages, fixes and related places included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentCache, semanticFindings, Workspace, type Finding } from '../../server/src/engine/index';

const pod = (ns: string, name: string, labels: string, extra = '', port = 80) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {${labels}}}\nspec:\n` +
  `  ${extra}containers: [{name: c, ports: [{name: http, containerPort: ${port}}]}]\n`;
const WORKLOADS = [
  pod('n', 'web', 'app: web'), pod('n', 'db', 'app: db'), pod('n', 'db2', 'app: db', '', 8080),
  pod('n', 'agent', 'app: agent', 'hostNetwork: true\n  '), pod('default', 'x', 'app: x'),
  'apiVersion: v1\nkind: Pod\nmetadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}\nspec: {containers: [{name: c}]}\n',
].join('---\n');
const pol = (name: string, spec: string, ns = 'n') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n` +
  `  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n${spec}`;

// One policy per check, so that every check's findings (and fixes) go through the cache.
const POLICIES = [
  pol('selects-nothing', '  podSelector: {matchLabels: {app: nope}}\n'),
  pol('peer-nothing', '  podSelector: {}\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: gone}}}]\n'),
  pol('trap', '  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n' +
    '              kubernetes.io/metadata.name: n\n        - podSelector:\n            matchLabels:\n              app: web\n'),
  pol('no-dns', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n    - to: [{podSelector: {matchLabels: {app: db}}}]\n'),
  pol('udp-only', '  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Egress]\n  egress:\n    - ports: [{protocol: UDP, port: 53}]\n'),
  pol('ignored', '  podSelector: {}\n  policyTypes: [Ingress]\n  egress:\n    - to: [{podSelector: {}}]\n'),
  pol('ambiguous', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{ports: [{port: http}, {port: htp}]}]\n'),
  pol('host', '  podSelector: {matchLabels: {app: agent}}\n'),
  pol('no-namespace', '  podSelector: {}\n', ''),
  pol('twice', '  podSelector: {}\n'),
  pol('twice', '  podSelector: {}\n  ingress:\n    - {}\n    - from: [{podSelector: {matchLabels: {app: web}}}]\n'),
];

function fresh(workloads: string, text: string): Finding[] {
  const ws = new Workspace();
  ws.setFile('w.yaml', workloads);
  const facts = ws.setFile('p.yaml', text, { keepObjects: true });
  return semanticFindings(ws.snapshot(), 'p.yaml', text, facts.objects);
}

test('findings cache: every edit of a sequence gives what a fresh read gives', () => {
  const ws = new Workspace();
  const cache = new DocumentCache();
  let workloads = WORKLOADS;
  let sections = [...POLICIES];
  ws.setFile('w.yaml', workloads);
  const edits: [string, () => void][] = [
    ['a comment line before everything (every policy moves)', () => { sections[0] = `# head\n${sections[0]}`; }],
    ['a label of the first policy', () => { sections[0] = sections[0]!.replace('app: nope', 'app: web'); }],
    ['the DNS rule into another policy of the namespace', () => { sections[4] = sections[4]!.replace('{protocol: UDP, port: 53}',
      '{protocol: UDP, port: 53}, {protocol: TCP, port: 53}'); }],
    ['egress without DNS for pods of no-dns (namespace-wide DNS coverage changes)', () => { sections[4] = sections[4]!.replace('app: db', 'app: web'); }],
    ['the OR comment above the trap', () => { sections[2] = sections[2]!.replace('    - from:\n', '    # OR: on purpose\n    - from:\n'); }],
    ['a policy removed from the middle', () => { sections.splice(6, 1); }],
    ['a workload label changes (every analysis is new)', () => { workloads = workloads.replace('app: agent', 'app: gone'); ws.setFile('w.yaml', workloads); }],
    ['a duplicate name is renamed', () => { sections[sections.length - 1] = sections[sections.length - 1]!.replace('name: twice', 'name: once'); }],
    ['a policy shrinks by a line (later ones move back)', () => { sections[1] = sections[1]!.replace('  podSelector: {}\n',
      '  podSelector:\n    {}\n').replace('  podSelector:\n    {}\n', '  podSelector: {}\n'); sections[0] = sections[0]!.replace('# head\n', ''); }],
  ];
  const check = (label: string) => {
    const text = sections.join('---\n');
    const facts = ws.setFile('p.yaml', text, { keepObjects: true, cache });
    const got = semanticFindings(ws.snapshot(), 'p.yaml', text, facts.objects);
    assert.deepEqual(got, fresh(workloads, text), label);
    assert.ok(got.length > 0, `${label}: the fixture keeps producing findings`);
    // Asking twice (no edit) is served from the cache and gives the same.
    assert.deepEqual(semanticFindings(ws.snapshot(), 'p.yaml', text, facts.objects), got, `${label}, asked again`);
  };
  check('first read');
  for (const [label, edit] of edits) {
    edit();
    check(label);
  }
});

test('findings cache: a cached policy moved by an edit before it keeps exact spans and fixes', () => {
  const ws = new Workspace();
  const cache = new DocumentCache();
  ws.setFile('w.yaml', WORKLOADS);
  const body = POLICIES[3]!; // no-dns: a finding with a DNS fix
  const read = (text: string) => {
    const facts = ws.setFile('p.yaml', text, { keepObjects: true, cache });
    return semanticFindings(ws.snapshot(), 'p.yaml', text, facts.objects).find((f) => f.id === 'egress-without-dns')!;
  };
  const before = `${POLICIES[0]}---\n${body}`;
  const a = read(before);
  const after = `${POLICIES[0]!.replace('app: nope', 'app: nope-longer-label')}---\n${body}`;
  const b = read(after);
  const delta = after.length - before.length;
  assert.equal(b.span.start, a.span.start + delta);
  assert.equal(after.slice(b.span.start, b.span.end), before.slice(a.span.start, a.span.end));
  assert.equal(b.fixes![0]!.edits[0]!.span.start, a.fixes![0]!.edits[0]!.span.start + delta);
});
