// The conformance tables again, this time through `netpol-lens flows --format json`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../helpers/fixtures';
import { runCli } from '../helpers/run-cli';

interface FlowsJson {
  workloads: { namespace: string; name: string; kind: string }[];
  flows: { from: { workload?: string; ipRange?: string }; to: { workload?: string; ipRange?: string };
    allowed: 'all' | { protocol: string; ports: [number, number][] }[] }[];
}

const dir = fixture('conformance');
for (const id of readdirSync(dir).filter((d) => d.startsWith('e2e-'))) {
  test(`flows --format json: ${id}`, () => {
    const expected = JSON.parse(readFileSync(join(dir, id, 'expected.json'), 'utf8')) as { pods: string[];
      probes: { protocol: string; port: number; rows: Record<string, string> }[] };
    const run = runCli(['flows', '--format', 'json', join(dir, id)]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as FlowsJson;
    assert.equal(json.workloads.length, 9);
    const pairs = new Map(json.flows.filter((f) => f.from.workload && f.to.workload).map((f) => [`${f.from.workload} ${f.to.workload}`, f.allowed]));
    const mismatches: string[] = [];
    for (const probe of expected.probes) {
      for (const from of expected.pods) {
        expected.pods.forEach((to, i) => {
          const want = probe.rows[from]![i];
          if (want === '-') return;
          const allowed = pairs.get(`${from} ${to}`);
          const ok = allowed === 'all' || (allowed ?? []).some((a) => a.protocol === probe.protocol &&
            a.ports.some(([lo, hi]) => probe.port >= lo && probe.port <= hi));
          if ((ok ? '1' : '0') !== want) mismatches.push(`${probe.protocol}/${probe.port} ${from} -> ${to}: expected ${want}`);
        });
      }
    }
    assert.deepEqual(mismatches, []);
  });
}
