// Semantic warnings: every check id with a positive and a negative case, and their fixes
// applied to the whole text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { semanticFindings, Workspace, ALL_CHECKS, SEMANTIC_CHECKS, type Finding } from '../../server/src/engine/index';

const pod = (ns: string, name: string, labels: string, extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {${labels}}}\nspec:\n` +
  `  ${extra}containers: [{name: c, ports: [{name: http, containerPort: 80}]}]\n---\n`;
const dnsPod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}\nspec: {containers: [{name: c}]}\n' +
  '---\n';
const world = pod('n', 'web', 'app: web') + pod('n', 'db', 'app: db') + dnsPod;
const pol = (spec: string, meta = 'name: p\n  namespace: n') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  ${meta}\nspec:\n${spec}`;

/** Semantic findings of the policy file, with the text each span covers. */
function run(policyText: string, workloads = world): { findings: Finding[]; got: [string, string][] } {
  const ws = new Workspace();
  ws.setFile('w.yaml', workloads);
  const facts = ws.setFile('p.yaml', policyText, { keepObjects: true });
  const findings = semanticFindings(ws.snapshot(), 'p.yaml', policyText, facts.objects);
  return { findings, got: findings.map((f) => [f.id, policyText.slice(f.span.start, f.span.end)]) };
}

