// Honest without a cluster: checks that claim absence say they looked at the workspace, and
// evidence that the pods run elsewhere (Services, operators' resources, .netpol-lens.yaml)
// softens or silences them. Each case fails without the evidence it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidPortName, OPERATORS, parseProjectConfig, semanticFindings, Workspace, type Finding } from '../../server/src/engine/index';

const pol = (ns: string, spec: string,
  name = 'p') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec}---\n`;
const deploy = (ns: string, name: string, labels: string,
  ports = '') => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  template:\n` +
  `    metadata: {labels: {${labels}}}\n    spec: {containers: [{name: c${ports ? `, ports: [${ports}]` : ''}}]}\n---\n`;
const service = (ns: string, name: string, selector: string,
  ports = '[{port: 80}]') => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {selector: {${selector}}, ports: ${ports}}\n` +
  `---\n`;
const nsDoc = (name: string, labels = '') => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}${labels ? `, labels: {${labels}}` : ''}}\n---\n`;
const base = nsDoc('app') + nsDoc('monitoring') + deploy('app', 'web', 'app: web');

/** The semantic findings of the policy file p.yaml, as [id, severity, message]. */
function findings(policies: string, others = base, config?: string): [string, string, string][] {
  const ws = new Workspace();
  ws.setFile('w.yaml', others);
  if (config !== undefined) ws.setExternal(parseProjectConfig(config).config.external);
  const facts = ws.setFile('p.yaml', policies, { keepObjects: true });
  return semanticFindings(ws.snapshot(), 'p.yaml', policies, facts.objects).map((f: Finding) => [f.id, f.severity, f.message]);
}

const ids = (fs: [string, string, string][]) => fs.map(([id, sev]) => `${id}:${sev}`);

const selectsProm = pol('monitoring', '  podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}\n');
const peerToProm = pol('app', '  podSelector: {}\n  egress:\n    - to:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ' +
  'monitoring}}\n          podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}\n');

test('absence is stated about the workspace, never about the cluster', () => {
  const cases = [
    findings(selectsProm),
    findings(peerToProm),
    findings(pol('app', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: nobody}}}]}]\n')),
    findings(pol('app', '  podSelector: {}\n  ingress: [{ports: [{port: htttp}]}]\n')),
    findings(pol('empty', '  podSelector: {}\n')),
  ];
  assert.deepEqual(cases.map(ids), [
    ['policy-selects-nothing:warning'], ['peer-matches-nothing:warning'], ['namespace-selector-matches-nothing:warning'],
    ['named-port-unresolved:warning'], ['policy-selects-nothing:warning'],
  ]);
  for (const [[, , message]] of cases as [string, string, string][][]) {
    assert.match(message, /in the workspace|the workspace's/, message);
    assert.doesNotMatch(message, /has no effect|admits nothing[.;]/, message);
  }
});

test('a Service selecting the labels makes policy-selects-nothing information, saying why', () => {
  const fs = findings(selectsProm, base + service('monitoring', 'prometheus-k8s', 'app.kubernetes.io/name: prometheus, prometheus: k8s'));
  assert.deepEqual(ids(fs), ['policy-selects-nothing:information']);
  assert.match(fs[0]![2], /Service prometheus-k8s in namespace monitoring selects pods labelled app\.kubernetes\.io\/name=prometheus, prometheus=k8s/);
});

test('a Service whose selector the policy selector does not match is no evidence', () => {
  assert.deepEqual(ids(findings(selectsProm, base + service('monitoring', 'grafana', 'app: grafana'))), ['policy-selects-nothing:warning']);
  // Same labels, another namespace: the pods are not where the policy looks.
  assert.deepEqual(ids(findings(selectsProm, base + service('app', 'prom', 'app.kubernetes.io/name: prometheus'))), ['policy-selects-nothing:warning']);
});

test('a Service makes peer-matches-nothing information', () => {
  assert.deepEqual(ids(findings(peerToProm, base + service('monitoring', 'prom', 'app.kubernetes.io/name: prometheus'))), ['peer-matches-nothing:information']);
});

