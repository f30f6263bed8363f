// One or more cases per rule of SEMANTICS.md: small YAML in, verdicts out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedPorts, parseIp, type Endpoint, type Protocol, type Snapshot } from '../../server/src/engine/index';
import { snapshotOf, workload } from '../helpers/fixtures';

const ns = (name: string, labels = '') => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {${labels}}\n---\n`;
const pod = (n: string, name: string, labels: string, extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${n}\n  labels: {${labels}}\nspec:\n  containers:\n    - name: c\n      image: x\n` +
  `      ports:\n        - {name: http, containerPort: 8080}\n        - {name: dns, containerPort: 53, protocol: UDP}\n${extra}---\n`;
const policy = (n: string, name: string, spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${n}\nspec:\n${spec}---\n`;

type Check = [from: string, to: string, protocol: Protocol, port: number, allowed: boolean];
interface Case { section: string; name: string; yaml: string; checks: Check[]; defaultNamespace?: string }

const base = ns('a', 'team: red') + ns('b', 'team: blue') + pod('a', 'web', 'app: web') + pod('a', 'db', 'app: db') + pod('b', 'api', 'app: api') + pod('b',
  'web', 'app: web');

const rs = (name: string, labels: string) => `apiVersion: apps/v1\nkind: ReplicaSet\n` +
  `metadata: {name: ${name}, namespace: a, ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true, uid: u}]}\n` +
  `spec: {template: {metadata: {labels: {${labels}}}, spec: {containers: [{name: c}]}}}\n---\n`;
const denyV2 = policy('a', 'deny-v2', '  podSelector: {matchLabels: {version: v2}}\n  policyTypes: [Ingress]\n');
const ownedPod = (name: string, ip: string) => `apiVersion: v1\nkind: Pod\n` +
  `metadata: {name: ${name}, namespace: a, labels: {app: cli}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: cli-rs, controller: true, ` +
  `uid: u}]}\nspec: {containers: [{name: c}]}\n${ip ? `status: {podIP: ${ip}}\n` : ''}---\n`;

const cases: Case[] = [
  { section: 'Which pods a policy isolates', name: 'no policy: everything allowed', yaml: base,
    checks: [['a/web', 'a/db', 'TCP', 1, true], ['b/api', 'a/db', 'SCTP', 9, true]] },
  { section: 'Which pods a policy isolates', name: 'podSelector selects only in the policy namespace',
    yaml: base + policy('a', 'deny', '  podSelector: {matchLabels: {app: web}}\n'),
    checks: [['a/db', 'a/web', 'TCP', 80, false], ['a/db', 'b/web', 'TCP', 80, true]] },
  { section: 'Which pods a policy isolates', name: 'policyTypes absent with egress section isolates egress too',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: web}}\n  egress:\n    - to: [{podSelector: {matchLabels: {app: db}}}]\n'),
    checks: [['a/web', 'a/db', 'TCP', 5, true], ['a/web', 'b/api', 'TCP', 5, false], ['a/db', 'a/web', 'TCP', 5, false]] },
  { section: 'Which pods a policy isolates', name: 'policyTypes absent without egress: ingress only',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: web}}\n'),
    checks: [['a/web', 'b/api', 'TCP', 5, true], ['b/api', 'a/web', 'TCP', 5, false]] },
  { section: 'Which pods a policy isolates', name: 'written [Ingress, Egress] without egress rules denies all egress',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]\n  ingress: [{}]\n'),
    checks: [['a/web', 'a/db', 'TCP', 5, false], ['a/db', 'a/web', 'TCP', 5, true]] },
  { section: 'Which pods a policy isolates', name: 'written [Egress] only does not isolate ingress',
    yaml: base + policy('a', 'p', '  podSelector: {}\n  policyTypes: [Egress]\n'),
    checks: [['b/api', 'a/web', 'TCP', 5, true], ['a/web', 'b/api', 'TCP', 5, false]] },
  { section: 'Which pods a policy isolates', name: 'policies are additive',
    yaml: base + policy('a', 'p1', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]\n') + policy('a',
    'p2', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: blue}}}], ports: [{port: 5432}]}]\n'),
    checks: [['a/web', 'a/db', 'TCP', 1, true], ['b/api', 'a/db', 'TCP', 5432, true], ['b/api', 'a/db', 'TCP', 80, false]] },
  { section: 'Rules', name: 'ingress: [] allows nothing', yaml: base + policy('a', 'p', '  podSelector: {}\n  ingress: []\n'),
    checks: [['a/web', 'a/db', 'TCP', 80, false]] },
  { section: 'Rules', name: 'ingress: [{}] allows everything', yaml: base + policy('a', 'p', '  podSelector: {}\n  ingress: [{}]\n'),
    checks: [['b/api', 'a/db', 'SCTP', 9, true]] },
  { section: 'Rules', name: 'from: [] is every source', yaml: base + policy('a', 'p', '  podSelector: {}\n  ingress: [{from: [], ports: [{port: 80}]}]\n'),
    checks: [['b/api', 'a/db', 'TCP', 80, true], ['b/api', 'a/db', 'TCP', 81, false], ['9.9.9.9', 'a/db', 'TCP', 80, true]] },
  { section: 'Peers', name: 'pod-only peer: policy namespace only',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]\n'),
    checks: [['a/web', 'a/db', 'TCP', 1, true], ['b/web', 'a/db', 'TCP', 1, false]] },
  { section: 'Peers', name: 'namespace-only peer: every pod in those namespaces',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: blue}}}]}]\n'),
    checks: [['b/api', 'a/db', 'TCP', 1, true], ['b/web', 'a/db', 'TCP', 1, true], ['a/web', 'a/db', 'TCP', 1, false]] },
  { section: 'Peers', name: 'both in one item: AND', yaml: base + policy('a', 'p',
    '  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {team: blue}}\n' +
    '          podSelector: {matchLabels: {app: web}}\n'), checks: [['b/web', 'a/db', 'TCP', 1, true], ['b/api', 'a/db', 'TCP', 1, false],
    ['a/web', 'a/db', 'TCP', 1, false]] },
  { section: 'Peers', name: 'two items: OR', yaml: base + policy('a', 'p',
    '  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {team: blue}}\n' +
    '        - podSelector: {matchLabels: {app: web}}\n'), checks: [['b/web', 'a/db', 'TCP', 1, true], ['b/api', 'a/db', 'TCP', 1, true],
    ['a/web', 'a/db', 'TCP', 1, true]] },
  { section: 'Peers', name: 'namespaceSelector {} is every namespace',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{namespaceSelector: {}}]}]\n'),
    checks: [['b/api', 'a/db', 'TCP', 1, true], ['9.9.9.9', 'a/db', 'TCP', 1, false]] },
  { section: 'Objects the engine reads', name: 'implicit kubernetes.io/metadata.name',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: db}}\n' +
    '  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: b}}}]}]\n'),
    checks: [['b/api', 'a/db', 'TCP', 1, true], ['a/web', 'a/db', 'TCP', 1, false]] },
  { section: 'Objects the engine reads', name: 'an undeclared namespace exists with only its name label',
    yaml: pod('c', 'x', 'app: x') + pod('d', 'db', 'app: db') + policy('d', 'p',
    '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [c]}]}}]}]\n'),
    checks: [['c/x', 'd/db', 'TCP', 1, true]] },
  { section: 'Objects the engine reads', name: 'missing namespace means the default namespace',
    yaml: pod('default', 'db', 'app: db') + pod('default', 'x', 'app: x') + ('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\n' +
    'spec: {podSelector: {}}\n'), checks: [['default/x', 'default/db', 'TCP', 1, false]] },
  { section: 'Objects the engine reads', name: 'a configured default namespace', defaultNamespace: 'prod',
    yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: db, labels: {app: db}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: x}\n---\n' +
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: {matchLabels: {app: db}}}\n',
    checks: [['prod/x', 'prod/db', 'TCP', 1, false], ['prod/db', 'prod/x', 'TCP', 1, true]] },
  { section: 'Label selectors', name: 'NotIn matches an absent key; DoesNotExist; Exists',
    yaml: base + pod('a', 'nolabel', '') + policy('a', 'p',
    '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [web]}]}}]}]\n'),
    checks: [['a/nolabel', 'a/db', 'TCP', 1, true], ['a/web', 'a/db', 'TCP', 1, false]] },
  { section: 'Label selectors', name: 'matchLabels AND matchExpressions',
    yaml: base + pod('a', 'web2', 'app: web, v: "2"') + policy('a', 'p',
    '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}, matchExpressions: [{key: v, operator: ' +
    'Exists}]}}]}]\n'), checks: [['a/web2', 'a/db', 'TCP', 1, true], ['a/web', 'a/db', 'TCP', 1, false]] },
  { section: 'Label selectors', name: 'an invalid selector matches nothing (never widens)',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: db}}\n' +
    '  ingress: [{from: [{podSelector: {matchExpressions: [{key: app, operator: In}]}}]}]\n'), checks: [['a/web', 'a/db', 'TCP', 1, false]] },
  { section: 'Ports', name: 'protocol defaults to TCP; endPort inclusive',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{ports: [{port: 8000, endPort: 8010}]}]\n'),
    checks: [['a/web', 'a/db', 'TCP', 8010, true], ['a/web', 'a/db', 'TCP', 8011, false], ['a/web', 'a/db', 'UDP', 8005, false]] },
  { section: 'Ports', name: 'port missing: every port of that protocol',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{ports: [{protocol: UDP}]}]\n'),
    checks: [['a/web', 'a/db', 'UDP', 9999, true], ['a/web', 'a/db', 'TCP', 9999, false]] },
  { section: 'Ports', name: 'named port resolves on the destination (ingress)',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{ports: [{port: http}, {port: dns, protocol: UDP}]}]\n'),
    checks: [['a/web', 'a/db', 'TCP', 8080, true], ['a/web', 'a/db', 'UDP', 53, true], ['a/web', 'a/db', 'TCP', 53, false]] },
  { section: 'Ports', name: 'named port resolves on the peer pod (egress); missing name is not reached',
    yaml: base + pod('a', 'other', 'app: other', '') .replace('name: http, containerPort: 8080', 'name: web, containerPort: 9000') + policy('a', 'p',
    '  podSelector: {matchLabels: {app: web}}\n  egress: [{ports: [{port: http}]}]\n'),
    checks: [['a/web', 'a/db', 'TCP', 8080, true], ['a/web', 'a/other', 'TCP', 9000, false], ['a/web', 'a/other', 'TCP', 8080, false]] },
  { section: 'Ports', name: 'named port towards an ipBlock matches nothing',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: web}}\n  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: http}]}]\n'),
    checks: [['a/web', '8.8.8.8', 'TCP', 8080, false]] },
  { section: 'Peers', name: 'ipBlock with except, external addresses',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: web}}\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}]\n'),
    checks: [['a/web', '10.2.3.4', 'TCP', 1, true], ['a/web', '10.1.3.4', 'TCP', 1, false], ['a/web', '11.0.0.1', 'TCP', 1, false],
    ['a/web', 'a/db', 'TCP', 1, false]] },
  { section: 'Peers', name: 'ipBlock matches a pod by its known IP; templates never match',
    yaml: base + pod('a', 'ipd', 'app: ipd', 'status:\n  podIP: 10.9.0.5\n') + ('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: dep, namespace: a}\n' +
    'spec:\n  template:\n    metadata: {labels: {app: dep}}\n' +
    '---\n') + policy('a', 'p', '  podSelector: {matchLabels: {app: web}}\n  egress: [{to: [{ipBlock: {cidr: 10.9.0.0/16}}]}]\n'),
    checks: [['a/web', 'a/ipd', 'TCP', 1, true], ['a/web', 'a/dep', 'TCP', 1, false]] },
  { section: 'Ports', name: 'named port towards a pod reached only through an ipBlock matches nothing (egress)',
    yaml: base + pod('a', 'ipd', 'app: ipd', 'status:\n  podIP: 10.9.0.5\n') + policy('a', 'p',
    '  podSelector: {matchLabels: {app: web}}\n  egress:\n    - to: [{ipBlock: {cidr: 10.9.0.0/16}}]\n      ports: [{port: http}]\n' +
    '    - to: [{ipBlock: {cidr: 10.9.0.0/16}}]\n      ports: [{port: 9000}]\n'),
    checks: [['a/web', 'a/ipd', 'TCP', 8080, false], ['a/web', 'a/ipd', 'TCP', 9000, true], ['a/web', 'a/db', 'TCP', 8080, false]] },
  { section: 'Ports', name: 'named port resolves when a selector peer of the same rule reaches the pod',
    yaml: base + pod('a', 'ipd', 'app: ipd', 'status:\n  podIP: 10.9.0.5\n') + policy('a', 'p',
    '  podSelector: {matchLabels: {app: web}}\n  egress:\n    - to: [{ipBlock: {cidr: 10.9.0.0/16}}, {podSelector: {matchLabels: {app: ipd}}}]\n' +
    '      ports: [{port: http}]\n'), checks: [['a/web', 'a/ipd', 'TCP', 8080, true], ['a/web', 'a/db', 'TCP', 8080, false]] },
  { section: 'Peers', name: 'a dual-stack pod matches an IPv4 ipBlock by its IPv4 address',
    yaml: base + pod('a', 'dual', 'app: dual', 'status:\n  podIPs: [{ip: 10.9.0.5}, {ip: "fd00::5"}]\n') + policy('a', 'p',
    '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{ipBlock: {cidr: 10.9.0.0/16}}]}]\n'),
    checks: [['a/dual', 'a/db', 'TCP', 1, true], ['a/web', 'a/db', 'TCP', 1, false]] },
  { section: 'Which pods a policy isolates', name: 'policyTypes: [] is defaulted like a missing one (Ingress)',
    yaml: base + policy('a', 'p', '  podSelector: {}\n  policyTypes: []\n'), checks: [['a/web', 'a/db', 'TCP', 1, false], ['a/db', 'b/api', 'TCP', 1, true]] },
  { section: 'Which pods a policy isolates', name: 'egress: [] without policyTypes adds no Egress (the API tests len(egress) != 0)',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: web}}\n  egress: []\n'),
    checks: [['a/web', 'b/api', 'TCP', 1, true], ['a/db', 'a/web', 'TCP', 1, false]] },
  { section: 'Rules', name: 'a null rule (`- ` alone) decodes to {} and allows everything',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: db}}\n  ingress:\n    -\n'), checks: [['b/api', 'a/db', 'UDP', 9, true]] },
  { section: 'Rules', name: 'from or ports that are not lists match nothing (never every source)',
    yaml: base + policy('a', 'p1', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: nobody}]\n') + policy('a', 'p2',
    '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: {podSelector: {matchLabels: {app: nobody}}}}, {ports: {port: 9999}}]\n') + policy('a', 'p3',
    '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress: [{to: [{podSelector: {}}], ports: 80}]\n'),
    checks: [['a/web', 'a/db', 'TCP', 1, false], ['b/api', 'a/db', 'TCP', 9999, false], ['a/web', 'b/api', 'TCP', 80, false]] },
  { section: 'Objects the engine reads', name: 'pods of one owner with different labels are separate workloads',
    yaml: base + ['db-0', 'db-1'].map((n, i) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${n}\n  namespace: a\n` +
    `  labels: {app: sts, role: ${i ? 'replica' : 'primary'}}\n` +
    `  ownerReferences: [{apiVersion: apps/v1, kind: StatefulSet, name: sts, controller: true, uid: u}]\nspec: {containers: [{name: c}]}\n` +
    `---\n`).join('') + policy('a', 'p', '  podSelector: {matchLabels: {role: replica}}\n  policyTypes: [Ingress, Egress]\n'),
    checks: [['a/web', 'a/db-1', 'TCP', 1, false], ['a/web', 'a/db-0', 'TCP', 1, true], ['a/db-1', 'a/web', 'TCP', 1, false]] },
  { section: 'Objects the engine reads', name: 'two ReplicaSets of one Deployment with different labels are two workloads (in either order)',
    yaml: base + rs('web-old', 'app: web, version: v1') + rs('web-new', 'app: web, version: v2') + denyV2,
    checks: [['a/web', 'a/web-new', 'TCP', 1, false], ['a/web', 'a/web-old', 'TCP', 1, true]] },
  { section: 'Objects the engine reads', name: 'two ReplicaSets of one Deployment, the other order',
    yaml: base + rs('web-new', 'app: web, version: v2') + rs('web-old', 'app: web, version: v1') + denyV2,
    checks: [['a/web', 'a/web-new', 'TCP', 1, false], ['a/web', 'a/web-old', 'TCP', 1, true]] },
  { section: 'Peers', name: 'an ipBlock does not match a workload one of whose pods has no known IP',
    yaml: base + ownedPod('cli-1', '10.9.0.5') + ownedPod('cli-2', '') + policy('a', 'p',
    '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{ipBlock: {cidr: 10.9.0.0/16}}]}]\n'), checks: [['a/cli-rs', 'a/db', 'TCP', 1, false]] },
  { section: 'Peers', name: 'an except outside its cidr (or of the other family, or equal to it) makes the ipBlock match nothing',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n' +
    '    - to: [{ipBlock: {cidr: 10.0.0.0/24, except: [192.168.0.0/24]}}]\n    - to: [{ipBlock: {cidr: 172.16.0.0/24, except: ["fd00::/64"]}}]\n' +
    '    - to: [{ipBlock: {cidr: 10.8.0.0/24, except: [10.8.0.0/24]}}]\n    - to: [{ipBlock: {cidr: 10.9.0.0/24, except: [10.9.0.0/25]}}]\n'),
    checks: [['a/web', '10.0.0.1', 'TCP', 1, false], ['a/web', '172.16.0.1', 'TCP', 1, false], ['a/web', '10.8.0.1', 'TCP', 1, false],
    ['a/web', '10.9.0.200', 'TCP', 1, true], ['a/web', '10.9.0.1', 'TCP', 1, false]] },
  { section: 'Objects the engine reads', name: 'ports of ordinary init containers do not resolve; restartable sidecars do',
    yaml: base + ('apiVersion: v1\nkind: Pod\nmetadata: {name: side, namespace: a, labels: {app: side}}\nspec:\n  initContainers:\n' +
    '    - {name: migrate, ports: [{name: admin, containerPort: 9999}]}\n' +
    '    - {name: proxy, restartPolicy: Always, ports: [{name: proxy, containerPort: 15001}]}\n  containers: [{name: c}]\n' +
    '---\n') + policy('a', 'p', '  podSelector: {matchLabels: {app: side}}\n  ingress: [{ports: [{port: admin}, {port: proxy}]}]\n'),
    checks: [['a/web', 'a/side', 'TCP', 9999, false], ['a/web', 'a/side', 'TCP', 15001, true]] },
  { section: 'Which pods a policy isolates', name: 'an unknown policyTypes value (ingress) keeps the isolation the defaults give',
    yaml: base + policy('a', 'p', '  podSelector: {matchLabels: {app: db}}\n  policyTypes: [ingress]\n'),
    checks: [['a/web', 'a/db', 'TCP', 1, false], ['a/db', 'a/web', 'TCP', 1, true]] },
  { section: 'Objects the engine reads', name: 'YAML merge keys are applied, as kubectl does (in rules and labels)',
    yaml: base + pod('a', 'red', 'app: red, <<: {team: red}') + policy('a', 'p',
    '  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - <<: {from: [{podSelector: {matchLabels: {app: frontend}}}]}\n' +
    '      ports: [{port: 8080}]\n') + policy('a', 'q', '  podSelector: {matchLabels: {team: red}}\n  policyTypes: [Ingress]\n'),
    checks: [['a/web', 'a/db', 'TCP', 8080, false], ['9.9.9.9', 'a/db', 'TCP', 8080, false], ['a/web', 'a/red', 'TCP', 1, false]] },
  { section: 'Objects the engine reads', name: 'merge keys through anchors: the map own keys override the merged ones',
    yaml: base + pod('a', 'anch', 'app: anch') + policy('a', 'p',
    '  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - &r {from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 80}]}\n    - <<: *r\n' +
    '      ports: [{port: 81}]\n'), checks: [['a/web', 'a/db', 'TCP', 80, true], ['a/web', 'a/db', 'TCP', 81, true], ['a/anch', 'a/db', 'TCP', 81, false]] },
  { section: 'A connection', name: 'needs egress of S and ingress of D',
    yaml: base + policy('a', 'out', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress: [{ports: [{port: 80}]}]\n') + policy('a',
    'in', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{ports: [{port: 80}, {port: 81}]}]\n'),
    checks: [['a/web', 'a/db', 'TCP', 80, true], ['a/web', 'a/db', 'TCP', 81, false], ['b/api', 'a/db', 'TCP', 81, true]] },
  { section: 'A connection', name: 'external source: only the destination policies apply',
    yaml: base + policy('a', 'in', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{ipBlock: {cidr: 192.168.0.0/16}}]}]\n'),
    checks: [['192.168.1.1', 'a/db', 'TCP', 1, true], ['172.16.0.1', 'a/db', 'TCP', 1, false], ['172.16.0.1', 'a/web', 'TCP', 1, true]] },
];

function endpoint(s: Snapshot, ref: string): Endpoint {
  const ip = parseIp(ref);
  return ip ? { ip } : { workload: workload(s, ref) };
}

for (const c of cases) {
  test(`${c.section}: ${c.name}`, () => {
    const s = snapshotOf({ 'case.yaml': c.yaml }, c.defaultNamespace);
    const wrong = c.checks.filter(([from, to, protocol, port, want]) => allowedPorts(s, endpoint(s, from), endpoint(s, to)).has(protocol, port) !== want);
    assert.deepEqual(wrong, []);
  });
}