function applyFix(text: string, f: Finding, i = 0): string {
  const edits = [...f.fixes![i]!.edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

const cases: { name: string; yaml: string; expect: [string, string][]; workloads?: string }[] = [
  { name: 'a clean policy', yaml: pol(
    '  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: web}}}]\n      ports: [{port: http}]\n'), expect: [] },
  { name: 'policy-selects-nothing', yaml: pol('  podSelector: {matchLabels: {app: nope}}\n'), expect: [['policy-selects-nothing',
    'podSelector: {matchLabels: {app: nope}}']] },
  { name: 'peer-matches-nothing', yaml: pol('  podSelector: {}\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: gone}}}]\n'),
    expect: [['peer-matches-nothing', 'podSelector: {matchLabels: {app: gone}}']] },
  { name: 'namespace-selector-matches-nothing', yaml: pol('  podSelector: {}\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {team: nobody}}}]\n'),
    expect: [['namespace-selector-matches-nothing', 'namespaceSelector: {matchLabels: {team: nobody}}']] },
  { name: 'and-or-trap', yaml: pol(
    '  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: n\n' +
    '        - podSelector:\n            matchLabels:\n              app: web\n'), expect: [['and-or-trap',
    'namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: n\n        - podSelector:\n            matchLabels:\n' +
    '              app: web']] },
  { name: 'no trap next to podSelector: {} (the AND would be the namespace peer itself: "those namespaces, and my own")',
    yaml: pol('  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n' +
    '        - podSelector: {}\n'), expect: [] },
  { name: 'no trap when the OR is evident: both peers match workloads, the AND would match none',
    yaml: pol('  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n' +
    '        - podSelector: {matchLabels: {app: web}}\n'), expect: [] },
  { name: 'the trap when the pod-only peer names pods that live in the other namespaces',
    yaml: pol('  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n' +
    '        - podSelector: {matchLabels: {k8s-app: kube-dns}}\n'), expect: [['and-or-trap',
    'namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n        - podSelector: {matchLabels: {k8s-app: kube-dns}}'],
    ['peer-matches-nothing', 'podSelector: {matchLabels: {k8s-app: kube-dns}}']] },
  { name: 'no trap with AND in one item',
    yaml: pol('  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {}\n          podSelector: {matchLabels: {app: web}}\n'), expect: [] },
  { name: 'egress-without-dns', yaml: pol(
    '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n    - to: [{podSelector: {matchLabels: {app: db}}}]\n'),
    expect: [['egress-without-dns', 'podSelector: {matchLabels: {app: web}}']] },
  { name: 'dns-one-protocol', yaml: pol(
    '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n    - ports: [{protocol: UDP, port: 53}]\n'), expect: [['dns-one-protocol',
    'podSelector: {matchLabels: {app: web}}']] },
  { name: 'DNS on both protocols is fine',
    yaml: pol('  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n' +
    '    - ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]\n'), expect: [] },
  { name: 'egress-rules-ignored',
    yaml: pol('  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {}}]}]\n  egress:\n    - to: [{podSelector: {}}]\n'),
    expect: [['egress-rules-ignored', 'to: [{podSelector: {}}]']] },
  { name: 'ingress-rules-ignored',
    yaml: pol('  podSelector: {matchLabels: {app: db}}\n  policyTypes:\n    - Egress\n  egress:\n    - ports: [{protocol: UDP, port: 53}, {port: 53}]\n' +
    '  ingress:\n    - from: [{podSelector: {}}]\n'), expect: [['ingress-rules-ignored', 'from: [{podSelector: {}}]']] },
  { name: 'named-port-unresolved', yaml: pol('  podSelector: {matchLabels: {app: db}}\n  ingress: [{ports: [{port: htp}]}]\n'),
    expect: [['named-port-unresolved', '{port: htp}']] },
  { name: 'named-port-ambiguous', workloads: world + pod('n', 'db2', 'app: db', '').replace('containerPort: 80', 'containerPort: 8080'),
    yaml: pol('  podSelector: {matchLabels: {app: db}}\n  ingress: [{ports: [{port: http}]}]\n'), expect: [['named-port-ambiguous', '{port: http}']] },
  { name: 'named-port-to-ipblock',
    yaml: pol('  podSelector: {matchLabels: {app: web}}\n  egress:\n    - to: [{ipBlock: {cidr: 10.0.0.0/8}}]\n      ports: [{port: http}]\n' +
    '    - ports: [{protocol: UDP, port: 53}, {port: 53}]\n'), expect: [['named-port-to-ipblock', '{port: http}']] },
  { name: 'host-network-selected', workloads: world + pod('n', 'node-agent', 'app: agent', 'hostNetwork: true\n  '),
    yaml: pol('  podSelector: {matchLabels: {app: agent}}\n'), expect: [['host-network-selected', 'podSelector: {matchLabels: {app: agent}}']] },
  { name: 'policy-without-namespace', workloads: pod('default', 'x', 'app: x'), yaml: pol('  podSelector: {}\n', 'name: p'),
    expect: [['policy-without-namespace', 'p']] },
  { name: 'duplicate-policy-name', yaml: pol('  podSelector: {}\n') + '\n---\n' + pol('  podSelector: {}\n'), expect: [['duplicate-policy-name', 'p'],
    ['duplicate-policy-name', 'p']] },
  { name: 'redundant-rule and allows-everything',
    yaml: pol('  podSelector: {}\n  ingress:\n    - {}\n    - from: [{podSelector: {matchLabels: {app: web}}}]\n'), expect: [['allows-everything', '{}'],
    ['redundant-rule', 'from: [{podSelector: {matchLabels: {app: web}}}]']] },
  { name: 'a wider port range covers a narrower one',
    yaml: pol('  podSelector: {}\n  ingress:\n    - ports: [{port: 80, endPort: 90}]\n    - ports: [{port: 85}]\n'), expect: [['redundant-rule',
    'ports: [{port: 85}]']] },
];

for (const c of cases) {
  test(`check: ${c.name}`, () => {
    assert.deepEqual(run(c.yaml, c.workloads).got, c.expect);
  });
}

test('exposed-to-any-namespace: only when enabled, only on namespaceSelector: {} in an isolated direction', () => {
  const text = pol('  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - from:\n'
    + '        - namespaceSelector: {}\n        - namespaceSelector: {matchLabels: {team: x}}\n'
    + '        - namespaceSelector: {}\n          podSelector: {matchLabels: {app: web}}\n  egress:\n    - to: [{namespaceSelector: {}}]\n');
  const ws = new Workspace();
  ws.setFile('w.yaml', world);
  ws.setFile('p.yaml', text);
  const exposed = (fs: Finding[]) => fs.filter((f) => f.id === 'exposed-to-any-namespace');
  const ids = (optIn?: Set<string>) => exposed(semanticFindings(ws.snapshot(), 'p.yaml', undefined, undefined, optIn));
  assert.deepEqual(ids(), []);
  const found = ids(new Set(['exposed-to-any-namespace']));
  // An egress section without policyTypes makes the policy isolate egress too, so its peer counts.
  assert.deepEqual(found.map((f) => text.slice(f.span.start, f.span.end)),
    ['namespaceSelector: {}', 'namespaceSelector: {}\n          podSelector: {matchLabels: {app: web}}', '{namespaceSelector: {}}']);
  assert.match(found[0]!.message, /every pod in any namespace, including namespaces created later, may connect to the selected pods/);
  assert.match(found[2]!.message, /may be reached by the selected pods/);
  const ignored = pol('  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]\n  egress:\n    - to: [{namespaceSelector: {}}]\n');
  const ws2 = new Workspace();
  ws2.setFile('p.yaml', ignored);
  const enabled = new Set(['exposed-to-any-namespace']);
  assert.deepEqual(exposed(semanticFindings(ws2.snapshot(), 'p.yaml', undefined, undefined, enabled)), [], 'egress rules ignored');
});

test('every semantic check id has a case', () => {
  const used = new Set(cases.flatMap((c) => c.expect.map(([id]) => id)).concat(SEMANTIC_CHECKS.filter((c) => c.optIn).map((c) => c.id)));
  const missing = SEMANTIC_CHECKS.filter((c) => !used.has(c.id)).map((c) => c.id);
  assert.deepEqual(missing, []);
  assert.equal(new Set(ALL_CHECKS.map((c) => c.id)).size, ALL_CHECKS.length, 'ids are unique');
});

test('dns-one-protocol names the protocol of each workload: UDP only for one, TCP only for another', () => {
  const workloads = pod('n', 'a', 'app: a, role: x') + pod('n', 'b', 'app: b, role: x') + dnsPod;
  const text = pol('  podSelector: {matchLabels: {role: x}}\n  policyTypes: [Egress]\n', 'name: deny\n  namespace: n')
    + '---\n' + pol('  podSelector: {matchLabels: {app: a}}\n  egress:\n    - ports: [{protocol: UDP, port: 53}]\n', 'name: udp-a\n  namespace: n')
    + '---\n' + pol('  podSelector: {matchLabels: {app: b}}\n  egress:\n    - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n      ports: [{protocol: TCP, port: 53}]\n',
      'name: tcp-b\n  namespace: n');
  const msgs = run(text, workloads).findings.filter((f) => f.id === 'dns-one-protocol').map((f) => f.message);
  assert.deepEqual(msgs, [
    'DNS is allowed on UDP 53 only for n/a, and on TCP 53 only for n/b: lookups over TCP (retries of truncated answers: large records, DNSSEC) and over UDP ' +
      '(resolvers that start with UDP) will fail. Allow both UDP and TCP port 53.',
    'DNS is allowed on UDP 53 only for n/a: lookups over TCP (retries of truncated answers: large records, DNSSEC) will fail. Allow both UDP and TCP port 53.',
    'DNS is allowed on TCP 53 only for n/b: lookups over UDP (resolvers that start with UDP) will fail. Allow both UDP and TCP port 53.',
  ]);
});

test('egress-without-dns counts workloads as workloads: a Deployment of 3 replicas is "the workload it selects", never "the pod"', () => {
  const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: n}\nspec:\n  replicas: 3\n  template:\n' +
    '    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c}]}\n---\n';
  const msgs = run(pol('  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n'), deploy +
    dnsPod).findings.filter((f) => f.id === 'egress-without-dns').map((f) => f.message);
  assert.deepEqual(msgs, ['This policy isolates egress, and no egress rule of the policies selecting the workload it selects (n/web) allows DNS (UDP and TCP ' +
    '53 to kube-dns): every name lookup will fail. Add an egress rule to kube-dns on UDP and TCP 53.']);
});

test('egress-without-dns with no kube-dns in the workspace: DNS rules that match nothing do not count', () => {
  const workloads = pod('n', 'web', 'app: web');
  const dnsIds = (egress: string) => run(pol(`  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n${egress}`),
    workloads).got.filter(([id]) => id.includes('dns')).map(([id]) => id);
  // A named port towards an ipBlock matches nothing; an invalid ipBlock or selector matches nothing.
  assert.deepEqual(dnsIds('    - to: [{ipBlock: {cidr: 10.96.0.10/32}}]\n      ports: [{port: dns, protocol: UDP}, {port: dns-tcp, protocol: TCP}]\n'),
    ['egress-without-dns']);
  assert.deepEqual(dnsIds('    - to: [{ipBlock: {cidr: 10.96.0.10/33}}]\n      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n'),
    ['egress-without-dns']);
  assert.deepEqual(dnsIds('    - to: [{podSelector: {matchExpressions: [{key: k8s-app, operator: Bogus}]}}]\n' +
    '      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n'), ['egress-without-dns']);
  // Numeric 53 towards a valid ipBlock, or a dns-named port towards pods elsewhere, still counts.
  assert.deepEqual(dnsIds('    - to: [{ipBlock: {cidr: 10.96.0.10/32}}]\n      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n'), []);
  assert.deepEqual(dnsIds('    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]\n' +
    '      ports: [{port: dns, protocol: UDP}, {port: dns-tcp, protocol: TCP}]\n'), []);
});

test('fix: merge the AND/OR trap into one peer, byte for byte', () => {
  const yaml = pol('  podSelector: {}\n  ingress:\n    - from:\n        # callers\n        - namespaceSelector:\n            matchLabels:\n' +
    '              kubernetes.io/metadata.name: n\n        - podSelector:\n            matchLabels:\n              app: web\n      ports:\n' +
    '        - port: 80\n');
  const f = run(yaml).findings.find((x) => x.id === 'and-or-trap')!;
  assert.equal(f.fixes![0]!.title, 'Merge into one peer (AND): pods labelled app=web in namespace n');
  const merged = applyFix(yaml, f, 0);
  assert.equal(merged, yaml.replace('        - podSelector:', '          podSelector:'));
  assert.deepEqual(run(merged).got.filter(([id]) => id === 'and-or-trap'), []);
  const commented = applyFix(yaml, f, 1);
  assert.equal(commented, yaml.replace('    - from:\n', '    # OR: every pod in namespace n, or pods labelled app=web in namespace n (two peers, on ' +
    'purpose)\n    - from:\n'));
  assert.deepEqual(run(commented).got.filter(([id]) => id === 'and-or-trap'), [], 'the comment acknowledges the OR');
});

test('fix: no merge of an AND/OR trap whose list is anchored (an alias elsewhere would change too)', () => {
  const yaml = pol('  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from: &peers\n' +
    '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: n}}\n        - podSelector: {matchLabels: {app: db}}\n  egress:\n' +
    '    - to: *peers\n      ports: [{port: 5432}]\n');
  const traps = run(yaml).findings.filter((x) => x.id === 'and-or-trap');
  assert.ok(traps.length > 0);
  for (const f of traps) assert.ok(!(f.fixes ?? []).some((x) => x.title.startsWith('Merge')), 'no merge offered');
});

test('fix: add the DNS rule to an existing egress list, in the file\'s style (kubectl\'s flush sequences)', () => {
  const yaml = pol('  podSelector: {matchLabels: {app: web}}\n  policyTypes:\n  - Egress\n  egress:\n  - to:\n' +
    '    - podSelector: {matchLabels: {app: db}}  # the db\n');
  const f = run(yaml).findings.find((x) => x.id === 'egress-without-dns')!;
  const fixed = applyFix(yaml, f);
  assert.equal(fixed, yaml + ('  - to:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: kube-system\n' +
    '      podSelector:\n        matchLabels:\n          k8s-app: kube-dns\n    ports:\n    - protocol: UDP\n      port: 53\n    - protocol: TCP\n' +
    '      port: 53\n'));
  assert.deepEqual(run(fixed).got, []);
});

test('fix: the DNS rule creates egress when there is none, CRLF kept', () => {
  const yaml = pol('  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]\n').replace(/\n/g, '\r\n');
  const f = run(yaml).findings.find((x) => x.id === 'egress-without-dns')!;
  const fixed = applyFix(yaml, f);
  assert.ok(fixed.startsWith(yaml.trimEnd()));
  assert.ok(!/[^\r]\n/.test(fixed), 'only CRLF newlines');
  assert.deepEqual(run(fixed).got, []);
});

test('fix: add the missing policyTypes entry, flow and block style', () => {
  const flow = pol('  podSelector: {}\n  policyTypes: [Ingress]\n  egress:\n    - ports: [{protocol: UDP, port: 53}, {port: 53}]\n');
  const f1 = run(flow).findings.find((x) => x.id === 'egress-rules-ignored')!;
  assert.equal(applyFix(flow, f1), flow.replace('[Ingress]', '[Ingress, Egress]'));
  const block = pol('  podSelector: {}\n  policyTypes:\n    - Ingress   # keep\n  egress:\n    - ports: [{protocol: UDP, port: 53}, {port: 53}]\n');
  const f2 = run(block).findings.find((x) => x.id === 'egress-rules-ignored')!;
  assert.equal(applyFix(block, f2), block.replace('    - Ingress   # keep\n', '    - Ingress   # keep\n    - Egress\n'));
});

/** The text after the first fix of the one `id` finding of a file (validation or semantic), or undefined without a fix. */
/** The text after the finding's fix whose title matches `title` (else its first fix). */
function fixed(file: string, text: string, id: string, title?: RegExp): string | undefined {
  const ws = new Workspace();
  ws.setFile('w.yaml', world);
  const facts = ws.setFile(file, text, { keepObjects: true });
  const all = [...facts.findings, ...semanticFindings(ws.snapshot(), file, text, facts.objects)].filter((f) => f.id === id);
  assert.equal(all.length, 1, `one ${id} in ${file}: ${JSON.stringify(all.map((f) => f.message))}`);
  const i = title ? all[0]!.fixes?.findIndex((x) => title.test(x.title)) ?? -1 : 0;
  return all[0]!.fixes?.length && i >= 0 ? applyFix(text, all[0]!, i) : undefined;
}

const ipPolicy = (peer: string) => pol(`  podSelector: {matchLabels: {app: web}}\n  ingress:\n    - from:\n${peer}`);
const jsonPolicy = (spec: object, api = 'networking.k8s.io/v1') =>
  `${JSON.stringify({ apiVersion: api, kind: 'NetworkPolicy', metadata: { name: 'j', namespace: 'n' }, spec }, null, 2)}\n`;
const jsonIp = (except: string[]) => jsonPolicy({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except } }] }] });

