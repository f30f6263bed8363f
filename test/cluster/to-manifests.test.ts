// What the cluster's objects become as manifest text: only what the engine reads, finished pods
// and old ReplicaSets left out, and the engine reads it back into the expected workloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manifestText, toManifestFiles, trimAll, type ClusterObjects } from '../../server/src/cluster/to-manifests';
import { CLUSTER_RESOURCES } from '../../server/src/cluster/resources';
import { snapshotOf } from '../helpers/fixtures';

type Json = Record<string, unknown>;

function objects(byPlural: Record<string, Json[]>): ClusterObjects {
  const out: ClusterObjects = new Map();
  for (const r of CLUSTER_RESOURCES) out.set(r.plural, { resource: r, items: byPlural[r.plural] ?? [] });
  return out;
}

const owner = (kind: string, name: string) => [{ apiVersion: 'apps/v1', kind, name, uid: 'u', controller: true, blockOwnerDeletion: true }];
const pod = (name: string, phase: string, ownerRefs: unknown, extra: Json = {}) => ({
  metadata: { name, namespace: 'shop', uid: 'x', resourceVersion: '7', labels: { app: 'api' }, ownerReferences: ownerRefs,
    managedFields: [{ manager: 'kubelet' }] },
  spec: { nodeName: 'n1', containers: [{ name: 'api', image: 'api:1', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], env: [{ name: 'SECRET',
    value: 'no' }] }], ...extra },
  status: { phase, podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }], conditions: [] },
});
const rs = (name: string, replicas: number) => ({
  metadata: { name, namespace: 'shop', labels: { app: 'api' }, ownerReferences: owner('Deployment', 'api') },
  spec: { replicas, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api', 'pod-template-hash': name.slice(4) } },
    spec: { containers: [{ name: 'api', image: 'api:1' }] } } },
  status: { replicas },
});

test('pods keep labels, controller owner, ports, hostNetwork, restartable init containers and IPs; nothing else', () => {
  const running = pod('api-1-a', 'Running', owner('ReplicaSet', 'api-1'), { hostNetwork: true, initContainers: [{ name: 'proxy', image: 'p',
    restartPolicy: 'Always', ports: [{ containerPort: 15001 }] }, { name: 'migrate', image: 'm' }] });
  const text = manifestText(trimAll(objects({ pods: [running] })));
  assert.equal(text, `---
apiVersion: v1
kind: Pod
metadata:
  name: api-1-a
  namespace: shop
  labels:
    app: api
  ownerReferences:
    - apiVersion: apps/v1
      kind: ReplicaSet
      name: api-1
      controller: true
spec:
  hostNetwork: true
  containers:
    - name: api
      ports:
        - name: http
          containerPort: 8080
          protocol: TCP
  initContainers:
    - name: proxy
      restartPolicy: Always
      ports:
        - containerPort: 15001
    - name: migrate
status:
  podIP: 10.0.0.5
  podIPs:
    - ip: 10.0.0.5
`);
});

test('finished pods and ReplicaSets scaled to zero are left out, unless a pod still names the ReplicaSet', () => {
  const trimmed = trimAll(objects({
    pods: [pod('api-1-a', 'Running', owner('ReplicaSet', 'api-1')), pod('job-x', 'Succeeded', undefined), pod('api-0-z', 'Running', owner('ReplicaSet',
      'api-0')), pod('old', 'Failed', undefined)],
    replicasets: [rs('api-1', 1), rs('api-0', 0), rs('api-9', 0)],
  }));
  assert.deepEqual(trimmed.map((o) => `${o.kind} ${(o.metadata as Json).name}`), ['ReplicaSet api-1', 'ReplicaSet api-0', 'Pod api-1-a', 'Pod api-0-z']);
});

test('a CronJob\'s running pod is one workload with the CronJob; a finished Job is left out', () => {
  const cronOwner = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', controller: true }];
  const jobOwner = (name: string) => [{ apiVersion: 'batch/v1', kind: 'Job', name, controller: true }];
  const template = { metadata: { labels: { app: 'report' } }, spec: { containers: [{ name: 'r', image: 'r' }] } };
  const files = toManifestFiles('ctx', objects({
    cronjobs: [{ metadata: { name: 'report', namespace: 'shop' }, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template } } } }],
    jobs: [
      { metadata: { name: 'report-1', namespace: 'shop', ownerReferences: cronOwner }, spec: { template }, status: { succeeded: 1 } },
      { metadata: { name: 'report-2', namespace: 'shop', ownerReferences: cronOwner }, spec: { template }, status: { active: 1 } },
    ],
    pods: [{ ...pod('report-2-x', 'Running', jobOwner('report-2')), metadata: { name: 'report-2-x', namespace: 'shop', labels: { app: 'report' },
      ownerReferences: jobOwner('report-2') } }],
  }));
  const text = files.map((f) => f.text).join('');
  assert.doesNotMatch(text, /report-1/);
  const s = snapshotOf(Object.fromEntries(files.map((f) => [f.file, f.text])));
  assert.deepEqual(s.workloads.map((w) => `${w.namespace}/${w.name} ${w.kind} ${w.ips.length}`), ['shop/report CronJob 1']);
});

test('the engine reads the files back: a Deployment\'s pods are one workload, named ports resolve', () => {
  const files = toManifestFiles('ctx', objects({
    namespaces: [{ metadata: { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop', team: 'a' } }, spec: {}, status: {} }],
    deployments: [{ metadata: { name: 'api', namespace: 'shop' }, spec: { replicas: 2, selector: { matchLabels: { app: 'api' } },
      template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'api:1' }] } } } }],
    replicasets: [rs('api-1', 2), rs('api-0', 0)],
    pods: [pod('api-1-a', 'Running', owner('ReplicaSet', 'api-1')), pod('api-1-b', 'Running', owner('ReplicaSet', 'api-1'))],
  }));
  assert.deepEqual(files.map((f) => f.file), ['cluster://ctx/namespace-shop.yaml', 'cluster://ctx/namespaces.yaml']);
  const s = snapshotOf(Object.fromEntries(files.map((f) => [f.file, f.text])));
  assert.deepEqual(s.workloads.map((w) =>
    `${w.namespace}/${w.name} ${w.kind} ${[...w.labels].map(([k, v]) => `${k}=${v}`).join(',')} ${w.ports.map((p) => `${p.name}:${p.port}`).join(',')}`),
    ['shop/api Deployment app=api http:8080']);
  assert.equal(s.namespaces.get('shop')?.labels.get('team'), 'a');
});