test('adding a Service in another file updates the cached findings of an unchanged policy', () => {
  const ws = new Workspace();
  ws.setFile('w.yaml', base);
  const facts = ws.setFile('p.yaml', selectsProm, { keepObjects: true });
  const sev = () => semanticFindings(ws.snapshot(), 'p.yaml', selectsProm, facts.objects).map((f) => f.severity);
  assert.deepEqual(sev(), ['warning']);
  ws.setFile('svc.yaml', service('monitoring', 'prom', 'app.kubernetes.io/name: prometheus'));
  assert.deepEqual(sev(), ['information']);
  ws.removeFile('svc.yaml');
  assert.deepEqual(sev(), ['warning']);
});

const prometheusCr = 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: monitoring}\n' +
  'spec: {podMetadata: {labels: {team: obs}}}\n---\n';
const alertmanagerCr = 'apiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nmetadata: {name: main, namespace: monitoring}\nspec: {}\n---\n';

test('a Prometheus resource makes the operator\'s pods evidence: hint, naming the resource', () => {
  const fs = findings(selectsProm, base + prometheusCr);
  assert.deepEqual(ids(fs), ['policy-selects-nothing:hint']);
  assert.match(fs[0]![2], /Prometheus k8s in namespace monitoring has its operator create Prometheus server pods/);
  // The labels of spec.podMetadata reach the pods too; the resource's name is the prometheus label.
  assert.deepEqual(ids(findings(pol('monitoring', '  podSelector: {matchLabels: {team: obs, prometheus: k8s}}\n'), base + prometheusCr)),
    ['policy-selects-nothing:hint']);
  assert.deepEqual(ids(findings(pol('monitoring', '  podSelector: {matchLabels: {prometheus: other}}\n'), base + prometheusCr)),
    ['policy-selects-nothing:warning']);
  // A kind of the same name in another API group is not the operator's.
  assert.deepEqual(ids(findings(selectsProm, base + prometheusCr.replace('monitoring.coreos.com', 'example.com'))), ['policy-selects-nothing:warning']);
});

test('an Alertmanager resource: peers to alertmanager=<name> are a hint', () => {
  const peer = pol('app', '  podSelector: {}\n  egress:\n    - to:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}\n' +
    '          podSelector: {matchLabels: {alertmanager: main}}\n');
  assert.deepEqual(ids(findings(peer)), ['peer-matches-nothing:warning']);
  assert.deepEqual(ids(findings(peer, base + alertmanagerCr)), ['peer-matches-nothing:hint']);
});

test('an operator\'s pods with the port name soften named-port-unresolved', () => {
  // Ingress to every pod of monitoring on port "web": grafana (in the workspace) has only "http".
  const text = pol('monitoring', '  podSelector: {}\n  ingress: [{ports: [{port: web}]}]\n');
  const world = base + deploy('monitoring', 'grafana', 'app: grafana', '{name: http, containerPort: 3000}');
  assert.deepEqual(ids(findings(text, world)), ['named-port-unresolved:warning']);
  const fs = findings(text, world + prometheusCr);
  assert.deepEqual(ids(fs), ['named-port-unresolved:hint']);
  assert.match(fs[0]![2], /Prometheus server pods with a TCP port named "web"/);
  // A Service's named targetPort says its pods have that port name.
  assert.deepEqual(ids(findings(text, world + service('monitoring', 'prom', 'app: prom', '[{port: 9090, targetPort: web}]'))),
    ['named-port-unresolved:information']);
  assert.deepEqual(ids(findings(text, world + service('monitoring', 'prom', 'app: prom', '[{port: 9090, targetPort: 9090}]'))),
    ['named-port-unresolved:warning']);
  // Egress: the port resolves on the peer's pods.
  const egress = pol('app', '  podSelector: {}\n  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]\n' +
    '      ports: [{port: web}]\n    - ports: [{protocol: UDP, port: 53}, {port: 53}]\n');
  assert.deepEqual(ids(findings(egress, world)), ['named-port-unresolved:warning']);
  assert.deepEqual(ids(findings(egress, world + alertmanagerCr)), ['named-port-unresolved:hint']);
});