const exceptFixes: { name: string; file?: string; text: string; expect: string | undefined }[] = [
  { name: 'the second of a flow list, with its comma', text: ipPolicy('        - ipBlock:\n            cidr: 10.0.0.0/16\n' +
    '            except: [10.0.1.0/24, 10.9.0.0/24]   # two\n'),
    expect: ipPolicy('        - ipBlock:\n            cidr: 10.0.0.0/16\n            except: [10.0.1.0/24]   # two\n') },
  { name: 'the first of a flow list, with its comma', text: ipPolicy('        - ipBlock: {cidr: 10.0.0.0/16, except: [10.9.0.0/24, 10.0.1.0/24]}\n'),
    expect: ipPolicy('        - ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.0/24]}\n') },
  { name: 'the only item of a flow list leaves []', text: ipPolicy('        - ipBlock: {cidr: 10.0.0.0/16, except: [10.9.0.0/24]}\n'),
    expect: ipPolicy('        - ipBlock: {cidr: 10.0.0.0/16, except: []}\n') },
  { name: 'a JSON except list over lines, the only item', file: 'p.json', text: jsonIp(['10.9.0.0/24']), expect: jsonIp([]) },
  { name: 'a JSON except list over lines, the last of two', file: 'p.json', text: jsonIp(['10.0.1.0/24', '10.9.0.0/24']), expect: jsonIp(['10.0.1.0/24']) },
  { name: 'a JSON except list over lines, the first of two', file: 'p.json', text: jsonIp(['10.9.0.0/24', '10.0.1.0/24']), expect: jsonIp(['10.0.1.0/24']) },
  { name: 'the only block item takes its except key along (no null except left)',
    text: ipPolicy('        - ipBlock:\n            except:   # wrong\n              - 10.9.0.0/24\n            cidr: 10.0.0.0/16\n'),
    expect: ipPolicy('        - ipBlock:\n            cidr: 10.0.0.0/16\n') },
  { name: 'the only block item on the last line, no final newline, CRLF',
    text: ipPolicy('        - ipBlock:\n            cidr: 10.0.0.0/16\n            except:\n              - 10.9.0.0/24').replace(/\n/g, '\r\n'),
    expect: ipPolicy('        - ipBlock:\n            cidr: 10.0.0.0/16').replace(/\n/g, '\r\n') },
  { name: 'not an anchored list another place uses', text: ipPolicy('        - ipBlock:\n            cidr: 10.0.0.0/16\n' +
    '            except: &ex [10.9.0.0/24]\n        - ipBlock: {cidr: 10.9.0.0/16, except: *ex}\n'), expect: undefined },
];

