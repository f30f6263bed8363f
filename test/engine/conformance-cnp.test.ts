// The ClusterNetworkPolicy conformance suite (Admin and Baseline tiers with NetworkPolicies between),
// probe by probe through the public engine API. Every table runs, the experimental ones included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { allowedPorts, type Protocol } from '../../server/src/engine/index';
import { fixture, workload, workspaceOfDir } from '../helpers/fixtures';

/** One step of an upstream test: its probes, each a connection with the verdict upstream expects. */
export interface CnpExpected {
  id: string;
  experimental: boolean;
  skip?: string;
  probes: { from: string; to: string; protocol: Protocol; port: number; allowed: boolean; subtest: number }[];
}

const dir = fixture('conformance-cnp');
const tables = readdirSync(dir).filter((d) => d.startsWith('cnp-')).sort();

test('every ClusterNetworkPolicy conformance table is present and none is skipped', () => {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { steps?: { id: string }[] }[] | { tests: unknown[] };
  const ids = JSON.stringify(index);
  for (const id of tables) assert.ok(ids.includes(id), `${id} is not in index.json`);
  assert.equal(tables.length, 62);
  let probes = 0;
  for (const id of tables) {
    const e = JSON.parse(readFileSync(join(dir, id, 'expected.json'), 'utf8')) as CnpExpected;
    assert.equal(e.skip, undefined, id);
    probes += e.probes.length;
  }
  assert.equal(probes, 301);
});

for (const id of tables) {
  test(`cnp conformance ${id}`, () => {
    const expected = JSON.parse(readFileSync(join(dir, id, 'expected.json'), 'utf8')) as CnpExpected;
    const s = workspaceOfDir(join(dir, id)).snapshot();
    assert.ok(s.clusterPolicies.length > 0, 'the table has cluster policies');
    const mismatches: string[] = [];
    for (const p of expected.probes) {
      const got = allowedPorts(s, { workload: workload(s, p.from) }, { workload: workload(s, p.to) }).has(p.protocol, p.port);
      if (got !== p.allowed) mismatches.push(`subtest ${p.subtest} ${p.protocol}/${p.port} ${p.from} -> ${p.to}: expected ${p.allowed}, got ${got}`);
    }
    assert.deepEqual(mismatches, []);
  });
}
