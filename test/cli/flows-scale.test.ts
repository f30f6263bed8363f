// `flows` at scale: thousands of mutually reachable workloads are written as they are computed,
// in chunks, with no call that takes one argument per pair (which overflowed the stack).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../server/src/cli/args';
import { runFlows } from '../../server/src/cli/flows-command';
import { loadWorkspace } from '../../server/src/cli/load';
import { makeStyle } from '../../server/src/cli/style';
import { writeOpenWorkloads } from '../../bench/open-workloads';

const N = 2000;
const dir = mkdtempSync(join(tmpdir(), 'netpol-open-'));
writeOpenWorkloads(dir, N);

/** Runs `flows` in this process (cli.ts would run itself in a bundle); the output is counted, never kept. */
async function run(argv: string[]) {
  let lines = 0, flows = 0, chunks = 0, largest = 0, head = '';
  const args = parseArgs([...argv, dir], {}, false);
  const loaded = await loadWorkspace(args.paths, {});
  const code = runFlows(args, loaded, makeStyle(false), (c) => {
    chunks++;
    // A chunk ends between items, so no entry is split across two.
    flows += c.split('"allowed": ').length - 1;
    largest = Math.max(largest, c.length);
    if (head.length < 2000) head += c.slice(0, 2000);
    for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) lines++;
  });
  return { code, lines, flows, chunks, largest, head };
}

test(`flows text at ${N} open workloads: every pair, one line each, written in chunks`, async () => {
  const r = await run(['flows']);
  assert.equal(r.code, 0);
  // Each pair of distinct workloads, and each workload to and from anywhere outside.
  assert.equal(r.lines, N * (N - 1) + 2 * N);
  assert.ok(r.chunks > 100 && r.largest < 1 << 20, `${r.chunks} chunks, the largest ${r.largest} characters`);
  assert.match(r.head, /^ns-0\/w-0 \(Deployment\) +-> {2}ns-0\/w-10 \(Deployment\) +all ports\n/);
});

test(`flows --format json at ${N} open workloads is streamed in bounded chunks`, async () => {
  // --namespace keeps the pairs with a side in ns-0: 2 * 200 * 1999 - 200 * 199 of them.
  const r = await run(['flows', '--format', 'json', '--namespace', 'ns-0']);
  assert.equal(r.code, 0);
  assert.ok(r.chunks > 100 && r.largest < 1 << 20, `${r.chunks} chunks, the largest ${r.largest} characters`);
  assert.equal(r.flows, 2 * 200 * (N - 1) - 200 * 199 + 2 * 200);
  assert.match(r.head, /^\{\n {2}"workloads": \[\n {4}\{\n {6}"namespace": "ns-0",\n/);
});

test(`flows --group namespace at ${N} open workloads: one agreeing row per namespace pair`, async () => {
  const r = await run(['flows', '--group', 'namespace']);
  assert.equal(r.code, 0);
  assert.equal(r.lines, 10 * 10 + 2 * 10);
  assert.match(r.head, /^ns-0\/\* +-> {2}ns-0\/\* +all ports\n/);
});