for (const c of exceptFixes) {
  test(`fix: remove an except outside its cidr: ${c.name}`, () => {
    const file = c.file ?? 'p.yaml';
    const out = fixed(file, c.text, 'except-outside-cidr');
    assert.equal(out, c.expect);
    if (out === undefined) return;
    if (file.endsWith('.json')) JSON.parse(out);
    const ws = new Workspace();
    assert.deepEqual(ws.setFile(file, out).findings.map((f) => f.id), [], 'the result is valid');
  });
}

const deprecated: { name: string; file?: string; text: string; expect: string }[] = [
  { name: 'plain, with a comment', text: pol('  podSelector: {}\n').replace('networking.k8s.io/v1', 'extensions/v1beta1   # old'),
    expect: pol('  podSelector: {}\n').replace('networking.k8s.io/v1', 'networking.k8s.io/v1   # old') },
  { name: 'double-quoted stays double-quoted', text: pol('  podSelector: {}\n').replace('networking.k8s.io/v1', '"extensions/v1beta1"'),
    expect: pol('  podSelector: {}\n').replace('networking.k8s.io/v1', '"networking.k8s.io/v1"') },
  { name: 'single-quoted stays single-quoted', text: pol('  podSelector: {}\n').replace('networking.k8s.io/v1', "'extensions/v1beta1'"),
    expect: pol('  podSelector: {}\n').replace('networking.k8s.io/v1', "'networking.k8s.io/v1'") },
  { name: 'JSON stays JSON', file: 'p.json', text: jsonPolicy({ podSelector: {} }, 'extensions/v1beta1'), expect: jsonPolicy({ podSelector: {} }) },
];

