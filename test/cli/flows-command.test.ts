// `flows` output written as a stream: the same bytes as the whole-array JSON and text it
// replaced, in the same order, and the `--group namespace` view on the example shop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareFlows, externalRanges, allowedPorts, flowsToJson, usedFamilies, type Flow, type FlowFilter,
  type Snapshot } from '../../server/src/engine/index';
import { writeFlowsJson, writeFlowsText, writeGroupsJson, writeGroupsText, peerText } from '../../server/src/cli/flows-command';
import { makeStyle } from '../../server/src/cli/style';
import { ROOT, fixture, snapshotOf, workspaceOfDir } from '../helpers/fixtures';

const collect = (write: (out: (c: string) => void) => void): string => {
  const chunks: string[] = [];
  write((c) => void chunks.push(c));
  return chunks.join('');
};

/** The flows as they were computed before streaming: every pair, then one stable sort. */
function referenceFlows(s: Snapshot, filter: FlowFilter): Flow[] {
  const keep = (w: Snapshot['workloads'][number]) => (!filter.namespace || w.namespace === filter.namespace);
  const out: Flow[] = [];
  for (const from of s.workloads) {
    for (const to of s.workloads) {
      if (from === to || !(keep(from) || keep(to))) continue;
      const allowed = allowedPorts(s, { workload: from }, { workload: to });
      if (!allowed.isEmpty()) out.push({ from: { workload: from }, to: { workload: to }, allowed });
    }
    if (keep(from)) for (const r of externalRanges(s, from, 'egress', usedFamilies(s)))
      out.push({ from: { workload: from }, to: { range: r.range }, allowed: r.allowed });
  }
  for (const to of s.workloads) {
    if (keep(to)) for (const r of externalRanges(s, to, 'ingress', usedFamilies(s)))
      out.push({ from: { range: r.range }, to: { workload: to }, allowed: r.allowed });
  }
  return out.sort(compareFlows);
}

function referenceText(flows: Flow[]): string {
  if (flows.length === 0) return 'No connection is allowed.\n';
  const rows = flows.map((f) => [peerText(f.from), peerText(f.to), f.allowed.describe()]);
  const w0 = rows.reduce((w, r) => Math.max(w, r[0]!.length), 0);
  const w1 = rows.reduce((w, r) => Math.max(w, r[1]!.length), 0);
  return rows.map(([a, b, c]) => `${a!.padEnd(w0)}  ->  ${b!.padEnd(w1)}  ${c}`).join('\n') + '\n';
}

const conformance = readdirSync(fixture('conformance')).filter((d) => d.startsWith('e2e-')).map((d) => fixture('conformance', d));
// One workload written in two files (two workloads with one key), and a workload that reaches nothing.
const twice = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: lg}\nspec:\n  template:\n    metadata: {labels: {app: lg}}\n';
const other = 'apiVersion: v1\nkind: Pod\nmetadata: {name: db, labels: {app: db}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n'
  + ('metadata: {name: p}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress: [{ports: [{port: 5432}]}]\n' +
    '  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]\n');
const snapshots: [string, Snapshot][] = [
  ['examples/shop', workspaceOfDir(join(ROOT, 'examples', 'shop')).snapshot()],
  // Labels that differ keep the two definitions of lg apart, as two workloads with one key.
  ['duplicates', snapshotOf({ 'a.yaml': twice, 'b.yaml': twice.replace('app: lg', 'app: lg, v: b'), 'c.yaml': twice.replace('lg', 'lg2'), 'd.yaml': other })],
  ['empty', snapshotOf({})],
  ...conformance.map((d) => [d, workspaceOfDir(d).snapshot()] as [string, Snapshot]),
];

test('streamed flows JSON and text are byte for byte what the whole-array versions printed', () => {
  const plain = makeStyle(false);
  for (const [name, s] of snapshots) {
    for (const filter of [{}, { namespace: 'default' }, { namespace: 'shop' }]) {
      const flows = referenceFlows(s, filter);
      assert.equal(collect((out) => writeFlowsJson(s, filter, out)), JSON.stringify(flowsToJson(s, flows, filter), null, 2) + '\n', name);
      assert.equal(collect((out) => writeFlowsText(s, filter, plain, out)), referenceText(flows), name);
    }
  }
});

