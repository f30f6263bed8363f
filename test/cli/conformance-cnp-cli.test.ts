// The ClusterNetworkPolicy conformance tables again, through `netpol-lens flows --format json`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../helpers/fixtures';
import { runCli } from '../helpers/run-cli';

interface FlowsJson {
  workloads: { namespace: string; name: string; kind: string }[];
  flows: { from: { workload?: string }; to: { workload?: string }; allowed: 'all' | { protocol: string; ports: [number, number][] }[] }[];
}

interface Probe { from: string; to: string; protocol: string; port: number; allowed: boolean; subtest: number }

const dir = fixture('conformance-cnp');
for (const id of readdirSync(dir).filter((d) => d.startsWith('cnp-')).sort()) {
  test(`flows --format json: ${id}`, () => {
    const expected = JSON.parse(readFileSync(join(dir, id, 'expected.json'), 'utf8')) as { probes: Probe[] };
    const run = runCli(['flows', '--format', 'json', join(dir, id)]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as FlowsJson;
    assert.equal(json.workloads.length, 10);
    const pairs = new Map(json.flows.filter((f) => f.from.workload && f.to.workload).map((f) => [`${f.from.workload} ${f.to.workload}`, f.allowed]));
    const mismatches: string[] = [];
    for (const p of expected.probes) {
      const allowed = pairs.get(`${p.from} ${p.to}`);
      const ok = allowed === 'all' || (allowed ?? []).some((a) => a.protocol === p.protocol && a.ports.some(([lo, hi]) => p.port >= lo && p.port <= hi));
      if (ok !== p.allowed) mismatches.push(`subtest ${p.subtest} ${p.protocol}/${p.port} ${p.from} -> ${p.to}: expected ${p.allowed}`);
    }
    assert.deepEqual(mismatches, []);
  });
}