for (const c of deprecated) {
  test(`fix: deprecated-api-version replaces only the value's content: ${c.name}`, () => {
    assert.equal(fixed(c.file ?? 'p.yaml', c.text, 'deprecated-api-version'), c.expect);
  });
}

const dnsBlock = (indent: string) => ['- to:', '    - namespaceSelector:', '        matchLabels:', '          kubernetes.io/metadata.name: kube-system',
  '      podSelector:', '        matchLabels:', '          k8s-app: kube-dns', '  ports:', '    - protocol: UDP', '      port: 53', '    - protocol: TCP',
  '      port: 53'].map((l) => indent + l).join('\n');
const dnsFlow = '[{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ' +
  'ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]';
const dnsJson = '{"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}, "podSelector": {"matchLabels": {"k8s-app": ' +
  '"kube-dns"}}}], "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]}';
const egressPol = (rest: string) => pol(`  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n${rest}`);

const nullEgress: { name: string; file?: string; text: string; expect: string }[] = [
  { name: 'egress: with nothing after it', text: egressPol('  egress:\n'), expect: egressPol(`  egress:\n${dnsBlock('    ')}\n`) },
  { name: 'egress: then a comment, at the end of a file without a final newline', text: egressPol('  egress:   # none yet'),
    expect: egressPol(`  egress:   # none yet\n${dnsBlock('    ')}`) },
  { name: 'egress: ~ with a comment, CRLF', text: egressPol('  egress: ~  # none\n  ingress: []\n').replace(/\n/g, '\r\n'),
    expect: egressPol(`  egress:  # none\n${dnsBlock('    ')}\n  ingress: []\n`).replace(/\n/g, '\r\n') },
  { name: 'egress: null in a flow spec', text: pol('  {podSelector: {matchLabels: {app: web}}, policyTypes: [Egress], egress: null}\n').replace('spec:\n  {',
    'spec: {'), expect: pol(`  {podSelector: {matchLabels: {app: web}}, policyTypes: [Egress], egress: ${dnsFlow}}\n`).replace('spec:\n  {', 'spec: {') },
  { name: 'egress: with no value in a flow spec', text: pol('  {podSelector: {matchLabels: {app: web}}, policyTypes: [Egress], egress: }\n').replace('spec:\n' +
    '  {', 'spec: {'), expect: pol(`  {podSelector: {matchLabels: {app: web}}, policyTypes: [Egress], egress: ${dnsFlow} }\n`).replace('spec:\n  {',
    'spec: {') },
  { name: '"egress": null in JSON', file: 'p.json', text: jsonPolicy({ podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: null }),
    expect: jsonPolicy({ podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: null }).replace('"egress": null',
    `"egress": [${dnsJson}]`) },
];