test('flows --group namespace on the example shop: agreeing rows give the set, the others say they vary', () => {
  const s = snapshots[0]![1];
  const text = collect((out) => writeGroupsText(s, {}, makeStyle(false), out));
  assert.match(text, /^shop\/\* +-> {2}kube-system\/\* +TCP 53 · UDP 53$/m);
  assert.match(text, /^shop\/\* +-> {2}shop\/\* +varies: 1 of 2 pairs allow something$/m);
  assert.match(text, /^0\.0\.0\.0\/0 \(anywhere\) +-> {2}web\/\* +all ports$/m);
  assert.doesNotMatch(text, /^shop\/\* +-> {2}0\.0\.0\.0/m, 'shop reaches no address outside');
  const json = JSON.parse(collect((out) => writeGroupsJson(s, {}, out)));
  assert.deepEqual(Object.keys(json), ['namespaces', 'groups']);
  assert.deepEqual(json.namespaces.find((n: { namespace: string }) => n.namespace === 'shop'), { namespace: 'shop', workloads: 2 });
  const shop = json.groups.find((g: { from: { namespace?: string }; to: { namespace?: string } }) => g.from.namespace === 'shop' && g.to.namespace === 'shop');
  assert.deepEqual(shop, { from: { namespace: 'shop' }, to: { namespace: 'shop' }, pairs: 2, allowedPairs: 1, allowed: 'varies' });
  const dns = json.groups.find((g: { from: { namespace?: string }; to: { namespace?: string } }) => g.from.namespace === 'shop' &&
    g.to.namespace === 'kube-system');
  assert.deepEqual(dns, { from: { namespace: 'shop' }, to: { namespace: 'kube-system' }, pairs: 2, allowedPairs: 2,
    allowed: [{ protocol: 'TCP', ports: [[53, 53]] }, { protocol: 'UDP', ports: [[53, 53]] }] });
  const outside = json.groups.find((g: { from: { ipRange?: string }; to: { namespace?: string } }) => g.from.ipRange && g.to.namespace === 'web');
  assert.deepEqual(outside, { from: { ipRange: '0.0.0.0-255.255.255.255' }, to: { namespace: 'web' }, pairs: 1, allowedPairs: 1, allowed: 'all' });
});

test('flows --group: a workload that allows another set to an external range makes the row vary', () => {
  const s = snapshots[1]![1];
  const json = JSON.parse(collect((out) => writeGroupsJson(s, {}, out)));
  const toOutside = json.groups.filter((g: { from: { namespace?: string }; to: { ipRange?: string } }) => g.from.namespace === 'default' && g.to.ipRange);
  // lg, lg, lg2 reach anywhere; db reaches 10.0.0.0/8 only: neither range is listed by all four.
  assert.equal(s.workloads.filter((w) => w.name === 'lg').length, 2);
  assert.deepEqual(toOutside.map((g: { to: { ipRange: string }; pairs: number; allowedPairs: number; allowed: unknown }) =>
    [g.to.ipRange, g.pairs, g.allowedPairs, g.allowed]), [
    ['0.0.0.0-255.255.255.255', 4, 3, 'varies'],
    ['10.0.0.0-10.255.255.255', 4, 1, 'varies'],
  ]);
});

test('--group takes only namespace, and only for flows', async () => {
  const { parseArgs, UsageError } = await import('../../server/src/cli/args');
  assert.equal(parseArgs(['flows', '--group', 'namespace'], {}, false).group, 'namespace');
  assert.equal(parseArgs(['flows', '--group=namespace', '--format', 'json'], {}, false).group, 'namespace');
  assert.throws(() => parseArgs(['flows', '--group', 'workload'], {}, false), (e) => e instanceof UsageError && /--group must be namespace/.test(e.message));
  assert.throws(() => parseArgs(['check', '--group', 'namespace'], {}, false), (e) => e instanceof UsageError && /only for flows/.test(e.message));
});
