// The engine's diff of two snapshots: each kind of change against its expected JSON (UPDATE_EXPECT=1
// rewrites them), and every result checked against a brute-force comparison of both sides' flows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { changeJson, computeFlows, diffFlows, flowJson, workloadDiff, type Snapshot } from '../../server/src/engine/index';
import { fixture, snapshotOf, workspaceOfDir } from '../helpers/fixtures';

const CASES = ['opened', 'closed', 'changed-ports', 'workload-added', 'workload-removed', 'policy-added', 'policy-removed', 'mixed'];
const snap = (name: string): Snapshot => workspaceOfDir(fixture('diff', name)).snapshot();

/** The diff as the CLI's JSON would hold it. */
function diffJson(before: Snapshot, after: Snapshot): unknown {
  const w = workloadDiff(before, after);
  const name = (x: { namespace: string; name: string }) => `${x.namespace}/${x.name}`;
  return { changes: Array.from(diffFlows(before, after), changeJson), workloads: { added: w.added.map(name), removed: w.removed.map(name) } };
}

/**
 * The reference: both sides' full flow lists keyed by endpoints, compared; external ranges are
 * compared address by address at every boundary of either side, so only workload pairs are keyed.
 */
function bruteForce(before: Snapshot, after: Snapshot): Map<string, [string, string]> {
  const side = (s: Snapshot) => {
    const m = new Map<string, string>();
    for (const f of computeFlows(s)) {
      const j = flowJson(f);
      if ('ipRange' in j.from || 'ipRange' in j.to) continue;
      m.set(JSON.stringify([j.from, j.to]), JSON.stringify(j.allowed));
    }
    return m;
  };
  const b = side(before), a = side(after);
  const out = new Map<string, [string, string]>();
  for (const k of new Set([...b.keys(), ...a.keys()])) if (b.get(k) !== a.get(k)) out.set(k, [b.get(k) ?? 'null', a.get(k) ?? 'null']);
  return out;
}

test('each kind of change gives its expected diff (opened, closed, changed ports, workloads and policies added and removed)', () => {
  const base = snap('base');
  for (const c of CASES) {
    const got = diffJson(base, snap(c));
    const file = fixture('diff-expected', `${c}.json`);
    if (process.env.UPDATE_EXPECT) writeFileSync(file, `${JSON.stringify(got, null, 2)}\n`);
    assert.deepEqual(got, JSON.parse(readFileSync(file, 'utf8')), c);
  }
});

test('workload pairs of the diff are exactly the pairs whose flows differ, both ways, with the sets of each side', () => {
  const names = ['base', ...CASES];
  for (const x of names) {
    for (const y of names) {
      const before = snap(x), after = snap(y);
      const expected = bruteForce(before, after);
      const got = new Map<string, [string, string]>();
      for (const c of diffFlows(before, after)) {
        const j = changeJson(c);
        if ('ipRange' in j.from || 'ipRange' in j.to) continue;
        got.set(JSON.stringify([j.from, j.to]), [JSON.stringify(j.before), JSON.stringify(j.after)]);
      }
      assert.deepEqual(got, expected, `${x} -> ${y}`);
    }
  }
});

test('a diff of a snapshot with itself, or with the same objects moved in their files, is empty', () => {
  const base = readFileSync(fixture('diff', 'base', 'policies.yaml'), 'utf8');
  const workloads = readFileSync(fixture('diff', 'base', 'workloads.yaml'), 'utf8');
  const a = snapshotOf({ 'p.yaml': base, 'w.yaml': workloads });
  const moved = snapshotOf({ 'q.yaml': `# a comment moves every span\n${base}`, 'w.yaml': workloads.replace('team: shop', 'team: "shop"') });
  assert.deepEqual(diffJson(a, a), { changes: [], workloads: { added: [], removed: [] } });
  assert.deepEqual(diffJson(a, moved), { changes: [], workloads: { added: [], removed: [] } });
});

test('a namespace label change is seen through selectors of unchanged policies', () => {
  const dir = fixture('diff', 'opened');
  const files = { 'p.yaml': readFileSync(join(dir, 'policies.yaml'), 'utf8'), 'w.yaml': readFileSync(join(dir, 'workloads.yaml'), 'utf8') };
  const before = snapshotOf(files);
  const after = snapshotOf({ ...files, 'w.yaml': files['w.yaml'].replace('team: payments', 'team: billing') });
  const changes = Array.from(diffFlows(before, after), changeJson);
  assert.deepEqual(changes, [{
    from: { workload: 'payments/worker', kind: 'Deployment' }, to: { workload: 'shop/api', kind: 'Deployment' },
    before: [{ protocol: 'TCP', ports: [[8080, 8080]] }], after: null,
  }]);
});

test('external ranges are cut where either side changes and joined where both agree', () => {
  const ranges = Array.from(diffFlows(snap('base'), snap('policy-added')), changeJson).map((c) => [c.to, c.before, c.after]);
  assert.deepEqual(ranges, [
    [{ ipRange: '0.0.0.0-9.255.255.255' }, 'all', null],
    [{ ipRange: '10.0.0.0-10.255.255.255' }, 'all', [{ protocol: 'TCP', ports: [[443, 443]] }]],
    [{ ipRange: '11.0.0.0-255.255.255.255' }, 'all', null],
  ]);
});

test('an IPv6 block added to one policy does not read as every other workload opened to IPv6', () => {
  const dir = fixture('diff', 'policy-added');
  const files = { 'p.yaml': readFileSync(join(dir, 'policies.yaml'), 'utf8'), 'w.yaml': readFileSync(join(dir, 'workloads.yaml'), 'utf8') };
  const after = snapshotOf({ ...files, 'p.yaml': files['p.yaml'].replace('cidr: 10.0.0.0/8', 'cidr: fd00::/8') });
  const changes = Array.from(diffFlows(snapshotOf(files), after), changeJson);
  assert.ok(changes.length > 0);
  for (const c of changes) assert.deepEqual(c.from, { workload: 'payments/worker', kind: 'Deployment' }, JSON.stringify(c));
});