for (const c of nullEgress) {
  test(`fix: the DNS rule fills an egress key without a value: ${c.name}`, () => {
    const file = c.file ?? 'p.yaml';
    // These policies deny all egress: the rule added to them is the second fix (the first is a new policy).
    const out = fixed(file, c.text, 'egress-without-dns', /^Add the DNS rule to/);
    assert.equal(out, c.expect);
    const ws = new Workspace();
    ws.setFile('w.yaml', world);
    const facts = ws.setFile(file, out!, { keepObjects: true });
    assert.deepEqual([...facts.findings, ...semanticFindings(ws.snapshot(), file, out!, facts.objects)].map((f) => f.id), []);
  });
}

/** Inputs in JSON and flow style that earlier tests do not cover: every fix there must keep the file's syntax. */
const flowInputs: { file: string; text: string }[] = [
  { file: 'p.json', text: jsonPolicy({ podSelector: {}, policyTypes: ['Ingress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'n' } } }, { podSelector: { matchLabels: { app: 'web' } } }] },
    { from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.9.0.0/24'] } }] }] }) },
  { file: 'p.json', text: JSON.stringify(JSON.parse(jsonPolicy({ podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'] }))) },
  { file: 'p.json', text: jsonPolicy({ podSelector: { matchLabels: { app: 'web' } }, policyTypes: [], egress: [{ to: [{ podSelector: {} }] }] }) },
  { file: 'p.yaml', text: jsonPolicy({ podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [] }) },
  { file: 'p.yaml', text: pol('  {podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{namespaceSelector: {}}, {podSelector: {matchLabels: {app: ' +
    'web}}}]}], egress: [{to: [{podSelector: {}}]}]}\n').replace('spec:\n  {', 'spec: {') },
];
flowInputs.push({ file: 'p.yaml', text: flowInputs[0]!.text }); // JSON in a YAML file: still no comment fix, JSON edits

test('every fix on every input of this file keeps the file parseable and edits only inside its own object', () => {
  const inputs: { file: string; text: string; workloads?: string }[] = [
    ...cases.map((c) => ({ file: 'p.yaml', text: c.yaml, workloads: c.workloads })),
    ...exceptFixes.map((c) => ({ file: c.file ?? 'p.yaml', text: c.text })),
    ...deprecated.map((c) => ({ file: c.file ?? 'p.yaml', text: c.text })),
    ...nullEgress.map((c) => ({ file: c.file ?? 'p.yaml', text: c.text })),
    ...flowInputs,
  ];
  let applied = 0;
  const byId = new Set<string>();
  for (const input of inputs) {
    const ws = new Workspace();
    ws.setFile('w.yaml', input.workloads ?? world);
    const facts = ws.setFile(input.file, input.text, { keepObjects: true });
    const findings = [...facts.findings, ...semanticFindings(ws.snapshot(), input.file, input.text, facts.objects)];
    for (const f of findings) {
      const obj = facts.objects!.find((o) => f.span.start >= o.span.start && f.span.end <= o.span.end)!;
      (f.fixes ?? []).forEach((fix, i) => {
        const where = `${f.id} / ${fix.title} on ${JSON.stringify(input.text.slice(0, 300))}`;
        for (const e of fix.edits) {
          assert.equal(e.file, input.file, where);
          // A fix may also append a new document at the end (the DNS rule as its own policy).
          const appends = e.span.start === input.text.length && e.span.end === input.text.length && /in a new policy/.test(fix.title);
          assert.ok(appends || (e.span.start >= obj.span.start && e.span.end <= obj.span.end),
            `edit ${JSON.stringify(e)} outside its object ${JSON.stringify(obj.span)}: ${where}`);
        }
        const sorted = [...fix.edits].sort((a, b) => a.span.start - b.span.start);
        sorted.slice(1).forEach((e, k) => assert.ok(e.span.start >= sorted[k]!.span.end, `overlapping edits: ${where}`));
        const out = applyFix(input.text, f, i);
        for (const doc of parseAllDocuments(out)) assert.deepEqual(doc.errors.map((x) => x.message), [], `${where}\n${out}`);
        if (input.file.endsWith('.json') || /^\s*[{[]/.test(input.text) && !input.text.includes('---'))
          assert.doesNotThrow(() => JSON.parse(out), `${where}\n${out}`);
        const again = new Workspace().setFile(input.file, out);
        assert.deepEqual(again.findings.filter((x) => x.severity === 'error' && x.id !== f.id && !facts.findings.some((y) => y.id === x.id)).map((x) => x.id),
          [], `the fix adds no new error: ${where}`);
        applied++;
        byId.add(f.id);
      });
    }
  }
  assert.ok(applied >= 25, `only ${applied} fixes applied`);
  assert.deepEqual([...byId].sort(), [
    'and-or-trap', 'deprecated-api-version', 'dns-one-protocol', 'egress-rules-ignored', 'egress-without-dns', 'except-outside-cidr',
    'ingress-rules-ignored', 'peer-matches-nothing',
  ]);
});
