// The upstream Kubernetes e2e NetworkPolicy scenarios, cell by cell, through the public engine API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { allowedPorts, type Protocol } from '../../server/src/engine/index';
import { fixture, workload, workspaceOfDir } from '../helpers/fixtures';

/** One conformance scenario's expectations. */
export interface Expected {
  id: string;
  pods: string[];
  probes: { protocol: Protocol; port: number; rows: Record<string, string> }[];
}

const dir = fixture('conformance');
const scenarios = readdirSync(dir).filter((d) => d.startsWith('e2e-'));

test('all conformance scenarios are present', () => {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { id: string }[];
  assert.equal(scenarios.length, index.length);
  assert.ok(scenarios.length >= 40);
});

for (const id of scenarios) {
  test(`conformance ${id}`, () => {
    const expected = JSON.parse(readFileSync(join(dir, id, 'expected.json'), 'utf8')) as Expected;
    const s = workspaceOfDir(join(dir, id)).snapshot();
    const mismatches: string[] = [];
    for (const probe of expected.probes) {
      for (const from of expected.pods) {
        const row = probe.rows[from]!;
        expected.pods.forEach((to, i) => {
          const want = row[i];
          if (want === '-') return;
          const got = allowedPorts(s, { workload: workload(s, from) }, { workload: workload(s, to) }).has(probe.protocol, probe.port) ? '1' : '0';
          if (got !== want) mismatches.push(`${probe.protocol}/${probe.port} ${from} -> ${to}: expected ${want}, got ${got}`);
        });
      }
    }
    assert.deepEqual(mismatches, []);
  });
}
