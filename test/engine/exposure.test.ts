// exposure(snapshot): each kind of open-ended peer, as the whole list of sentences of a fixture
// (UPDATE_EXPECT=1 rewrites expected.txt), and what is not open-ended left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { exposure, exposureJson, exposureText } from '../../server/src/engine/index';
import { fixture, snapshotOf, workspaceOfDir } from '../helpers/fixtures';

test('every kind of exposure in the fixture, in flows order, ingress before egress', () => {
  const s = workspaceOfDir(fixture('exposure')).snapshot();
  const got = exposure(s).map((e) => `${e.workload.namespace}/${e.workload.name} ${exposureText(e)}`).join('\n') + '\n';
  const file = fixture('exposure', 'expected.txt');
  if (process.env.UPDATE_EXPECT) writeFileSync(file, got);
  assert.equal(got, readFileSync(file, 'utf8'));
});

test('peers pinned to namespaces by name, pod-only peers and invalid peers are not exposures', () => {
  const pol = (from: string) => snapshotOf({
    'w.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n, labels: {app: a}}\n',
    'p.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: n}\n'
      + `spec:\n  podSelector: {}\n  ingress:\n    - from: [${from}]\n`,
  });
  const ingress = (from: string) => exposure(pol(from)).filter((e) => e.direction === 'ingress').map(exposureText);
  assert.deepEqual(ingress('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}}'), []);
  assert.deepEqual(ingress('{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [x, y]}]}}'), []);
  assert.deepEqual(ingress('{podSelector: {}}'), []);
  assert.deepEqual(ingress('{namespaceSelector: {matchExpressions: [{key: team, operator: Bogus}]}}'), []);
  assert.deepEqual(ingress('{ipBlock: {cidr: 10.0.0.0/33}}'), []);
  // A NotIn on the name is open-ended: every namespace but those, future ones included.
  assert.deepEqual(ingress('{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}}'),
    ['ingress open to every namespace with kubernetes.io/metadata.name absent or not in (x), including future ones, on all ports']);
  // Two rules with the same peer are one exposure, their ports united.
  const two = pol('{namespaceSelector: {}}]\n      ports: [{port: 80}]\n    - from: [{namespaceSelector: {}}]\n      ports: [{port: 81}');
  assert.deepEqual(exposure(two).filter((e) => e.direction === 'ingress').map(exposureText),
    ['ingress open to every namespace, including future ones, on TCP 80-81']);
});

test('the JSON of an exposure names the peer kind, selectors, ports and policies', () => {
  const s = workspaceOfDir(fixture('exposure')).snapshot();
  const api = exposure(s).filter((e) => e.workload.name === 'api').map(exposureJson);
  assert.deepEqual(api.map((e) => e.peer), [
    { kind: 'any-namespace' },
    { kind: 'any-namespace', podSelector: 'app=prometheus' },
    { kind: 'labelled-namespaces', namespaceSelector: 'team=payments' },
    { kind: 'labelled-namespaces', namespaceSelector: 'env absent or not in (prod)', podSelector: 'role=probe' },
    { kind: 'addresses', cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] },
    { kind: 'labelled-namespaces', namespaceSelector: 'team=data' },
    { kind: 'addresses', cidr: '0.0.0.0/0', except: [] },
  ]);
  const egress = api.find((e) => e.direction === 'egress')!;
  assert.deepEqual(egress, {
    workload: 'shop/api', kind: 'Deployment', direction: 'egress', peer: { kind: 'labelled-namespaces', namespaceSelector: 'team=data' },
    allowed: [{ protocol: 'TCP', ports: [[5432, 5432]] }], namedPorts: ['TCP/postgres'], policies: ['shop/api-ingress'],
    text: 'egress open to every namespace labelled team=data, including future ones, on TCP 5432 and TCP port named postgres',
  });
});