test('the Longhorn manager in the workspace makes its instance-manager pods evidence', () => {
  const text = pol('longhorn-system', '  podSelector: {matchLabels: {longhorn.io/component: instance-manager}}\n');
  assert.deepEqual(ids(findings(text, base + nsDoc('longhorn-system') + deploy('longhorn-system', 'other', 'app: other'))), ['policy-selects-nothing:warning']);
  const manager = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: longhorn-manager, namespace: longhorn-system}\nspec:\n  template:\n' +
    '    metadata: {labels: {app: longhorn-manager}}\n    spec: {containers: [{name: m}]}\n---\n';
  assert.deepEqual(ids(findings(text, base + manager)), ['policy-selects-nothing:hint']);
});

test('a KubeVirt VirtualMachine: its template labels reach the virt-launcher pod', () => {
  const vm = 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: vm1, namespace: app}\nspec:\n  template:\n' +
    '    metadata: {labels: {kubevirt.io/domain: vm1}}\n    spec: {}\n---\n';
  const text = pol('app', '  podSelector: {matchLabels: {kubevirt.io/domain: vm1}}\n');
  assert.deepEqual(ids(findings(text)), ['policy-selects-nothing:warning']);
  assert.deepEqual(ids(findings(text, base + vm)), ['policy-selects-nothing:hint']);
});

test('a namespace chosen by kubernetes.io/metadata.name is assumed to exist', () => {
  const byName = (name: string) => pol('app',
    `  podSelector: {}\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${name}}}, podSelector: {matchLabels: {app: ` +
    `x}}}]\n`);
  // Not in the workspace: no claim that it matches nothing, from either check.
  assert.deepEqual(ids(findings(byName('ingress-nginx'))), []);
  const byIn = pol('app', '  podSelector: {}\n  ingress:\n    - from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: ' +
    'In, values: [a, b]}]}}]\n');
  assert.deepEqual(ids(findings(byIn)), []);
  // A near miss of a workspace namespace is likely a typo: a hint that says which.
  const typo = findings(byName('monitorng'));
  assert.deepEqual(ids(typo), ['namespace-selector-matches-nothing:hint']);
  assert.match(typo[0]![2], /did you mean "monitoring"\?/);
  // A label selector still warns: no Namespace manifest of the workspace has that label.
  assert.deepEqual(ids(findings(pol('app', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: x}}}]}]\n'))),
    ['namespace-selector-matches-nothing:warning']);
});

const config = `# the workspace's config
render:
  helm: [{chart: charts/app, values: [values.yaml]}]
external:
  namespaces:
    - ingress-nginx
    - {name: partners, labels: {team: partner}}
  workloads:
    - namespace: monitoring
      name: prometheus
      labels: {app.kubernetes.io/name: prometheus}
      ports: [{name: web}]
`;

test('.netpol-lens.yaml: declared workloads silence the findings about them', () => {
  assert.deepEqual(ids(findings(selectsProm, base, config)), []);
  assert.deepEqual(ids(findings(peerToProm, base, config)), []);
  // Only what is declared: other labels in that namespace still warn.
  assert.deepEqual(ids(findings(pol('monitoring', '  podSelector: {matchLabels: {app: grafana}}\n'), base, config)), ['policy-selects-nothing:warning']);
});

test('.netpol-lens.yaml: declared namespaces exist, with their labels, and what runs there is unknown', () => {
  const byLabel = pol('app', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: partner}}, podSelector: {matchLabels: {app: ' +
    'api}}}]}]\n');
  assert.deepEqual(ids(findings(byLabel)), ['namespace-selector-matches-nothing:warning']);
  assert.deepEqual(ids(findings(byLabel, base, config)), []);
  assert.deepEqual(ids(findings(pol('partners', '  podSelector: {matchLabels: {app: api}}\n'), base, config)), []);
});

