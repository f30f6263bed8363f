// countMatched (peer-count.ts) counts on the index what listing every peer's matches would give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { countMatched, type PeerAnalysis, type Snapshot } from '../../server/src/engine/index';
import { fixture, snapshotOf, workspaceOfDir } from '../helpers/fixtures';

function compareAll(s: Snapshot, where: string): number {
  let compared = 0;
  for (const p of s.policies) {
    const a = s.analyze(p);
    for (const rules of [a.ingress, a.egress]) {
      const peers: PeerAnalysis[] = rules.flatMap((ra) => ra.peers ?? []);
      const sets = [peers, ...rules.map((ra) => ra.peers ?? [])];
      for (const ps of sets) {
        assert.equal(countMatched(s, ps), new Set(ps.flatMap((x) => x.workloads)).size, `${where}: ${p.namespace}/${p.name}`);
        compared++;
      }
    }
  }
  return compared;
}

test('countMatched equals the distinct listed matches on the describe fixtures and every conformance scenario', () => {
  let compared = compareAll(workspaceOfDir(fixture('describe')).snapshot(), 'describe');
  for (const id of readdirSync(fixture('conformance')).filter((n) => n.startsWith('e2e-')))
    compared += compareAll(workspaceOfDir(fixture('conformance', id)).snapshot(), id);
  assert.ok(compared > 100, `compared ${compared} peer sets`);
});

test('countMatched: overlapping selector and ipBlock peers count each workload once', () => {
  const pod = (name: string, labels: string, ip: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: a, labels: {${labels}}}\nspec: {containers: [{name: c}]}\nstatus: {podIP: ${ip}}\n---\n`;
  const s = snapshotOf({ 'a.yaml': pod('x', 'app: x', '10.0.0.1') + pod('y', 'app: y', '10.0.0.2') + pod('z', 'app: z', '10.9.0.3')
    + ('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec:\n  podSelector: {}\n  ingress:\n' +
      '    - from: [{podSelector: {matchLabels: {app: x}}}, {podSelector: {matchExpressions: [{key: app, operator: In, values: [x, y]}]}}, {ipBlock: {cidr: ' +
      '10.0.0.0/24}}, {namespaceSelector: {matchLabels: {none: here}}}]\n') });
  const peers = s.analyze(s.policies[0]!).ingress[0]!.peers!;
  assert.equal(countMatched(s, peers), 2);
  assert.equal(compareAll(s, 'overlap') > 0, true);
});