test('project config: external typed, unknown top-level keys passed through untouched, problems located', () => {
  const { config: c, problems } = parseProjectConfig(config);
  assert.deepEqual(c.external, {
    namespaces: [{ name: 'ingress-nginx', labels: [] }, { name: 'partners', labels: [['team', 'partner']] }],
    workloads: [{ namespace: 'monitoring', name: 'prometheus', labels: [['app.kubernetes.io/name', 'prometheus']], portNames: ['TCP/web'] }],
  });
  assert.deepEqual(c.render, { helm: [{ chart: 'charts/app', values: ['values.yaml'] }] });
  assert.deepEqual(problems, []);
  const bad = parseProjectConfig('external:\n  namespaces: monitoring\n  workloads:\n    - {name: x}\n  pods: []\nrender: {a: 1}\n');
  assert.deepEqual(bad.problems.map((p) => [p.line, p.message]), [
    [2, 'external.namespaces: must be a list.'],
    [4, 'A workload needs namespace:, name: and labels: (its pods\' labels).'],
    [5, 'Unknown key external.pods: use namespaces: or workloads:.'],
  ]);
  assert.deepEqual(bad.config.render, { a: 1 });
  assert.deepEqual(parseProjectConfig('').config, { external: { namespaces: [], workloads: [] } });
  assert.equal(parseProjectConfig('external: [').problems.length > 0, true);
  assert.deepEqual(parseProjectConfig('- a\n').problems.map((p) => p.message), ['The config must be a map of keys (external:, ...).']);
});

test('the operator list: every entry names its source and gives pods valid labels and port names', () => {
  assert.ok(OPERATORS.length >= 10);
  for (const op of OPERATORS) {
    const where = JSON.stringify(op.trigger);
    assert.ok(op.source.length > 0 && op.pods.length > 0, where);
    for (const pods of op.pods) {
      const labels = pods.labels('main');
      assert.ok(labels.length > 0, where);
      // The labels as a Pod's: the validation of workload labels finds nothing.
      const podText = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  ` +
        `labels:\n${labels.map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}\n`).join('')}spec: {containers: [{name: c}]}\n`;
      assert.deepEqual(new Workspace().setFile('pod.yaml', podText).findings.map((f) => f.message), [], where);
      for (const p of pods.ports ?? []) assert.ok(p.name && isValidPortName(p.name), `${where}: ${p.name}`);
    }
  }
  const kinds = OPERATORS.map((o) => ('kind' in o.trigger ? `${o.trigger.group}/${o.trigger.kind}` : o.trigger.podLabel.join('=')));
  assert.equal(new Set(kinds).size, kinds.length, 'one entry per trigger');
});

test('an edit of a Service\'s file that leaves its selector as it was keeps the policies\' analyses', () => {
  const ws = new Workspace();
  ws.setFile('w.yaml', base);
  ws.setFile('p.yaml', selectsProm);
  const svc = service('monitoring', 'prom', 'app.kubernetes.io/name: prometheus');
  ws.setFile('svc.yaml', svc);
  const s1 = ws.snapshot();
  const a1 = s1.analyze(s1.policies[0]!);
  ws.setFile('svc.yaml', `# a comment\n${svc}`);
  const s2 = ws.snapshot();
  assert.equal(s2.analyze(s2.policies[0]!), a1, 'same analysis object');
  ws.setFile('svc.yaml', svc.replace('prometheus}', 'grafana}'));
  const s3 = ws.snapshot();
  assert.notEqual(s3.analyze(s3.policies[0]!), a1, 'a new selector is new evidence');
});

test('a peer over several namespaces takes the strongest evidence among them', () => {
  const peer = pol('app', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {tier: ops}}, podSelector: {matchLabels: ' +
    '{app.kubernetes.io/name: prometheus}}}]}]\n');
  const world = nsDoc('app') + nsDoc('a-ops', 'tier: ops') + nsDoc('monitoring', 'tier: ops') + deploy('app', 'web', 'app: web') + service('a-ops', 'prom',
    'app.kubernetes.io/name: prometheus');
  assert.deepEqual(ids(findings(peer, world)), ['peer-matches-nothing:information']);
  assert.deepEqual(ids(findings(peer, world, config)), [], 'the declared workload in monitoring wins over the Service in a-ops');
});
